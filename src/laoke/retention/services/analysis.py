"""One analysis of an order file, shared by ``laoke analyze`` and the analyze page (no database).

Both adapters read the file with :func:`laoke.fileio.read_order_file` and hand the good lines to
:func:`analyze_orders`, so the command and the page cannot give different grades.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
from django.utils import translation

from laoke.core.scorecard import (
    ParetoSummary,
    Policy,
    lifecycle_states,
    neglected_small_customers,
    pareto_summary,
    pareto_table,
    score_customers,
)
from laoke.retention.scorecard_messages import TREATMENTS, treatment_text


@dataclass(frozen=True)
class GradeRow:
    """One line of the grade table."""

    grade: str
    customers: int
    share: float
    score: float
    treatment: str


@dataclass(frozen=True)
class Analysis:
    """What an order file says: grades, customers, lifecycle states and the 80/20 summary.

    ``customers`` has one row per graded customer (``customer_id``, ``revenue_window``,
    ``total_score``, ``grade``, ``treatment``), best grade first, then by sales.
    ``neglected`` is None when the file has no cost data.
    """

    as_of: dt.date
    grades: list[GradeRow]
    customers: pl.DataFrame
    ungraded: int
    states: list[tuple[str, int]]
    pareto: ParetoSummary
    neglected: int | None


def analyze_orders(orders: pl.DataFrame, *, as_of: dt.date, policy: Policy, zh: bool) -> Analysis:
    """Score, grade and summarise canonical order lines as of a date (treatments in en or zh)."""
    card = score_customers(orders, as_of=as_of, policy=policy)
    # The company's typed text in the chosen language, else the other, else the shipped wording.
    with translation.override("zh-hans" if zh else "en"):
        shipped = {code: treatment_text(code) for code in TREATMENTS}
    first, second = ("treatment_zh", "treatment_en") if zh else ("treatment_en", "treatment_zh")
    card = card.with_columns(
        pl.coalesce(
            pl.col(first), pl.col(second), pl.col("treatment_key").replace_strict(shipped, default=None)
        ).alias("_treatment")
    )
    treatment = "_treatment"
    order = pl.DataFrame({"grade": list(policy.grades.names), "_order": range(len(policy.grades.names))})
    graded = card.filter(pl.col("grade").is_not_null())
    revenue = graded["revenue_window"].clip(lower_bound=0.0).sum() or 1.0
    table = (
        graded.group_by("grade")
        .agg(
            pl.len().alias("customers"),
            (pl.col("revenue_window").clip(lower_bound=0.0).sum() / revenue).alias("share"),
            pl.col("total_score").mean().alias("score"),
            pl.col(treatment).mode().sort().first().alias("treatment"),
        )
        .join(order, on="grade")
        .sort("_order")
    )
    grades = [
        GradeRow(str(g), int(n), float(s), float(sc), str(t))
        for g, n, s, sc, t in table.select("grade", "customers", "share", "score", "treatment").iter_rows()
    ]
    customers = (
        graded.join(order, on="grade")
        .sort(["_order", "revenue_window", "customer_id"], descending=[False, True, False])
        .select("customer_id", "revenue_window", "total_score", "grade", pl.col(treatment).alias("treatment"))
    )
    states = lifecycle_states(orders, as_of=as_of, policy=policy)["state"].value_counts(sort=True)
    ptable = pareto_table(orders, as_of=as_of, policy=policy)
    summary = pareto_summary(ptable, policy)
    neglected = None
    if summary.top_share_profit_share is not None:
        neglected = neglected_small_customers(orders, as_of=as_of, policy=policy, table=ptable).height
    return Analysis(
        as_of=as_of,
        grades=grades,
        customers=customers,
        ungraded=card.height - graded.height,
        states=[(str(s), int(n)) for s, n in states.iter_rows()],
        pareto=summary,
        neglected=neglected,
    )


def default_as_of(orders: pl.DataFrame) -> dt.date:
    """The file's last order date (the default evaluation date)."""
    last = orders["order_date"].max()
    assert isinstance(last, dt.date)
    return last
