"""Exchange rates to the home currency: read a rates file and convert amounts with it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import polars as pl

from laoke.fileio.errors import FileReadError
from laoke.fileio.headers import detect_mapping
from laoke.fileio.parsing import CURRENCY_CODE_PATTERN, currency_expr, number_expr, parse_dates
from laoke.fileio.readers import ROW_COLUMN, read_table

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


def read_rates(path: str | Path) -> pl.DataFrame:
    """Read a rates table (CSV or XLSX): ``currency, rate_to_home[, valid_from]``.

    ``rate_to_home`` is how many units of home currency one unit of ``currency`` is worth
    (home USD: ``EUR,1.08``). With ``valid_from`` a rate applies from that date until the next
    one of the same currency. Any bad row makes the whole file unusable (``FileReadError``).
    """
    table = read_table(path)
    mapping = detect_mapping(table.columns, RATE_HEADERS)
    missing = [f for f in ("currency", "rate_to_home") if f not in mapping]
    if missing:
        raise FileReadError(
            "rates_columns",
            "The rates file needs the columns currency and rate_to_home "
            f"(found: {', '.join(table.columns)}).",
            "汇率文件需要 currency（币种）和 rate_to_home（汇率）两列"
            f"（现有列：{'、'.join(table.columns)}）。",
        )
    frame = table.frame.select(
        pl.col(ROW_COLUMN),
        currency_expr(mapping["currency"]).alias("currency"),
        number_expr(mapping["rate_to_home"]).alias("rate_to_home"),
        pl.col(mapping["valid_from"]).alias("valid_from_text")
        if "valid_from" in mapping
        else pl.lit(None, pl.String).alias("valid_from_text"),
    )
    valid_from, date_errors = parse_dates(frame["valid_from_text"])
    frame = frame.with_columns(valid_from.alias("valid_from"), date_errors.alias("date_error"))
    bad = frame.filter(
        ~pl.col("currency").fill_null("").str.contains(CURRENCY_CODE_PATTERN)
        | pl.col("rate_to_home").is_null()
        | (pl.col("rate_to_home") <= 0)
        | pl.col("date_error").is_not_null()
    )
    if bad.height:
        rows = ", ".join(str(r) for r in bad[ROW_COLUMN].head(10).to_list())
        raise FileReadError(
            "bad_rates",
            f"The rates file has bad rows (row {rows}): each needs a currency code, "
            "a rate above 0, and a valid date if any.",
            f"汇率文件有错误的行（第 {rows} 行）：每行需要币种代码、大于 0 的汇率，以及有效日期（如填写）。",
        )
    return frame.select(list(RATES_SCHEMA)).cast(RATES_SCHEMA)  # type: ignore[arg-type]


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
