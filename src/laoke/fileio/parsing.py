"""Vectorised parsing of text cells into dates, numbers, currency and country codes.

Each parser takes a string Series and returns the parsed Series plus, where a cell could not be
parsed, an error code per row (null where the cell is fine or empty). No per-row Python: the
Online Retail file has a million lines.
"""

from __future__ import annotations

import polars as pl

from laoke.fileio.countries import COUNTRY_CODES, ISO_CODES

_EXCEL_EPOCH = pl.date(1899, 12, 30)
_MIN_DATE = pl.date(1900, 1, 1)
_MAX_DATE = pl.date(2100, 12, 31)

#: Currency words and symbols seen in exporters' files → ISO 4217.
CURRENCY_ALIASES = {
    "$": "USD",
    "US$": "USD",
    "USD$": "USD",
    "美元": "USD",
    "美金": "USD",
    "RMB": "CNY",
    "人民币": "CNY",
    "¥": "CNY",
    "￥": "CNY",
    "元": "CNY",
    "€": "EUR",
    "欧元": "EUR",
    "£": "GBP",
    "英镑": "GBP",
    "日元": "JPY",
    "港币": "HKD",
    "港元": "HKD",
    "HK$": "HKD",
    "澳元": "AUD",
    "A$": "AUD",
    "加元": "CAD",
    "C$": "CAD",
    "卢布": "RUB",
    "₽": "RUB",
    "₹": "INR",
    "卢比": "INR",
    "韩元": "KRW",
    "₩": "KRW",
    "雷亚尔": "BRL",
    "R$": "BRL",
    "迪拉姆": "AED",
    "新加坡元": "SGD",
    "瑞士法郎": "CHF",
}
_CURRENCY_ALIASES_UPPER = {alias.upper(): code for alias, code in CURRENCY_ALIASES.items()}

#: A well-formed currency code (whether a rate exists is checked separately).
CURRENCY_CODE_PATTERN = r"^[A-Z]{3}$"


def parse_dates(values: pl.Series, *, day_first: bool | None = None) -> tuple[pl.Series, pl.Series]:
    """Parse dates written in the usual ways; return (dates, error code per row).

    Plain ISO dates (the bulk of most files) take a fast path; the rest go through
    :func:`_parse_dates_slow`, whose docstring lists the accepted forms.
    """
    text = values.cast(pl.String).str.strip_chars()
    frame = (
        pl.DataFrame({"t": text})
        .with_row_index("i")
        .with_columns(pl.col("t").str.slice(0, 10).str.strptime(pl.Date, "%Y-%m-%d", strict=False).alias("d"))
    )
    whole = (pl.col("t").str.len_chars() == 10) | pl.col("t").str.slice(10, 1).is_in([" ", "T"])
    frame = frame.with_columns(
        pl.when(whole & pl.col("d").is_between(_MIN_DATE, _MAX_DATE)).then(pl.col("d")).alias("d")
    )
    rest = frame.filter(pl.col("d").is_null() & pl.col("t").is_not_null())
    if rest.height == 0:
        return frame["d"].alias(values.name), pl.Series(values.name, [None] * len(values), dtype=pl.String)
    slow_dates, slow_errors = _parse_dates_slow(rest["t"], day_first=day_first)
    patch = rest.select("i", slow_dates.alias("d2"), slow_errors.alias("e2"))
    joined = frame.join(patch, on="i", how="left").sort("i")
    return (
        joined.select(pl.coalesce("d", "d2")).to_series().alias(values.name),
        joined["e2"].alias(values.name),
    )


