"""Dimensions scored from the customer record, contacts, payments and the policy tables.

Personal relationship, payment risk, market trend, lifespan risk, policy risk, currency risk
and delivery sensitivity (000, 002). Risk dimensions are oriented like the others: 100 means
the risk is low.
"""

from __future__ import annotations

import polars as pl

from laoke.core.scorecard.dimension_base import Dimension, combine, explain, lookup, num, ramp
from laoke.core.scorecard.policy import Policy


def normalise_code(column: pl.Expr) -> pl.Expr:
    """Upper-case a code and drop separators: ``"T/T"`` → ``"TT"``, ``" l/c "`` → ``"LC"``."""
    return column.str.to_uppercase().str.replace_all(r"[\s/\.\-_]", "")


def relationship(policy: Policy) -> Dimension:
    """Personal relationship (私人关系): the owner's level 1–5 and contact frequency.

    Contact frequency counts only for a customer with at least one logged contact: a book (or a
    customer) with no contact log says nothing about the relationship, so it is unknown, not 0.
    """
    t = policy.thresholds
    level = pl.col("relationship_level")
    level_score = ramp(level, 1.0, 5.0)
    logged = pl.col("last_contact").is_not_null()
    contacts = pl.col("contacts_recent").fill_null(0)
    contact_score = pl.when(logged).then(ramp(contacts, 0.0, t.contacts_expected))
    score = combine(level_score, contact_score)
    days = t.contact_lookback_days
    level_en = pl.when(level.is_not_null()).then(pl.format("relationship level {}/5", level))
    level_zh = pl.when(level.is_not_null()).then(pl.format("私人关系段位{}/5", level))
    contact_en = pl.when(logged).then(pl.format(f"{{}} contacts in the last {days} days", contacts))
    contact_zh = pl.when(logged).then(pl.format(f"近{days}天联系{{}}次", contacts))
    en = pl.concat_str([level_en, contact_en], separator="; ", ignore_nulls=True)
    zh = pl.concat_str([level_zh, contact_zh], separator="；", ignore_nulls=True)
    known = score.is_not_null()
    return Dimension(
        "relationship",
        score,
        explain(
            known, pl.format("Relationship: {}.", en), "No relationship level set and no contacts logged."
        ),
        explain(known, pl.format("私人关系：{}。", zh), "未设定关系段位，也没有联系记录。"),
    )


#: How normalised payment-terms codes read in explanations (English, Chinese); others show as they are.
TERMS_LABELS: dict[str, tuple[str, str]] = {
    "CIA": ("cash in advance", "预付现金"),
    "TTADVANCE": ("T/T in advance", "T/T 预付"),
    "TT": ("T/T", "T/T 电汇"),
    "LC": ("L/C", "L/C 信用证"),
    "CAD": ("cash against documents", "CAD 交单付现"),
    "DP": ("D/P", "D/P 付款交单"),
    "DA": ("D/A", "D/A 承兑交单"),
    "OA": ("O/A", "O/A 赊销"),
}


def _terms_label(terms: pl.Expr, language: int) -> pl.Expr:
    return terms.replace({code: labels[language] for code, labels in TERMS_LABELS.items()})


def payment_risk(policy: Policy) -> Dimension:
    """Payment risk (付款方式风险): payment terms, days late and overdue amount (002)."""
    t = policy.thresholds
    terms = normalise_code(pl.col("payment_terms"))
    terms_score = lookup(terms, policy.payment_terms, None)
    has_payments = pl.col("payments_due").fill_null(0) > 0
    days_late = pl.col("days_late")
    late_score = pl.when(has_payments).then(ramp(days_late, t.days_late_bad, 0.0))
    overdue = pl.col("overdue_amount").fill_null(0.0)
    base = pl.col("revenue_window").fill_null(0.0).clip(lower_bound=0.0)
    overdue_ratio = (
        pl.when(overdue <= 0).then(0.0).when(base <= 0).then(float("inf")).otherwise(overdue / base)
    )
    overdue_score = pl.when(has_payments).then(ramp(overdue_ratio, t.overdue_ratio_bad, 0.0))
    score = combine(terms_score, late_score, overdue_score)
    en = pl.concat_str(
        [
            pl.when(terms.is_not_null()).then(pl.format("terms {}", _terms_label(terms, 0))),
            pl.when(has_payments).then(pl.format("paid {} days late on average", num(days_late))),
            pl.when(has_payments).then(pl.format("{} overdue", num(overdue))),
        ],
        separator="; ",
        ignore_nulls=True,
    )
    zh = pl.concat_str(
        [
            pl.when(terms.is_not_null()).then(pl.format("付款方式{}", _terms_label(terms, 1))),
            pl.when(has_payments).then(pl.format("平均逾期{}天", num(days_late))),
            pl.when(has_payments).then(pl.format("逾期金额{}", num(overdue))),
        ],
        separator="；",
        ignore_nulls=True,
    )
    known = score.is_not_null()
    return Dimension(
        "payment_risk",
        score,
        explain(
            known,
            pl.format("Payment: {}.", en),
            "No payment terms or payment records, so payment risk is unknown.",
        ),
        explain(known, pl.format("付款：{}。", zh), "没有付款方式或付款记录，付款风险未知。"),
    )


