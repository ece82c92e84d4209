"""What an import page shows before importing: columns, the detected mapping, a few rows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

from laoke.fileio.errors import shorten
from laoke.fileio.headers import CUSTOMER_HEADERS, ORDER_HEADERS, detect_mapping
from laoke.fileio.readers import ROW_COLUMN, read_table


@dataclass(frozen=True)
class FilePreview:
    """The columns of a file, which field each maps to, what required field has no column."""

    columns: list[str]
    mapping: dict[str, str]  # field → column
    unmapped_columns: list[str]
    missing_required: list[str]
    sample: list[dict[str, str | None]]  # the first rows, keyed by column, long cells shortened
    rows_total: int
    encoding: str
    delimiter: str | None

    @property
    def column_fields(self) -> dict[str, str]:
        """Column → field (the inverse of ``mapping``)."""
        return {column: field_name for field_name, column in self.mapping.items()}


def preview_file(
    source: str | Path | IO[bytes],
    *,
    kind: Literal["orders", "customers"] = "orders",
    mapping: Mapping[str, str] | None = None,
    name: str | None = None,
    sample_rows: int = 10,
) -> FilePreview:
    """Read a file and report its detected column mapping without validating rows."""
    table = read_table(source, name=name)
    synonyms = ORDER_HEADERS if kind == "orders" else CUSTOMER_HEADERS
    fields = detect_mapping(table.columns, synonyms, mapping)
    if kind == "orders":
        if "customer_id" not in fields and "customer_name" in fields:
            fields["customer_id"] = fields["customer_name"]
        has_amount = "amount" in fields or {"quantity", "unit_price"} <= fields.keys()
        missing = [f for f in ("customer_id", "order_date") if f not in fields]
        if not has_amount:
            missing.append("amount")
    else:
        if "customer_id" not in fields and "name" in fields:
            fields["customer_id"] = fields["name"]
        missing = [] if "customer_id" in fields else ["customer_id"]
    used = set(fields.values())
    return FilePreview(
        columns=table.columns,
        mapping=fields,
        unmapped_columns=[c for c in table.columns if c not in used],
        missing_required=missing,
        sample=[
            {column: shorten(value) for column, value in row.items()}
            for row in table.frame.drop(ROW_COLUMN).head(sample_rows).iter_rows(named=True)
        ],
        rows_total=table.frame.height,
        encoding=table.encoding,
        delimiter=table.delimiter,
    )
