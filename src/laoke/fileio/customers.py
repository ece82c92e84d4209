"""Read a customer list (CSV/XLSX) into the canonical customer frame plus row errors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import polars as pl

from laoke.fileio.common import RowErrorsMixin, concat_errors, errors_where, field_frame
from laoke.fileio.countries import unknown_countries_message
from laoke.fileio.errors import FileReadError, Notice
from laoke.fileio.headers import CUSTOMER_HEADERS, detect_mapping
from laoke.fileio.parsing import CURRENCY_CODE_PATTERN, country_expr, currency_expr, number_expr
from laoke.fileio.readers import RawTable, read_table

#: What the customer reader returns, one row per good customer row.
CUSTOMER_FILE_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "source_row": pl.Int64,
    "customer_id": pl.String,
    "name": pl.String,
    "country": pl.String,
    "currency": pl.String,
    "kind": pl.String,
    "payment_terms": pl.String,
    "credit_days": pl.Int64,
    "owner": pl.String,
    "relationship_level": pl.Int64,
    "market_trend": pl.Int64,
    "lifespan_risk": pl.Int64,
    "delivery_sensitivity": pl.Int64,
    "headcount": pl.Int64,
    "turnover": pl.Float64,
    "founded_year": pl.Int64,
    "source_channel": pl.String,
    "notes": pl.String,
    "is_target": pl.Boolean,
}

#: Words users write → the codes of ``laoke.customers.models`` choices (kept in step by a test).
KIND_WORDS = {
    "distributor": "distributor",
    "经销商": "distributor",
    "分销商": "distributor",
    "代理商": "distributor",
    "importer": "importer",
    "进口商": "importer",
    "brandowner": "brand_owner",
    "brand": "brand_owner",
    "品牌商": "brand_owner",
    "品牌方": "brand_owner",
    "branduser": "brand_user",
    "品牌使用商": "brand_user",
    "贴牌客户": "brand_user",
    "enduser": "end_user",
    "终端用户": "end_user",
    "终端客户": "end_user",
    "最终用户": "end_user",
    "trader": "trader",
    "贸易商": "trader",
    "中间商": "trader",
}
PAYMENT_TERMS_WORDS = {
    "ttadvance": "TT_ADVANCE",
    "ttinadvance": "TT_ADVANCE",
    "100ttinadvance": "TT_ADVANCE",
    "前tt": "TT_ADVANCE",
    "预付": "TT_ADVANCE",
    "预付款": "TT_ADVANCE",
    "款到发货": "TT_ADVANCE",
    "tt": "TT",
    "电汇": "TT",
    "30tt": "TT",
    "30deposit": "TT",
    "lc": "LC",
    "信用证": "LC",
    "lcatsight": "LC",
    "即期信用证": "LC",
    "dp": "DP",
    "付款交单": "DP",
    "da": "DA",
    "承兑交单": "DA",
    "oa": "OA",
    "openaccount": "OA",
    "赊销": "OA",
    "月结": "OA",
    "放账": "OA",
}
SOURCE_WORDS = {
    "search": "search",
    "b2b": "search",
    "alibaba": "search",
    "阿里巴巴": "search",
    "搜索": "search",
    "平台": "search",
    "internal": "internal",
    "内部": "internal",
    "field": "field",
    "tradefair": "field",
    "fair": "field",
    "exhibition": "field",
    "展会": "field",
    "地推": "field",
    "referral": "referral",
    "转介绍": "referral",
    "介绍": "referral",
    "老客户介绍": "referral",
    "influencer": "influencer",
    "influential": "influencer",
    "名人": "influencer",
    "other": "other",
    "其他": "other",
}
_TRUE_WORDS = {
    "1": True,
    "yes": True,
    "y": True,
    "true": True,
    "是": True,
    "0": False,
    "no": False,
    "n": False,
    "false": False,
    "否": False,
}

#: Integer fields and their allowed range.
_INT_RANGES: dict[str, tuple[int, int]] = {
    "credit_days": (0, 3650),
    "relationship_level": (1, 5),
    "market_trend": (-2, 2),
    "lifespan_risk": (1, 5),
    "delivery_sensitivity": (1, 5),
    "headcount": (0, 10_000_000),
    "founded_year": (1800, 2100),
}


@dataclass
class CustomerFileResult(RowErrorsMixin):
    """What :func:`read_customer_file` found: good rows in ``frame``, every error in ``error_frame``."""

    frame: pl.DataFrame
    error_frame: pl.DataFrame
    rows_total: int
    mapping: dict[str, str]
    table: RawTable
    warnings: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    max_errors: int = 1000

    @property
    def rows_skipped(self) -> int:
        """Always 0: customer files have no skip conventions."""
        return 0


def _choice_key(column: str) -> pl.Expr:
    return pl.col(column).str.to_lowercase().str.replace_all(r"[\s_\-/%.]+", "")


def read_customer_file(
    source: str | Path | IO[bytes],
    *,
    mapping: Mapping[str, str] | None = None,
    name: str | None = None,
    sheet: str | None = None,
) -> CustomerFileResult:
    """Read a customer list: code, name, country, currency, kind, owner, payment terms, ratings….

    The code (客户编号) is the key; without a code column the name is used as the code.
    Raises :class:`FileReadError` when the file cannot be read or has no customer column.
    """
    table = read_table(source, name=name, sheet=sheet)
    fields = detect_mapping(table.columns, CUSTOMER_HEADERS, mapping)
    if "customer_id" not in fields and "name" in fields:
        fields["customer_id"] = fields["name"]
    if "customer_id" not in fields:
        raise FileReadError(
            "missing_columns",
            f"No customer code or name column. Columns in the file: {', '.join(table.columns)}.",
            f"找不到客户编号或客户名称列。文件中的列：{'、'.join(table.columns)}。",
        )
    text = field_frame(table, fields, list(CUSTOMER_HEADERS))
    errors: list[pl.DataFrame] = []
    parsed = text.with_columns(
        pl.coalesce("name", "customer_id").alias("name"),
        country_expr("country").alias("country_code"),
        currency_expr("currency").alias("currency_code"),
        _choice_key("kind")
        .replace_strict(KIND_WORDS, default=None, return_dtype=pl.String)
        .alias("kind_code"),
        _choice_key("payment_terms")
        .replace_strict(PAYMENT_TERMS_WORDS, default=None, return_dtype=pl.String)
        .alias("terms_code"),
        _choice_key("source_channel")
        .replace_strict(SOURCE_WORDS, default=None, return_dtype=pl.String)
        .alias("source_code"),
        _choice_key("is_target")
        .replace_strict(_TRUE_WORDS, default=None, return_dtype=pl.Boolean)
        .alias("target"),
        number_expr("turnover").alias("turnover_value"),
        *[number_expr(f).alias(f"{f}_value") for f in _INT_RANGES],
    )
    errors.append(errors_where(parsed, pl.col("customer_id").is_null(), "customer_id", "missing_value"))
    first_row = pl.col("row").first().over("customer_id")
    errors.append(
        errors_where(
            parsed.filter(pl.col("customer_id").is_not_null()),
            pl.col("row") != first_row,
            "customer_id",
            "duplicate_customer",
            value=pl.col("customer_id"),
            first=first_row,
        )
    )
    errors.append(
        errors_where(
            parsed,
            pl.col("currency").is_not_null() & ~pl.col("currency_code").str.contains(CURRENCY_CODE_PATTERN),
            "currency",
            "bad_currency",
            value=pl.col("currency"),
        )
    )
    for name_, code_col, choices in (
        ("kind", "kind_code", sorted(set(KIND_WORDS.values()))),
        ("payment_terms", "terms_code", sorted(set(PAYMENT_TERMS_WORDS.values()))),
        ("source_channel", "source_code", sorted(set(SOURCE_WORDS.values()))),
        ("is_target", "target", ["yes", "no"]),
    ):
        errors.append(
            errors_where(
                parsed,
                pl.col(name_).is_not_null() & pl.col(code_col).is_null(),
                name_,
                "bad_choice",
                value=pl.col(name_),
                choices=pl.lit(", ".join(choices)),
            )
        )
    errors.append(
        errors_where(
            parsed,
            pl.col("turnover").is_not_null() & pl.col("turnover_value").is_null(),
            "turnover",
            "bad_number",
            value=pl.col("turnover"),
        )
    )
    for name_, (low, high) in _INT_RANGES.items():
        value = pl.col(f"{name_}_value")
        errors.append(
            errors_where(
                parsed,
                pl.col(name_).is_not_null() & value.is_null(),
                name_,
                "bad_number",
                value=pl.col(name_),
            )
        )
        errors.append(
            errors_where(
                parsed,
                value.is_not_null() & ((value != value.round(0)) | (value < low) | (value > high)),
                name_,
                "out_of_range",
                value=pl.col(name_),
                low=pl.lit(str(low)),
                high=pl.lit(str(high)),
            )
        )
    error_frame = concat_errors(errors)
    good = parsed.filter(~pl.col("row").is_in(error_frame["row"].unique().implode()))
    frame = good.select(
        pl.col("row").alias("source_row"),
        "customer_id",
        "name",
        pl.col("country_code").alias("country"),
        pl.col("currency_code").alias("currency"),
        pl.col("kind_code").alias("kind"),
        pl.col("terms_code").alias("payment_terms"),
        pl.col("credit_days_value").alias("credit_days"),
        "owner",
        *[
            pl.col(f"{f}_value").alias(f)
            for f in (
                "relationship_level",
                "market_trend",
                "lifespan_risk",
                "delivery_sensitivity",
                "headcount",
            )
        ],
        pl.col("turnover_value").alias("turnover"),
        pl.col("founded_year_value").alias("founded_year"),
        pl.col("source_code").alias("source_channel"),
        "notes",
        pl.col("target").alias("is_target"),
    ).cast(CUSTOMER_FILE_SCHEMA)  # type: ignore[arg-type]
    warnings: list[str] = []
    unknown = (
        parsed.filter(pl.col("country").is_not_null() & pl.col("country_code").is_null())
        .group_by("country")
        .len()
        .sort("len", "country", descending=[True, False])
    )
    if unknown.height:
        warnings.append(Notice(*unknown_countries_message(list(unknown.iter_rows()))))
    return CustomerFileResult(
        frame=frame,
        error_frame=error_frame,
        rows_total=table.frame.height,
        mapping=fields,
        table=table,
        warnings=warnings,
    )
