"""What the import page shows before importing, and the company's home currency."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Literal

from laoke.company.currency import home_currency
from laoke.fileio.preview import FilePreview, preview_file

__all__ = ["home_currency", "preview_import"]


def preview_import(
    source: str | Path | IO[bytes],
    *,
    kind: Literal["orders", "customers"] = "orders",
    mapping: dict[str, str] | None = None,
    name: str | None = None,
    sample_rows: int = 10,
) -> FilePreview:
    """The file's columns, the detected mapping (field → column), missing required fields, a sample.

    Raises ``laoke.fileio.FileReadError`` when the file cannot be read.
    """
    return preview_file(source, kind=kind, mapping=mapping, name=name, sample_rows=sample_rows)