def _parse_dates_slow(values: pl.Series, *, day_first: bool | None = None) -> tuple[pl.Series, pl.Series]:
    """Parse dates written in the usual ways; return (dates, error code per row).

    Accepted: ISO ``2024-01-05`` (with or without a time), ``2024/1/5``, ``2024.1.5``,
    ``2024年1月5日``, ``20240105``, Excel serial numbers, ``5 Jan 2024`` / ``Jan 5, 2024``, and
    ``05/01/2024``. For the last, the order (day/month or month/day) is taken from ``day_first``
    when given, else from the file itself: a first part above 12 proves day/month, a second part
    above 12 proves month/day. Without such proof a cell whose day and month differ is
    reported as ``ambiguous_date``.
    """
    text = values.cast(pl.String).str.strip_chars()
    frame = pl.DataFrame({"t": text})
    norm = (
        pl.col("t")
        .str.replace_all(r"[年月/.]", "-")
        .str.replace_all(r"[日号]", "")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )
    frame = frame.with_columns(norm.alias("n"))
    ymd = (
        pl.col("n")
        .str.extract(r"^(\d{4}-\d{1,2}-\d{1,2})(?:$|[ T])", 1)
        .str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    )
    parts = pl.col("n").str.extract_groups(r"^(\d{1,2})-(\d{1,2})-(\d{4}|\d{2})(?:$|[ T])")
    frame = frame.with_columns(
        ymd.alias("ymd"),
        parts.struct.field("1").cast(pl.Int32).alias("a"),
        parts.struct.field("2").cast(pl.Int32).alias("b"),
        parts.struct.field("3").cast(pl.Int32).alias("y"),
    ).with_columns(pl.when(pl.col("y") < 100).then(pl.col("y") + 2000).otherwise(pl.col("y")).alias("y"))
    if day_first is None:
        proves_day_first = bool(frame.select(((pl.col("a") > 12) & (pl.col("b") <= 12)).any()).item())
        proves_month_first = bool(frame.select(((pl.col("b") > 12) & (pl.col("a") <= 12)).any()).item())
        if proves_day_first != proves_month_first:
            day_first = proves_day_first
    day, month = ("a", "b") if day_first else ("b", "a")
    dmy_text = pl.format("{}-{}-{}", pl.col("y"), pl.col(month), pl.col(day))
    dmy = dmy_text.str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    ambiguous = (
        pl.col("a").is_not_null() & (pl.col("a") <= 12) & (pl.col("b") <= 12) & (pl.col("a") != pl.col("b"))
    )
    if day_first is None:
        dmy = pl.when(ambiguous).then(None).otherwise(dmy)
    serial = pl.col("t").str.extract(r"^(\d{5}(?:\.\d+)?)$", 1).cast(pl.Float64, strict=False)
    serial_date = pl.when(serial.is_between(20000, 80000)).then(
        _EXCEL_EPOCH + pl.duration(days=serial.floor().cast(pl.Int64))
    )
    compact = pl.col("t").str.extract(r"^(\d{8})$", 1).str.strptime(pl.Date, "%Y%m%d", strict=False)
    words = (
        pl.col("t")
        .str.replace_all(r"[-,./]", " ")
        .str.replace_all(r"\s+", " ")
        .str.extract(r"^(\S+ \S+ \d{4})", 1)
    )
    named = pl.coalesce(
        words.str.strptime(pl.Date, "%d %b %Y", strict=False),
        words.str.strptime(pl.Date, "%b %d %Y", strict=False),
        words.str.strptime(pl.Date, "%d %B %Y", strict=False),
        words.str.strptime(pl.Date, "%B %d %Y", strict=False),
    )
    parsed = pl.coalesce(pl.col("ymd"), dmy, serial_date.cast(pl.Date), compact, named)
    parsed = pl.when(parsed.is_between(_MIN_DATE, _MAX_DATE)).then(parsed)
    frame = frame.with_columns(parsed.alias("d"))
    error = (
        pl.when(pl.col("t").is_null() | pl.col("d").is_not_null())
        .then(None)
        .when(ambiguous if day_first is None else pl.lit(False))
        .then(pl.lit("ambiguous_date"))
        .otherwise(pl.lit("bad_date"))
    )
    frame = frame.with_columns(error.alias("e"))
    return frame["d"].alias(values.name), frame["e"].alias(values.name)


def number_expr(column: str) -> pl.Expr:
    """Text → Float64: thousands separators, currency signs, (123) negatives and 1.234,56 handled."""
    text = (
        pl.col(column)
        .str.strip_chars()
        .str.replace(r"^\((.*)\)$", "-$1")
        .str.replace_all(r"(?i)\s|US\$|HK\$|RMB|CNY|USD|EUR|GBP|[$€£¥￥元]", "")
    )
    # 1.234,56 / 1.234.567 / 12,5 are European; a lone 0.001 or 1.234 stays a decimal point.
    european = (
        text.str.contains(r"^[-+]?\d{1,3}(\.\d{3})+,\d+$")
        | text.str.contains(r"^[-+]?\d{1,3}(\.\d{3}){2,}$")
        | text.str.contains(r"^[-+]?\d+,\d{1,2}$")
    )
    cleaned = (
        pl.when(european)
        .then(text.str.replace_all(r"\.", "").str.replace(",", "."))
        .otherwise(text.str.replace_all(",", ""))
    )
    number = cleaned.cast(pl.Float64, strict=False)
    return pl.when(number.is_finite()).then(number)


def parse_numbers(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Parse numbers; return (Float64 values, ``"bad_number"`` where a non-empty cell is not one)."""
    frame = pl.DataFrame({"t": values.cast(pl.String)})
    plain = frame["t"].cast(pl.Float64, strict=False)
    if (
        plain.null_count() == frame["t"].null_count()
        and not plain.is_infinite().any()
        and not plain.is_nan().any()
    ):
        return plain.alias(values.name), pl.Series(values.name, [None] * len(values), dtype=pl.String)
    frame = frame.with_columns(number_expr("t").alias("v"))
    frame = frame.with_columns(
        pl.when(pl.col("t").is_not_null() & pl.col("v").is_null()).then(pl.lit("bad_number")).alias("e")
    )
    return frame["v"].alias(values.name), frame["e"].alias(values.name)


def currency_expr(column: str) -> pl.Expr:
    """Text → ISO 4217 code (upper case); symbols and Chinese names are translated."""
    upper = pl.col(column).str.strip_chars().str.to_uppercase()
    return upper.replace_strict(_CURRENCY_ALIASES_UPPER, default=upper, return_dtype=pl.String)


def country_expr(column: str) -> pl.Expr:
    """Text → ISO 3166-1 alpha-2; an unknown name becomes null (the caller may warn about it).

    The vectorised form of :func:`laoke.fileio.countries.country_code`: a name (English or
    Chinese, see :mod:`laoke.fileio.countries`) wins over a code, so ``UK`` is GB.
    """
    text = pl.col(column).str.strip_chars()
    key = text.str.to_lowercase().str.replace_all(r"[\s.'’_-]+", " ").str.strip_chars()
    by_name = key.replace_strict(COUNTRY_CODES, default=None, return_dtype=pl.String)
    upper = text.str.to_uppercase()
    code = pl.when(upper.is_in(sorted(ISO_CODES))).then(upper)
    return pl.coalesce(by_name, code)
