"""Writing spreadsheets that are safe to open: no cell can start a formula (CSV/formula injection).

Spreadsheet programs treat a cell that begins with ``=``, ``+``, ``-``, ``@`` (or a tab or
carriage return followed by one of those) as a formula, so a customer named ``=HYPERLINK(...)``
would run when a manager opens the export. :func:`safe_cell` prefixes such text with an
apostrophe (OWASP's advice); numbers, dates and booleans are left as they are. No Django here.

Every spreadsheet Laoke hands to a user (downloads and the files its commands write) is written
here: :func:`write_xlsx_book` / :func:`write_xlsx` / :func:`xlsx_bytes` for Excel,
:func:`write_csv` / :func:`csv_bytes` / :func:`write_csv_file` for CSV. Nothing else in
``src/laoke`` calls ``csv.writer`` or ``xlsxwriter`` for a user's file
(``tests/security/test_safe_files.py`` opens every download and command output to check).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import xlsxwriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""First characters that make a spreadsheet read a cell as a formula (also the full-width forms)."""

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def safe_text(text: str) -> str:
    """``text`` with an apostrophe in front when it would start a formula."""
    if text and (text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS)):
        return "'" + text
    return text


def safe_cell(value: Any) -> Any:
    """A cell value that cannot run as a formula: text is neutralised, other types pass through.

    ``None``, numbers (``int``, ``float``, ``Decimal``), dates, datetimes and booleans are
    returned unchanged; everything else is turned into text and neutralised by :func:`safe_text`.
    """
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date | dt.datetime):
        return value
    return safe_text(str(value))


@dataclass
class Sheet:
    """One worksheet: a header row, data rows, optional column widths and number formats.

    ``autofilter`` puts filter buttons on the header row; ``freeze_columns`` keeps that many
    columns in view when scrolling sideways (the header row is always frozen).
    """

    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: dict[int, float] = field(default_factory=dict)
    number_formats: dict[int, str] = field(default_factory=dict)
    autofilter: bool = False
    freeze_columns: int = 0


def _sheet_name(name: str, used: set[str]) -> str:
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip("'")[:31] or "Sheet"
    base, n = clean, 2
    while clean.lower() in used:
        suffix = f" ({n})"
        clean, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(clean.lower())
    return clean


def write_xlsx_book(target: str | Path | IO[bytes], sheets: Sequence[Sheet]) -> int:
    """Write the sheets to an .xlsx file or binary stream; returns the number of data rows written.

    Text goes in with ``write_string`` (never parsed as a formula) after :func:`safe_cell`.
    """
    options = {"in_memory": True, "remove_timezone": True, "strings_to_formulas": False}
    book = xlsxwriter.Workbook(str(target) if isinstance(target, Path) else target, options)
    bold = book.add_format({"bold": True, "bg_color": "#E9ECEF"})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    datetime_format = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    formats: dict[str, Any] = {}
    used: set[str] = set()
    total = 0
    for spec in sheets:
        sheet = book.add_worksheet(_sheet_name(spec.name, used))
        sheet.write_row(0, 0, [safe_text(str(h)) for h in spec.headers], bold)
        for col, width in spec.widths.items():
            sheet.set_column(col, col, width)
        for fmt in spec.number_formats.values():
            formats.setdefault(fmt, book.add_format({"num_format": fmt}))
        r = 0
        for r, row in enumerate(spec.rows, start=1):
            for c, raw in enumerate(row):
                value = safe_cell(raw)
                if value is None:
                    continue
                if isinstance(value, bool):
                    sheet.write_boolean(r, c, value)
                elif isinstance(value, int | float | Decimal):
                    num_fmt = spec.number_formats.get(c)
                    sheet.write_number(r, c, float(value), formats[num_fmt] if num_fmt else None)
                elif isinstance(value, dt.datetime):
                    sheet.write_datetime(r, c, value, datetime_format)
                elif isinstance(value, dt.date):
                    sheet.write_datetime(r, c, value, date_format)
                else:
                    sheet.write_string(r, c, value)
        total += r
        if spec.autofilter and spec.headers:
            sheet.autofilter(0, 0, max(r, 1), len(spec.headers) - 1)
        sheet.freeze_panes(1, spec.freeze_columns)
    book.close()
    return total


def write_xlsx(
    target: str | Path | IO[bytes],
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet: str = "Sheet1",
    widths: dict[int, float] | None = None,
    number_formats: dict[int, str] | None = None,
) -> int:
    """Write one sheet to an .xlsx file or binary stream; returns the number of data rows."""
    spec = Sheet(sheet, headers, rows, dict(widths or {}), dict(number_formats or {}))
    return write_xlsx_book(target, [spec])


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]], **kwargs: Any) -> bytes:
    """The bytes of a one-sheet .xlsx workbook (see :func:`write_xlsx` for the options)."""
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, rows, **kwargs)
    return buffer.getvalue()


def xlsx_book_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The bytes of an .xlsx workbook of several sheets (see :func:`write_xlsx_book`)."""
    buffer = io.BytesIO()
    write_xlsx_book(buffer, sheets)
    return buffer.getvalue()


def _csv_value(value: Any) -> str:
    value = safe_cell(value)
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_csv(target: IO[str], headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write a CSV to a text stream with every cell neutralised; returns the number of data rows."""
    writer = csv.writer(target)
    writer.writerow([_csv_value(h) for h in headers])
    n = 0
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
        n += 1
    return n


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """The CSV as UTF-8 with a byte-order mark, so Excel shows Chinese text correctly."""
    buffer = io.StringIO()
    write_csv(buffer, headers, rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_csv_file(path: str | Path, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write a CSV file (UTF-8 with a byte-order mark, for Excel) with every cell neutralised.

    Returns the number of data rows written.
    """
    with Path(path).open("w", encoding="utf-8-sig", newline="") as out:
        return write_csv(out, headers, rows)
