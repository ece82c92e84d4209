"""Write the rejected rows of a file, with their errors, so the user can fix and re-import them."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import polars as pl

from laoke.fileio.common import error_list
from laoke.fileio.customers import CustomerFileResult
from laoke.fileio.export import write_csv_file
from laoke.fileio.orders import OrderFileResult
from laoke.fileio.readers import ROW_COLUMN

REJECT_COLUMNS = ("row", "error_column", "error")
#: A cell that is a plain decimal number (a spreadsheet reads it as a number, never as a formula).
PLAIN_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")


def write_rejects(result: OrderFileResult | CustomerFileResult, path: str | Path, *, lang: str = "en") -> int:
    """Write the rejected rows (original columns + ``row``, ``error_column``, ``error``) as UTF-8 CSV.

    A row with several errors appears once, its errors joined with ``"; "``. The file opens in
    Excel (UTF-8 with BOM); text that would run as a formula is neutralised (an apostrophe in
    front), headers included. Returns the number of rows written.
    """
    rows = result.rejected_rows
    errors = error_list(result.error_frame, result.mapping)
    by_row: dict[int, tuple[list[str], list[str]]] = {}
    for error in errors:
        columns, messages = by_row.setdefault(error.row, ([], []))
        if error.column not in columns:
            columns.append(error.column)
        messages.append(f"{error.column}: {error.message(lang)}")
    notes = pl.DataFrame(
        {
            ROW_COLUMN: rows,
            "error_column": ["; ".join(by_row[r][0]) for r in rows],
            "error": ["; ".join(by_row[r][1]) for r in rows],
        },
        schema={
            ROW_COLUMN: result.table.frame.schema[ROW_COLUMN],
            "error_column": pl.String,
            "error": pl.String,
        },
    )
    rejected = result.table.frame.join(notes, on=ROW_COLUMN, how="inner").sort(ROW_COLUMN)
    rejected = rejected.select(
        *result.table.columns, pl.col(ROW_COLUMN).alias("row"), "error_column", "error"
    )
    write_csv_file(path, rejected.columns, ([_cell(v) for v in row] for row in rejected.iter_rows()))
    return rejected.height


def _cell(value: object) -> object:
    """A cell of the file as read; a plain number such as ``-12.5`` stays a number when written.

    Everything else goes through :func:`laoke.fileio.export.safe_cell`, so a rejected customer
    named ``=HYPERLINK(...)`` (or a column called ``@SUM(1)``) is written neutralised.
    """
    if isinstance(value, str) and PLAIN_NUMBER.fullmatch(value):
        return Decimal(value)
    return value
