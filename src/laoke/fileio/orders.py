"""Read an order file (one row per order line, or per order) into the canonical order-line frame.

See ``docs/import.md`` for the file format users are told about.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import polars as pl

from laoke.core.schema import ORDER_LINE_SCHEMA
from laoke.fileio.common import RowErrorsMixin, concat_errors, errors_where, field_frame
from laoke.fileio.countries import unknown_countries_message
from laoke.fileio.errors import FileReadError, Notice
from laoke.fileio.headers import ORDER_HEADERS, detect_mapping
from laoke.fileio.parsing import (
    CURRENCY_CODE_PATTERN,
    country_expr,
    currency_expr,
    parse_dates,
    parse_numbers,
)
from laoke.fileio.rates import RatesInput, lookup_rates, rates_frame
from laoke.fileio.readers import RawTable, read_table

#: Columns the importer needs beyond the canonical frame, aligned row by row with it.
ORDER_EXTRAS_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "source_row": pl.Int64,
    "customer_name": pl.String,
    "product_name": pl.String,
    "payment_terms": pl.String,
    "due_date": pl.Date,
    "paid_date": pl.Date,
}

#: Retail skip reasons, in the order they are tested (a row counts under the first that applies).
RETAIL_SKIP_ORDER = ("cancelled", "no_customer", "non_positive_quantity", "non_positive_price")

_TEXT_FIELDS = list(ORDER_HEADERS)
_NUMBER_FIELDS = ("quantity", "unit_price", "amount", "cost", "margin", "line_no")
_DATE_FIELDS = ("order_date", "due_date", "paid_date")


@dataclass
class OrderFileResult(RowErrorsMixin):
    """What :func:`read_order_file` found.

    ``frame`` holds the good lines (not skipped, no error) in the columns of
    ``laoke.core.schema.ORDER_LINE_SCHEMA``; ``extras`` holds, row for row, the file's row number
    and the fields the database import needs beyond the core (customer and product names,
    payment terms, due and paid dates). ``error_frame`` lists every error; ``errors`` the first
    ``max_errors`` of them as :class:`RowError`.
    """

    frame: pl.DataFrame
    extras: pl.DataFrame
    error_frame: pl.DataFrame
    skipped: dict[str, int]
    rows_total: int
    mapping: dict[str, str]
    table: RawTable
    warnings: list[str] = field(default_factory=list)
    max_errors: int = 1000

    @property
    def rows_skipped(self) -> int:
        """Rows left out by the retail conventions."""
        return sum(self.skipped.values())

    def lines_with_extras(self) -> pl.DataFrame:
        """The canonical columns and the extras side by side."""
        return pl.concat([self.frame, self.extras], how="horizontal")


def read_order_file(
    source: str | Path | IO[bytes],
    *,
    mapping: Mapping[str, str] | None = None,
    rates: RatesInput | None = None,
    home_currency: str = "USD",
    default_currency: str | None = None,
    retail_conventions: bool = False,
    day_first: bool | None = None,
    require_amount: bool = True,
    name: str | None = None,
    sheet: str | None = None,
) -> OrderFileResult:
    """Read an order file (CSV, CSV.GZ, XLSX, XLS) into canonical order lines and row errors.

    Parameters
    ----------
    source : path or binary file object
        The file; a file object needs ``name`` for its type.
    mapping : mapping of column → field, optional
        Explicit column mapping; wins over header detection.
    rates : rates frame, ``{"EUR": 1.08}`` or a rates file, optional
        Rates to the home currency (see :func:`laoke.fileio.rates.read_rates`).
    home_currency : str
        ISO code amounts are converted to.
    default_currency : str, optional
        Currency of rows without one (the home currency when omitted).
    retail_conventions : bool
        Skip cancellations (invoice starting with ``C``), rows without a customer, and rows with
        quantity or unit price ≤ 0, counting each reason (UCI Online Retail conventions).
    day_first : bool, optional
        How to read ``05/01/2024``; detected from the file when omitted.
    require_amount : bool
        Refuse a file that has neither an amount nor quantity and unit price (timing-only files such
        as the grocery log can be read for analysis with ``False``).

    Raises
    ------
    FileReadError
        When the file cannot be read or lacks a required column.
    """
    table = read_table(source, name=name, sheet=sheet)
    fields = detect_mapping(table.columns, ORDER_HEADERS, mapping)
    if "customer_id" not in fields and "customer_name" in fields:
        fields["customer_id"] = fields["customer_name"]
    if "product" not in fields and "product_name" in fields:
        fields["product"] = fields["product_name"]
    has_amount = "amount" in fields or {"quantity", "unit_price"} <= fields.keys()
    _check_required(table, fields, require_amount=require_amount and not has_amount)
    text = field_frame(table, fields, _TEXT_FIELDS)
    home = home_currency.upper()
    parsed, errors = _parse(text, day_first=day_first, home_currency=(default_currency or home).upper())
    parsed = _number_lines(parsed, explicit="line_no" in fields)
    skip = _retail_skip_reason(parsed) if retail_conventions else pl.lit(None, pl.String)
    parsed = parsed.with_columns(skip.alias("skip"))
    # A missing amount is an error only where amounts are needed (not for a timing-only backtest).
    errors.extend(
        _line_checks(parsed, has_amount=has_amount and require_amount, explicit_lines="line_no" in fields)
    )
    parsed = parsed.with_columns(lookup_rates(parsed, rates_frame(rates), home_currency=home))
    errors.append(
        errors_where(
            parsed,
            pl.col("rate").is_null()
            & pl.col("currency").str.contains(CURRENCY_CODE_PATTERN)
            & pl.col("order_date").is_not_null(),
            "currency",
            "missing_rate",
            currency=pl.col("currency"),
            date=pl.col("order_date").cast(pl.String),
        )
    )
    error_frame = concat_errors(errors)
    error_frame = (
        error_frame.join(parsed.select("row", "skip"), on="row", how="left")
        .filter(pl.col("skip").is_null())
        .drop("skip")
    )
    skipped_counts = parsed.group_by("skip").len().drop_nulls("skip")
    skipped = {reason: 0 for reason in RETAIL_SKIP_ORDER} if retail_conventions else {}
    skipped.update(dict(zip(skipped_counts["skip"].to_list(), skipped_counts["len"].to_list(), strict=True)))
    good = parsed.filter(
        pl.col("skip").is_null() & ~pl.col("row").is_in(error_frame["row"].unique().implode())
    )
    good = _convert(good)
    frame = good.select(list(ORDER_LINE_SCHEMA)).cast(ORDER_LINE_SCHEMA)  # type: ignore[arg-type]
    extras = good.select(pl.col("row").alias("source_row"), *list(ORDER_EXTRAS_SCHEMA)[1:]).cast(
        ORDER_EXTRAS_SCHEMA  # type: ignore[arg-type]
    )
    warnings = _warnings(parsed, fields)
    return OrderFileResult(
        frame=frame,
        extras=extras,
        error_frame=error_frame,
        skipped=skipped,
        rows_total=table.frame.height,
        mapping=fields,
        table=table,
        warnings=warnings,
    )


def _check_required(table: RawTable, fields: Mapping[str, str], *, require_amount: bool) -> None:
    missing = [f for f in ("customer_id", "order_date") if f not in fields]
    if require_amount:
        missing.append("amount")
    if missing:
        from laoke.fileio.errors import field_label

        names_en = ", ".join(field_label(f) for f in missing)
        names_zh = "、".join(field_label(f, "zh") for f in missing)
        raise FileReadError(
            "missing_columns",
            f"No column for: {names_en}. Columns in the file: {', '.join(table.columns)}. "
            "Name them with a mapping, e.g. --map 'Kunde=customer_id'.",
            f"找不到这些字段的列：{names_zh}。文件中的列：{'、'.join(table.columns)}。"
            "请用映射指定，例如 --map '客户=customer_id'。",
        )


def _parse(
    text: pl.DataFrame, *, day_first: bool | None, home_currency: str
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """Parse every field; return the parsed frame and the format errors found."""
    errors: list[pl.DataFrame] = []
    columns: dict[str, pl.Series] = {}
    for name in _DATE_FIELDS:
        dates, codes = parse_dates(text[name], day_first=day_first)
        columns[name] = dates
        errors.append(_code_errors(text, codes, name))
    for name in _NUMBER_FIELDS:
        numbers, codes = parse_numbers(text[name])
        columns[name] = numbers
        errors.append(_code_errors(text, codes, name))
    parsed = text.with_columns(
        **{
            f"{n}_text": pl.col(n)
            for n in ("currency", "amount", "country", "order_date", "quantity", "unit_price")
        },
        **columns,
    ).with_columns(
        currency_expr("currency").fill_null(pl.lit(home_currency)).alias("currency"),
        country_expr("country").alias("country"),
    )
    errors.append(
        errors_where(
            parsed,
            ~pl.col("currency").str.contains(CURRENCY_CODE_PATTERN),
            "currency",
            "bad_currency",
            value=pl.col("currency_text"),
        )
    )
    return parsed, errors


def _code_errors(text: pl.DataFrame, codes: pl.Series, name: str) -> pl.DataFrame:
    frame = text.select("row", pl.col(name).alias("value")).with_columns(codes.alias("code"))
    return errors_where(frame, pl.col("code").is_not_null(), name, pl.col("code"), value=pl.col("value"))


def _number_lines(parsed: pl.DataFrame, *, explicit: bool) -> pl.DataFrame:
    """``line_no``: from the file when it has a line column, else the position inside the order.

    Lines without an order number are grouped by customer and date, the key the importer uses to
    derive a stable order number. Positions count every row of the file, skipped or not, so they
    do not change with the options.
    """
    key = (
        pl.when(pl.col("order_id").is_null())
        .then(
            pl.concat_str(
                [pl.lit("\x00"), pl.col("customer_id"), pl.col("order_date").cast(pl.String)],
                ignore_nulls=True,
            )
        )
        .otherwise(pl.col("order_id"))
    )
    position = (pl.int_range(pl.len()).over(key) + 1).cast(pl.Int64)
    if explicit:
        # A blank line cell falls back to the position; a clash is reported as a duplicate line.
        line = pl.coalesce(pl.col("line_no").round(0).cast(pl.Int64), position)
        return parsed.with_columns(line.alias("line_no"))
    return parsed.with_columns(position.alias("line_no"))


def _retail_skip_reason(parsed: pl.DataFrame) -> pl.Expr:
    return (
        pl.when(pl.col("order_id").str.starts_with("C").fill_null(False))
        .then(pl.lit("cancelled"))
        .when(pl.col("customer_id").is_null())
        .then(pl.lit("no_customer"))
        .when((pl.col("quantity") <= 0).fill_null(False))
        .then(pl.lit("non_positive_quantity"))
        .when((pl.col("unit_price") <= 0).fill_null(False))
        .then(pl.lit("non_positive_price"))
    )


def _line_checks(parsed: pl.DataFrame, *, has_amount: bool, explicit_lines: bool) -> list[pl.DataFrame]:
    """Missing required values, an order shared by two customers, a line number used twice."""
    errors = [
        errors_where(parsed, pl.col("customer_id").is_null(), "customer_id", "missing_value"),
        errors_where(
            parsed,
            pl.col("order_date").is_null() & pl.col("order_date_text").is_null(),
            "order_date",
            "missing_value",
        ),
    ]
    if has_amount:
        derived = (pl.col("quantity") * pl.col("unit_price")).round(2)
        parsed_amount = pl.coalesce(pl.col("amount"), derived)
        errors.append(
            errors_where(
                parsed,
                parsed_amount.is_null()
                & pl.col("amount_text").is_null()
                & (pl.col("quantity_text").is_null() | pl.col("unit_price_text").is_null()),
                "amount",
                "missing_value",
            )
        )
    live = parsed.filter(
        pl.col("skip").is_null() & pl.col("order_id").is_not_null() & pl.col("customer_id").is_not_null()
    )
    first_customer = pl.col("customer_id").first().over("order_id")
    errors.append(
        errors_where(
            live,
            pl.col("customer_id") != first_customer,
            "customer_id",
            "order_conflict",
            order=pl.col("order_id"),
            other=first_customer,
        )
    )
    if explicit_lines:
        errors.append(
            errors_where(
                live,
                pl.col("line_no").is_not_null() & (pl.int_range(pl.len()).over("order_id", "line_no") > 0),
                "line_no",
                "duplicate_line",
                order=pl.col("order_id"),
                line=pl.col("line_no"),
            )
        )
    return errors


def _convert(good: pl.DataFrame) -> pl.DataFrame:
    """Amounts in the original currency → home currency (rounded to cents)."""
    original = pl.coalesce(pl.col("amount"), (pl.col("quantity") * pl.col("unit_price")).round(2))
    cost_original = pl.coalesce(pl.col("cost"), original - pl.col("margin"))
    return good.with_columns(
        original.alias("amount_original"),
        (original * pl.col("rate")).round(2).alias("amount"),
        (cost_original * pl.col("rate")).round(2).alias("cost"),
    )


def _warnings(parsed: pl.DataFrame, fields: Mapping[str, str]) -> list[str]:
    """Facts the user should know that are not row errors (unknown country names)."""
    warnings: list[str] = []
    if "country" in fields:
        unknown = (
            parsed.filter(pl.col("country").is_null() & pl.col("country_text").is_not_null())
            .group_by("country_text")
            .len()
            .sort("len", descending=True)
        )
        if unknown.height:
            warnings.append(Notice(*unknown_countries_message(list(unknown.iter_rows()))))
    return warnings
