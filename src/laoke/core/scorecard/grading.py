"""Overall score, grade (三六九等), treatment from the policy matrix, hints and top reasons.

Seed 000: the scorecard sorts customers into grades and suggests a treatment; a weak dimension
calls for either improvement work or a risk-control measure.
"""

from __future__ import annotations

import polars as pl

from laoke.core.messages import MESSAGE_DTYPE, message, messages
from laoke.core.scorecard.policy import (
    DIMENSIONS,
    IMPROVABLE_DIMENSIONS,
    Policy,
    grade_treatment_code,
    weight_of,
)


def score_column(dimension: str) -> str:
    """Name of the score column of a dimension in the scorecard frame."""
    return f"{dimension}_score"


def total_expr(policy: Policy) -> pl.Expr:
    """Weighted mean of the known dimension scores; weights renormalise over known dimensions.

    An unknown dimension (null score) neither adds nor subtracts, so missing data does not drag
    a customer down; a dimension with weight 0 is left out entirely. Null when nothing is known.
    """
    weighted = [(d, weight_of(policy, d)) for d in DIMENSIONS if weight_of(policy, d) > 0]
    numerator = pl.sum_horizontal([pl.col(score_column(d)).fill_null(0.0) * w for d, w in weighted])
    denominator = pl.sum_horizontal(
        [pl.col(score_column(d)).is_not_null().cast(pl.Float64) * w for d, w in weighted]
    )
    return pl.when(denominator > 0).then(numerator / denominator).otherwise(None).alias("total_score")


def grade_expr(total: pl.Expr, policy: Policy) -> pl.Expr:
    """The grade name of a total score (A/B/C/D by default); null when the total is unknown."""
    grades = policy.grades
    expr: pl.Expr = pl.lit(grades.names[-1])
    for boundary, name in reversed(list(zip(grades.boundaries, grades.names, strict=False))):
        expr = pl.when(total >= boundary).then(pl.lit(name)).otherwise(expr)
    return pl.when(total.is_null()).then(pl.lit(None, dtype=pl.String)).otherwise(expr).alias("grade")


def _condition(policy: Policy, when: dict[str, str]) -> pl.Expr:
    t = policy.thresholds
    parts = [
        (pl.col(score_column(d)) >= t.high) if side == "high" else (pl.col(score_column(d)) < t.low)
        for d, side in when.items()
    ]
    # A condition on an unknown (null) score never holds.
    return pl.all_horizontal(parts).fill_null(False) if parts else pl.lit(True)


def _typed(text: str) -> pl.Expr:
    """A company's typed text, or null: the shipped wording of the treatment's code applies."""
    return pl.lit(text or None, dtype=pl.String)


def treatment_exprs(policy: Policy) -> list[pl.Expr]:
    """``treatment_key``, ``treatment_en``, ``treatment_zh``: first matching matrix rule, else the grade's.

    The key is the treatment's code (a rule's ``key``, or ``grade_<name>``); the texts are what the
    company typed, null where it kept the shipped wording (the adapters word the code).
    """
    grade = pl.col("grade")
    key: pl.Expr = pl.lit(None, dtype=pl.String)
    en: pl.Expr = pl.lit(None, dtype=pl.String)
    zh: pl.Expr = pl.lit(None, dtype=pl.String)
    for name, text in policy.grade_treatments.items():
        is_grade = grade == name
        key = pl.when(is_grade).then(pl.lit(grade_treatment_code(name))).otherwise(key)
        en = pl.when(is_grade).then(_typed(text.en)).otherwise(en)
        zh = pl.when(is_grade).then(_typed(text.zh)).otherwise(zh)
    for rule in reversed(policy.treatments):
        hit = _condition(policy, rule.when) & grade.is_not_null()
        key = pl.when(hit).then(pl.lit(rule.key)).otherwise(key)
        en = pl.when(hit).then(_typed(rule.text.en)).otherwise(en)
        zh = pl.when(hit).then(_typed(rule.text.zh)).otherwise(zh)
    return [key.alias("treatment_key"), en.alias("treatment_en"), zh.alias("treatment_zh")]


def hint_code(dimension: str) -> str:
    """The hint for a weak dimension: improvement work, or a risk-control measure for a risk."""
    return "scorecard.hint.improve" if dimension in IMPROVABLE_DIMENSIONS else "scorecard.hint.control"


def hint_exprs(policy: Policy) -> list[pl.Expr]:
    """``hints``: one message per weighted dimension scoring below ``thresholds.low``.

    Each is ``scorecard.hint.improve`` or ``scorecard.hint.control`` with the ``dimension`` code.
    """
    weak = [d for d in DIMENSIONS if weight_of(policy, d) > 0]
    low = policy.thresholds.low
    if not weak:
        return [pl.lit([], dtype=pl.List(MESSAGE_DTYPE)).alias("hints")]
    parts = [message(hint_code(d), pl.col(score_column(d)) < low, dimension=d) for d in weak]
    return [messages(*parts).alias("hints")]


def offered_column(dimension: str) -> str:
    """The column saying where a dimension may be a top reason (see ``Dimension.offered``)."""
    return f"{dimension}_offered"


def _offered(dimension: str, names: set[str], impact: pl.Expr) -> pl.Expr:
    column = offered_column(dimension)
    return pl.when(pl.col(column).fill_null(True)).then(impact) if column in names else impact


def top_reasons(scorecard: pl.LazyFrame, policy: Policy) -> pl.LazyFrame:
    """Per customer, the dimensions that moved the total most (their explanations say why).

    Impact = weight x |score - 50|, so both strengths and weaknesses show. A dimension with an
    :func:`offered_column` that is false for a customer is not one of its reasons. Returns
    ``customer_id`` and ``top_reasons``: a list of dimension codes, strongest first.
    """
    names = set(scorecard.collect_schema().names())
    k = policy.thresholds.top_reasons
    weighted = [d for d in DIMENSIONS if weight_of(policy, d) > 0]
    empty = pl.lit([], dtype=pl.List(pl.String))
    if not weighted or k == 0:
        return scorecard.select("customer_id", empty.alias("top_reasons"))
    long = pl.concat(
        [
            scorecard.select(
                "customer_id",
                pl.lit(i, dtype=pl.Int32).alias("_order"),
                _offered(d, names, (pl.col(score_column(d)) - 50.0).abs() * weight_of(policy, d)).alias(
                    "_impact"
                ),
                pl.lit(d, dtype=pl.String).alias("dimension"),
            )
            for i, d in enumerate(weighted)
        ]
    )
    reasons = (
        long.filter(pl.col("_impact").is_not_null())
        .sort("customer_id", "_impact", "_order", descending=[False, True, False])
        .group_by("customer_id", maintain_order=True)
        .agg(pl.col("dimension").head(k).alias("top_reasons"))
    )
    return (
        scorecard.select("customer_id")
        .join(reasons, on="customer_id", how="left")
        .with_columns(pl.col("top_reasons").fill_null(empty))
    )
