"""Dimensions scored from the order history: profit, sales volume, loyalty, growth (000, 002).

Each function returns a :class:`Dimension` of expressions over the feature table built in
:mod:`laoke.core.scorecard.scoring`; nothing loops over customers.
"""

from __future__ import annotations

import datetime as dt
import math

import polars as pl

from laoke.core.scorecard.dimension_base import (
    Dimension,
    combine,
    explain,
    num,
    percentile_score,
    ramp,
)
from laoke.core.scorecard.features import months_before
from laoke.core.scorecard.policy import Policy


def profit(policy: Policy) -> Dimension:
    """Profit: margin % and total profit over the window, two sub-scores (000)."""
    t = policy.thresholds
    revenue, cost = pl.col("costed_revenue_window"), pl.col("cost_window")
    known = (pl.col("costed_lines_window") > 0) & (revenue > 0)
    amount = revenue - cost
    margin = amount / revenue
    margin_score = pl.when(known).then(ramp(margin, t.margin_low, t.margin_high))
    total_score = percentile_score(amount, known)
    score = pl.when(known).then(
        t.profit_margin_share * margin_score + (1.0 - t.profit_margin_share) * total_score
    )
    n = t.window_months
    en = pl.format(
        f"Margin {{}}% and profit {{}} over the last {n} months.", num(margin * 100, 1), num(amount)
    )
    zh = pl.format(f"近{n}个月毛利率{{}}%，利润{{}}。", num(margin * 100, 1), num(amount))
    return Dimension(
        "profit",
        score,
        explain(known, en, f"No cost data for the last {n} months, so profit is unknown."),
        explain(known, zh, f"近{n}个月没有成本数据，利润未知。"),
        (
            margin_score.alias("profit_margin_score"),
            total_score.alias("profit_total_score"),
            pl.when(known).then(margin).alias("margin_pct"),
            pl.when(known).then(amount).alias("profit_window"),
        ),
    )


def volume(policy: Policy) -> Dimension:
    """Sales volume over the window, as a percentile among customers who ever bought."""
    n = policy.thresholds.window_months
    known = pl.col("revenue_total").is_not_null()
    revenue = pl.col("revenue_window").fill_null(0.0)
    score = percentile_score(revenue, known)
    en = pl.format(
        f"Sales of {{}} in the last {n} months, ahead of {{}}% of customers.", num(revenue), num(score)
    )
    zh = pl.format(f"近{n}个月销售额{{}}，超过{{}}%的客户。", num(revenue), num(score))
    return Dimension(
        "volume",
        score,
        explain(known, en, "No orders yet, so sales volume is unknown."),
        explain(known, zh, "尚无订单，销售额未知。"),
    )


def loyalty(policy: Policy, as_of: dt.date) -> Dimension:
    """Loyalty: tenure and regularity, adjusted for price disputes and refused-terms tests (000)."""
    t = policy.thresholds
    known = pl.col("order_days") > 0
    years = (pl.lit(as_of) - pl.col("first_order")).dt.total_days() / 365.25
    tenure = ramp(years, 0.0, t.tenure_full_years)
    # Regularity needs at least two gaps (three purchases) to mean anything.
    regularity = pl.when(pl.col("order_days") >= 3).then(ramp(pl.col("gap_cv"), t.regularity_cv_bad, 0.0))
    disputes = pl.col("price_disputes").fill_null(0)
    kept = pl.col("terms_kept").fill_null(0)
    lost = pl.col("terms_lost").fill_null(0)
    adjustment = (
        -t.dispute_penalty * disputes + t.terms_test_kept_bonus * kept - t.terms_test_lost_penalty * lost
    )
    score = pl.when(known).then((combine(tenure, regularity) + adjustment).clip(0.0, 100.0))
    rhythm_en = (
        pl.when(regularity.is_null())
        .then(pl.lit("too few orders to judge the rhythm"))
        .when(regularity >= 50)
        .then(pl.lit("a regular rhythm"))
        .otherwise(pl.lit("an irregular rhythm"))
    )
    rhythm_zh = (
        pl.when(regularity.is_null())
        .then(pl.lit("订单太少，无法判断节奏"))
        .when(regularity >= 50)
        .then(pl.lit("下单节奏规律"))
        .otherwise(pl.lit("下单节奏不规律"))
    )
    en = pl.format(
        "Buying for {} years with {}; {} price disputes, terms tests {} stayed / {} switched.",
        num(years, 1),
        rhythm_en,
        num(disputes),
        num(kept),
        num(lost),
    )
    zh = pl.format(
        "合作{}年，{}；价格争议{}次，拒绝苛刻条件测试：留下{}次、转走{}次。",
        num(years, 1),
        rhythm_zh,
        num(disputes),
        num(kept),
        num(lost),
    )
    return Dimension(
        "loyalty",
        score,
        explain(known, en, "No orders yet, so loyalty is unknown."),
        explain(known, zh, "尚无订单，忠诚度未知。"),
    )