def _rating(
    name: str, column: str, zero_at: float, full_at: float, en: str, zh: str, unknown_en: str, unknown_zh: str
) -> Dimension:
    value = pl.col(column)
    known = value.is_not_null()
    return Dimension(
        name,
        pl.when(known).then(ramp(value, zero_at, full_at)),
        explain(known, pl.format(en, value), unknown_en),
        explain(known, pl.format(zh, value), unknown_zh),
    )


def market_trend() -> Dimension:
    """The customer's own market (客户市场趋势), rated -2 (shrinking fast) … +2 (growing fast)."""
    return _rating(
        "market_trend",
        "market_trend",
        -2.0,
        2.0,
        "The owner rates the customer's market at {} on a -2 (shrinking) to +2 (growing) scale.",
        "负责业务员评估客户市场趋势为{}（-2萎缩至+2增长）。",
        "Market trend not rated.",
        "未评估客户市场趋势。",
    )


def lifespan_risk() -> Dimension:
    """How long the customer's business will last (客户寿命风险), rated 1 (safe) … 5 (high risk)."""
    return _rating(
        "lifespan_risk",
        "lifespan_risk",
        5.0,
        1.0,
        "Lifespan risk rated {}/5 (5 = highest risk).",
        "客户寿命风险评级{}/5（5为最高风险）。",
        "Lifespan risk not rated.",
        "未评估客户寿命风险。",
    )


def delivery_sensitivity() -> Dimension:
    """Lead-time sensitivity (货期敏感度, 002), rated 1 (relaxed) … 5 (most sensitive)."""
    return _rating(
        "delivery_sensitivity",
        "delivery_sensitivity",
        5.0,
        1.0,
        "Lead-time sensitivity rated {}/5 (5 = most sensitive).",
        "货期敏感度评级{}/5（5为最敏感）。",
        "Lead-time sensitivity not rated.",
        "未评估货期敏感度。",
    )


def policy_risk(policy: Policy) -> Dimension:
    """Policy risk (政策风险) of the customer's country, from the company's country table."""
    country = normalise_code(pl.coalesce(pl.col("country"), pl.col("order_country")))
    score = lookup(country, policy.country_policy, policy.country_default)
    known = score.is_not_null()
    listed = country.is_in(list(policy.country_policy)) if policy.country_policy else pl.lit(False)
    en = (
        pl.when(listed)
        .then(pl.format("Country {}: policy-risk score {} in the company table.", country, num(score)))
        .otherwise(
            pl.format("Country {} is not in the company table; default score {}.", country, num(score))
        )
    )
    zh = (
        pl.when(listed)
        .then(pl.format("国家{}：公司政策风险表评分{}。", country, num(score)))
        .otherwise(pl.format("国家{}不在公司政策风险表中，按默认评分{}。", country, num(score)))
    )
    return Dimension(
        "policy_risk",
        score,
        explain(known, en, "Country unknown or not rated, so policy risk is unknown."),
        explain(known, zh, "国家未知或未评分，政策风险未知。"),
    )


def currency_risk(policy: Policy) -> Dimension:
    """Currency risk (汇兑风险): volatility of the customer's currency against USD."""
    currency = normalise_code(pl.coalesce(pl.col("currency"), pl.col("order_currency")))
    volatility = lookup(currency, policy.currency_volatility, policy.currency_default)
    score = pl.when(volatility.is_not_null()).then(ramp(volatility, policy.currency_volatility_bad, 0.0))
    known = score.is_not_null()
    en = pl.format("Currency {}, volatility about {}% a year against USD.", currency, num(volatility, 1))
    zh = pl.format("币种{}，对美元年波动率约{}%。", currency, num(volatility, 1))
    return Dimension(
        "currency_risk",
        score,
        explain(known, en, "Currency unknown or not rated, so currency risk is unknown."),
        explain(known, zh, "币种未知或未评分，汇兑风险未知。"),
    )
