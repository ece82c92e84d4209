"""Exchange rates to the home currency: read a rates file and convert amounts with it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import polars as pl

from laoke.fileio.common import RowErrorsMixin, concat_errors, errors_where, field_frame
from laoke.fileio.errors import FileReadError
from laoke.fileio.headers import detect_mapping
from laoke.fileio.parsing import CURRENCY_CODE_PATTERN, currency_expr, parse_dates, parse_numbers
from laoke.fileio.readers import read_table

RATES_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "currency": pl.String,
    "rate_to_home": pl.Float64,
    "valid_from": pl.Date,  # null: valid for any date
}

RATE_HEADERS: dict[str, tuple[str, ...]] = {
    "currency": ("currency", "ccy", "code", "币种", "货币"),
    "rate_to_home": ("rate_to_home", "rate", "exchange rate", "fx rate", "汇率", "折算汇率"),
    "valid_from": (
        "valid_from",
        "valid from",
        "from",
        "date",
        "effective date",
        "生效日期",
        "日期",
        "起始日期",
    ),
}

_OPEN_START = dt.date(1, 1, 1)

RatesInput = pl.DataFrame | Mapping[str, float] | str | Path


@dataclass
class RateFileResult(RowErrorsMixin):
    """What :func:`read_rate_file` found: the good rates, every row error, the column mapping."""

    frame: pl.DataFrame
    error_frame: pl.DataFrame
    mapping: dict[str, str]
    rows_total: int
    max_errors: int = 1000


def read_rate_file(
    source: str | Path | IO[bytes],
    *,
    name: str | None = None,
    sheet: str | None = None,
    require_date: bool = False,
    day_first: bool | None = None,
) -> RateFileResult:
    """Read a rates table (CSV or XLSX) into rates and row errors naming the row and the field.

    Headers in English or Chinese (``currency``/``币种``, ``date``/``日期``, ``rate``/``汇率``).
    ``rate_to_home`` is how many units of home currency one unit of ``currency`` is worth. With
    ``require_date`` every row needs a date (the stored rate history); a currency and date given
    twice is an error. ``frame`` holds only the rows without errors.

    Raises
    ------
    FileReadError
        When the file cannot be read or lacks the currency or rate column (or the date column
        with ``require_date``).
    """
    table = read_table(source, name=name, sheet=sheet)
    mapping = detect_mapping(table.columns, RATE_HEADERS)
    required = ("currency", "rate_to_home", "valid_from") if require_date else ("currency", "rate_to_home")
    missing = [f for f in required if f not in mapping]
    if missing:
        raise FileReadError(
            "rates_columns",
            f"The rates file needs the columns currency, date and rate (found: {', '.join(table.columns)}).",
            f"汇率文件需要币种、日期和汇率三列（现有列：{'、'.join(table.columns)}）。",
        )
    text = field_frame(table, mapping, list(RATES_SCHEMA))
    valid_from, date_codes = parse_dates(text["valid_from"], day_first=day_first)
    rate, rate_codes = parse_numbers(text["rate_to_home"])
    parsed = text.with_columns(
        pl.col("currency").alias("currency_text"),
        pl.col("rate_to_home").alias("rate_text"),
        pl.col("valid_from").alias("date_text"),
        currency_expr("currency").alias("currency"),
        rate.alias("rate_to_home"),
        valid_from.alias("valid_from"),
        date_codes.alias("date_code"),
        rate_codes.alias("rate_code"),
    )
    parsed = parsed.with_columns(pl.col("row").first().over("currency", "valid_from").alias("first_row"))
    first_row = pl.col("first_row")
    errors = [
        errors_where(parsed, pl.col("currency_text").is_null(), "currency", "missing_value"),
        errors_where(
            parsed,
            pl.col("currency_text").is_not_null() & ~pl.col("currency").str.contains(CURRENCY_CODE_PATTERN),
            "currency",
            "bad_currency",
            value=pl.col("currency_text"),
        ),
        errors_where(parsed, pl.col("rate_text").is_null(), "rate_to_home", "missing_value"),
        errors_where(
            parsed,
            pl.col("rate_code").is_not_null(),
            "rate_to_home",
            pl.col("rate_code"),
            value=pl.col("rate_text"),
        ),
        errors_where(
            parsed,
            (pl.col("rate_to_home") <= 0).fill_null(False),
            "rate_to_home",
            "not_positive",
            value=pl.col("rate_text"),
        ),
        errors_where(
            parsed,
            pl.col("date_code").is_not_null(),
            "valid_from",
            pl.col("date_code"),
            value=pl.col("date_text"),
        ),
        errors_where(
            parsed.filter(pl.col("currency").is_not_null()),
            (pl.col("row") != first_row) & pl.col("valid_from").is_not_null(),
            "valid_from",
            "duplicate_rate",
            currency=pl.col("currency"),
            date=pl.col("valid_from").cast(pl.String),
            first=first_row,
        ),
    ]
    if require_date:
        errors.append(errors_where(parsed, pl.col("date_text").is_null(), "valid_from", "missing_value"))
    error_frame = concat_errors(errors)
    good = parsed.filter(~pl.col("row").is_in(error_frame["row"].unique().implode()))
    return RateFileResult(
        frame=good.select(list(RATES_SCHEMA)).cast(RATES_SCHEMA),  # type: ignore[arg-type]
        error_frame=error_frame,
        mapping=mapping,
        rows_total=table.frame.height,
    )


def read_rates(path: str | Path) -> pl.DataFrame:
    """Read a rates table (CSV or XLSX): ``currency, rate_to_home[, valid_from]``.

    ``rate_to_home`` is how many units of home currency one unit of ``currency`` is worth
    (home USD: ``EUR,1.08``). With ``valid_from`` a rate applies from that date until the next
    one of the same currency. Any bad row makes the whole file unusable (``FileReadError``, naming
    the first bad rows and their fields).
    """
    result = read_rate_file(path)
    if result.error_count:
        shown = result.errors[:5]
        en = "; ".join(f"row {e.row}, {e.column}: {e.message('en')}" for e in shown)
        zh = "；".join(f"第 {e.row} 行 {e.column}：{e.message('zh-hans')}" for e in shown)
        raise FileReadError(
            "bad_rates",
            f"The rates file has {result.error_count} errors: {en}.",
            f"汇率文件有 {result.error_count} 处错误：{zh}。",
        )
    return result.frame


def rates_frame(rates: RatesInput | None) -> pl.DataFrame:
    """Any accepted form of rates (frame, ``{"EUR": 1.08}``, a file path) → a rates frame."""
    if rates is None:
        return pl.DataFrame(schema=RATES_SCHEMA)
    if isinstance(rates, str | Path):
        return read_rates(rates)
    if isinstance(rates, pl.DataFrame):
        frame = rates
        if "valid_from" not in frame.columns:
            frame = frame.with_columns(pl.lit(None, pl.Date).alias("valid_from"))
        return frame.select(list(RATES_SCHEMA)).cast(RATES_SCHEMA)  # type: ignore[arg-type]
    return pl.DataFrame(
        {"currency": list(rates), "rate_to_home": [float(v) for v in rates.values()], "valid_from": None},
        schema=RATES_SCHEMA,
    )


def lookup_rates(lines: pl.DataFrame, rates: pl.DataFrame, *, home_currency: str) -> pl.Series:
    """The rate to home currency for each row of ``lines`` (columns ``currency``, ``order_date``).

    The home currency always has rate 1. Otherwise the newest rate whose ``valid_from`` is on or
    before the order date (a rate without ``valid_from`` applies to all dates). Null where no rate
    applies or the row has no currency or date.
    """
    keyed = lines.select("currency", "order_date").with_row_index("__i")
    table = rates.with_columns(pl.col("valid_from").fill_null(_OPEN_START)).sort("valid_from")
    wanted = keyed.filter(
        pl.col("currency").is_not_null()
        & pl.col("order_date").is_not_null()
        & (pl.col("currency") != home_currency)
    ).sort("order_date")
    if table.height and wanted.height:
        matched = wanted.join_asof(
            table,
            left_on="order_date",
            right_on="valid_from",
            by="currency",
            strategy="backward",
            check_sortedness=False,
        ).select("__i", "rate_to_home")
    else:
        matched = pl.DataFrame(schema={"__i": pl.UInt32, "rate_to_home": pl.Float64})
    result = keyed.join(matched, on="__i", how="left").sort("__i")
    rate = (
        result.select(
            pl.when(pl.col("currency") == home_currency).then(pl.lit(1.0)).otherwise(pl.col("rate_to_home"))
        )
        .to_series()
        .alias("rate")
    )
    return rate