def growth(policy: Policy, as_of: dt.date) -> Dimension:
    """Growth prospects: volume trend, growing trial orders, new-product uptake (000)."""
    t = policy.thresholds
    n = t.window_months
    recent = pl.col("revenue_window").fill_null(0.0).clip(lower_bound=0.0)
    before = pl.col("revenue_previous").fill_null(0.0).clip(lower_bound=0.0)
    # A trend needs the customer to have been buying before the current window began.
    established = pl.col("first_order") <= months_before(as_of, n)
    trend_known = established & ((recent + before) > 0)
    ratio = (recent - before) / (recent + before)
    trend = pl.when(trend_known).then(ramp(ratio, t.growth_ratio_bad, t.growth_ratio_good))
    first, last = pl.col("first_order_amount"), pl.col("last_order_amount")
    trial_known = ~established & (pl.col("order_days") >= 2) & (first > 0)
    log_good = math.log(t.trial_growth_good)
    trial = pl.when(trial_known).then(ramp((last / first).log(), -log_good, log_good))
    product_revenue = pl.col("known_product_revenue_window")
    uptake_known = product_revenue > 0
    new_share = pl.col("new_product_revenue_window").fill_null(0.0) / product_revenue
    uptake = pl.when(uptake_known).then(ramp(new_share, 0.0, t.new_product_share_good))
    score = combine(trend, trial, uptake)
    en_parts = [
        pl.when(trend_known & (before > 0)).then(
            pl.format(f"sales {{}}% vs the previous {n} months", num((recent / before - 1.0) * 100.0))
        ),
        pl.when(trend_known & (before == 0)).then(pl.lit(f"sales restarted after a quiet {n} months")),
        pl.when(trial_known).then(pl.format("latest order {}x the first", num(last / first, 1))),
        pl.when(uptake_known).then(pl.format("new products {}% of sales", num(new_share * 100.0))),
    ]
    zh_parts = [
        pl.when(trend_known & (before > 0)).then(
            pl.format(f"销售额较前{n}个月变化{{}}%", num((recent / before - 1.0) * 100.0))
        ),
        pl.when(trend_known & (before == 0)).then(pl.lit(f"沉寂{n}个月后重新下单")),
        pl.when(trial_known).then(pl.format("最近一单是首单的{}倍", num(last / first, 1))),
        pl.when(uptake_known).then(pl.format("新品占销售额{}%", num(new_share * 100.0))),
    ]
    en = pl.concat_str(en_parts, separator="; ", ignore_nulls=True)
    zh = pl.concat_str(zh_parts, separator="；", ignore_nulls=True)
    known = score.is_not_null()
    return Dimension(
        "growth",
        score,
        explain(known, pl.format("Growth: {}.", en), "Not enough history to judge growth."),
        explain(known, pl.format("发展前景：{}。", zh), "历史数据不足，无法判断发展前景。"),
    )
