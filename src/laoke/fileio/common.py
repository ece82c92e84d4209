"""Pieces shared by the order-file and customer-file readers: field frames and error frames."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from laoke.fileio.errors import RowError
from laoke.fileio.readers import ROW_COLUMN, RawTable

#: Errors are kept as a frame (a million bad rows must not become a million objects).
ERROR_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "row": pl.Int64,
    "field": pl.String,
    "code": pl.String,
    "value": pl.String,
    "currency": pl.String,
    "date": pl.String,
    "order": pl.String,
    "other": pl.String,
    "line": pl.String,
    "choices": pl.String,
    "low": pl.String,
    "high": pl.String,
    "first": pl.String,
}
_PARAM_COLUMNS = ("value", "currency", "date", "order", "other", "line", "choices", "low", "high", "first")


def field_frame(table: RawTable, mapping: Mapping[str, str], fields: list[str]) -> pl.DataFrame:
    """The mapped columns renamed to their fields (``None`` columns for unmapped fields)."""
    return table.frame.select(
        pl.col(ROW_COLUMN).cast(pl.Int64).alias("row"),
        *[(pl.col(mapping[f]) if f in mapping else pl.lit(None, pl.String)).alias(f) for f in fields],
    )


def errors_where(
    frame: pl.DataFrame, condition: pl.Expr, field: str, code: pl.Expr | str, **params: pl.Expr
) -> pl.DataFrame:
    """An error frame with one error for each row of ``frame`` where ``condition`` holds."""
    code_expr = pl.lit(code) if isinstance(code, str) else code
    columns = {name: params.get(name, pl.lit(None, pl.String)).cast(pl.String) for name in _PARAM_COLUMNS}
    return (
        frame.filter(condition)
        .select(pl.col("row"), pl.lit(field).alias("field"), code_expr.alias("code"), **columns)
        .cast(ERROR_SCHEMA)  # type: ignore[arg-type]
    )


def concat_errors(parts: list[pl.DataFrame]) -> pl.DataFrame:
    """All error frames in one, sorted by row."""
    if not parts:
        return pl.DataFrame(schema=ERROR_SCHEMA)
    return pl.concat(parts, how="vertical").sort("row", "field", maintain_order=True)


def error_list(errors: pl.DataFrame, mapping: Mapping[str, str], limit: int | None = None) -> list[RowError]:
    """Error frame → :class:`RowError` objects (the first ``limit`` ones)."""
    rows = errors if limit is None else errors.head(limit)
    result = []
    for record in rows.iter_rows(named=True):
        params = {k: record[k] for k in _PARAM_COLUMNS if record[k] is not None}
        field = record["field"]
        result.append(
            RowError(
                row=record["row"],
                column=mapping.get(field, field),
                field=field,
                code=record["code"],
                params=params,
            )
        )
    return result


class RowErrorsMixin:
    """Row-error views shared by the order and customer file results.

    The result dataclasses provide ``error_frame`` (one row per error), ``mapping`` and
    ``max_errors``.
    """

    error_frame: pl.DataFrame
    mapping: dict[str, str]
    max_errors: int

    @property
    def errors(self) -> list[RowError]:
        """The first ``max_errors`` row errors, in row order."""
        return error_list(self.error_frame, self.mapping, self.max_errors)

    @property
    def error_count(self) -> int:
        """How many errors there are in all (a row may have several)."""
        return self.error_frame.height

    @property
    def rejected_rows(self) -> list[int]:
        """Row numbers (as in the file) with at least one error."""
        return self.error_frame["row"].unique().sort().to_list()
