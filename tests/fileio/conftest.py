"""Helpers that write small order files in the formats exporters send."""

from __future__ import annotations

import gzip
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
import xlsxwriter


@pytest.fixture
def write_text(tmp_path: Path) -> Callable[..., Path]:
    """Write ``text`` to a file in ``encoding`` (gzipped when the name ends in .gz)."""

    def write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        data = text.encode(encoding)
        path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
        return path

    return write


@pytest.fixture
def write_xlsx(tmp_path: Path) -> Callable[..., Path]:
    """Write rows (first row = headers) to an .xlsx workbook; dates stay real Excel dates."""

    def write(name: str, rows: Sequence[Sequence[object]], *, date_columns: Sequence[int] = ()) -> Path:
        path = tmp_path / name
        workbook = xlsxwriter.Workbook(str(path))
        sheet = workbook.add_worksheet("订单")
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if r and c in date_columns:
                    sheet.write_datetime(r, c, value, date_format)
                else:
                    sheet.write(r, c, value)
        workbook.close()
        return path

    return write
