"""Building blocks shared by the dimension scorers: ramps, ranks, levels and text helpers."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from laoke.core.scorecard.policy import Policy


@dataclass(frozen=True)
class Dimension:
    """How one dimension is scored: expressions over the per-customer feature table.

    ``score`` is a Float64 in 0..100 or null (unknown); ``en`` and ``zh`` are one-sentence
    explanations; ``extra`` holds named sub-scores worth keeping (e.g. the profit sub-scores).
    """

    name: str
    score: pl.Expr
    en: pl.Expr
    zh: pl.Expr
    extra: tuple[pl.Expr, ...] = ()


def ramp(value: pl.Expr, zero_at: float, full_at: float) -> pl.Expr:
    """Linear 0→100 score between ``zero_at`` and ``full_at`` (either order), clipped."""
    return ((value.cast(pl.Float64) - zero_at) / (full_at - zero_at)).clip(0.0, 1.0) * 100.0


def percentile_score(value: pl.Expr, among: pl.Expr) -> pl.Expr:
    """Percentile rank (0..100] of ``value`` among rows where ``among`` holds; 0 for value <= 0.

    Ranking keeps volume and total profit free of currency and company size (a threshold in
    money would need re-tuning per company); ties share the average rank.
    """
    eligible = among & (value > 0)
    ranked = pl.when(eligible).then(value).otherwise(None)
    pct = ranked.rank("average") / eligible.sum() * 100.0
    return pl.when(among).then(pl.when(value > 0).then(pct).otherwise(0.0)).otherwise(None)


def combine(*parts: pl.Expr) -> pl.Expr:
    """Mean of the known sub-scores; null when none is known."""
    return pl.mean_horizontal(*parts)


def level_expr(score: pl.Expr, policy: Policy) -> pl.Expr:
    """The level name (excellent / good / fair / poor by default) of a score; null if unknown."""
    levels = policy.levels
    expr: pl.Expr = pl.lit(levels.names[-1])
    for boundary, name in reversed(list(zip(levels.boundaries, levels.names, strict=False))):
        expr = pl.when(score >= boundary).then(pl.lit(name)).otherwise(expr)
    return pl.when(score.is_null()).then(pl.lit(None, dtype=pl.String)).otherwise(expr)


def num(value: pl.Expr, decimals: int = 0) -> pl.Expr:
    """A number as text, rounded; integers without a decimal point."""
    if decimals == 0:
        return value.round(0).cast(pl.Int64, strict=False).cast(pl.String)
    return value.round(decimals).cast(pl.String)


def lookup(key: pl.Expr, table: dict[str, float], default: float | None) -> pl.Expr:
    """Map a string key through a policy table; unlisted keys get ``default``, null keys null."""
    fallback = pl.lit(default, dtype=pl.Float64)
    mapped = key.replace_strict(table, default=fallback, return_dtype=pl.Float64) if table else fallback
    return pl.when(key.is_null()).then(pl.lit(None, dtype=pl.Float64)).otherwise(mapped)


def explain(known: pl.Expr, text: pl.Expr, unknown_text: str) -> pl.Expr:
    """The explanation when the dimension is known, else the fixed "unknown" sentence."""
    return pl.when(known).then(text).otherwise(pl.lit(unknown_text))


#: Display names of the dimensions (glossary: dimension 评估维度).
DIMENSION_LABELS: dict[str, tuple[str, str]] = {
    "profit": ("profit", "利润"),
    "volume": ("sales volume", "销售额"),
    "loyalty": ("loyalty", "忠诚度"),
    "growth": ("growth prospects", "发展前景"),
    "relationship": ("personal relationship", "私人关系"),
    "payment_risk": ("payment risk", "付款方式风险"),
    "market_trend": ("market trend", "客户市场趋势"),
    "lifespan_risk": ("lifespan risk", "客户寿命风险"),
    "policy_risk": ("policy risk", "政策风险"),
    "currency_risk": ("currency risk", "汇兑风险"),
    "delivery_sensitivity": ("delivery sensitivity", "货期敏感度"),
}
