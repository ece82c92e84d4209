"""Year-end review (年度客户盘点, 004): promote to key customer, still running in (磨合), or drop (鸡肋)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from laoke.core.scorecard.features import order_lines
from laoke.core.scorecard.policy import Policy
from laoke.core.scorecard.scoring import score_customers

Frame = pl.DataFrame | pl.LazyFrame

#: The proposals of the review, by code; the retention app words them (``scorecard.review.<code>``).
PROPOSALS: tuple[str, ...] = ("promote", "running_in", "drop")


def year_end_review(
    orders: Frame,
    customers: Frame | None = None,
    payments: Frame | None = None,
    interactions: Frame | None = None,
    promises: Frame | None = None,
    *,
    year: int,
    policy: Policy,
    scorecard: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Review every customer that bought in ``year`` or the year before.

    The grade is the scorecard as of 31 December of ``year`` (pass ``scorecard`` to reuse one).
    Rules (``policy.review``): *promote* when the grade is a promote grade, or the customer
    made at least ``promote_min_share`` of the year's sales without shrinking; *drop* when the
    grade is a drop grade, the share is below ``drop_max_share`` and sales did not grow;
    otherwise *running in*.

    Returns
    -------
    polars.DataFrame
        ``year``, ``customer_id``, ``volume``, ``volume_previous``, ``change``, ``change_pct``
        (null when there were no sales the year before), ``share_of_year``, ``total_score``,
        ``grade``, ``proposal`` (one of :data:`PROPOSALS`); sorted by volume, largest first.
    """
    as_of = dt.date(year, 12, 31)
    lines = order_lines(orders, as_of)
    year_of = pl.col("order_date").dt.year()
    volumes = (
        lines.filter(year_of >= year - 1)
        .group_by("customer_id")
        .agg(
            pl.col("amount").filter(year_of == year).sum().alias("volume"),
            pl.col("amount").filter(year_of == year - 1).sum().alias("volume_previous"),
        )
        .filter((pl.col("volume") > 0) | (pl.col("volume_previous") > 0))
        .collect()
    )
    card = scorecard
    if card is None:
        card = score_customers(
            orders, customers, payments, interactions, promises, as_of=as_of, policy=policy
        )
    rules = policy.review
    total = volumes["volume"].clip(lower_bound=0.0).sum()
    share = pl.col("volume").clip(lower_bound=0.0) / total if total > 0 else pl.lit(0.0)
    not_shrinking = pl.col("volume") >= pl.col("volume_previous")
    grade = pl.col("grade")
    big = pl.col("share_of_year") >= rules.promote_min_share
    promote = grade.is_in(list(rules.promote_grades)) | (big & not_shrinking)
    not_growing = pl.col("volume") <= pl.col("volume_previous")
    drop = (
        grade.is_in(list(rules.drop_grades)) & (pl.col("share_of_year") < rules.drop_max_share) & not_growing
    )
    proposal = (
        pl.when(promote.fill_null(False))
        .then(pl.lit("promote"))
        .when(drop.fill_null(False))
        .then(pl.lit("drop"))
        .otherwise(pl.lit("running_in"))
    )
    return (
        volumes.join(card.select("customer_id", "total_score", "grade"), on="customer_id", how="left")
        .with_columns(
            pl.lit(year).alias("year"),
            (pl.col("volume") - pl.col("volume_previous")).alias("change"),
            pl.when(pl.col("volume_previous") > 0)
            .then(pl.col("volume") / pl.col("volume_previous") - 1.0)
            .alias("change_pct"),
            share.alias("share_of_year"),
        )
        .with_columns(proposal.alias("proposal"))
        .sort(["volume", "customer_id"], descending=[True, False])
        .select(
            "year",
            "customer_id",
            "volume",
            "volume_previous",
            "change",
            "change_pct",
            "share_of_year",
            "total_score",
            "grade",
            "proposal",
        )
    )
