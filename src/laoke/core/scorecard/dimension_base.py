"""Building blocks shared by the dimension scorers: ramps, ranks, levels and explanations.

An explanation is a list of message codes with parameters (:mod:`laoke.core.messages`), never
a sentence: the adapters render it in the reader's language (``laoke.retention.messages``).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from laoke.core.messages import messages
from laoke.core.scorecard.policy import Policy


@dataclass(frozen=True)
class Dimension:
    """How one dimension is scored: expressions over the per-customer feature table.

    ``score`` is a Float64 in 0..100 or null (unknown); ``explanation`` is the list of messages
    (codes ``scorecard.<dimension>.…`` with parameters) that say why; ``extra`` holds named
    sub-scores worth keeping (e.g. the profit sub-scores). ``offered`` (Boolean, null = true)
    says where the dimension may be one of a customer's top reasons: false where its score,
    however high, says nothing about the customer (a home-currency customer's currency risk).
    """

    name: str
    score: pl.Expr
    explanation: pl.Expr
    extra: tuple[pl.Expr, ...] = ()
    offered: pl.Expr | None = None


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


def lookup(key: pl.Expr, table: dict[str, float], default: float | None) -> pl.Expr:
    """Map a string key through a policy table; unlisted keys get ``default``, null keys null."""
    fallback = pl.lit(default, dtype=pl.Float64)
    mapped = key.replace_strict(table, default=fallback, return_dtype=pl.Float64) if table else fallback
    return pl.when(key.is_null()).then(pl.lit(None, dtype=pl.Float64)).otherwise(mapped)


def explain(known: pl.Expr, parts: list[pl.Expr], unknown: pl.Expr) -> pl.Expr:
    """The messages of ``parts`` that apply when the dimension is known, else the ``unknown`` one."""
    return pl.when(known).then(messages(*parts)).otherwise(messages(unknown))


def rounded(value: pl.Expr, decimals: int) -> pl.Expr:
    """A message parameter rounded, so a rerun stores the same figure (no float noise)."""
    return value.cast(pl.Float64).round(decimals)
