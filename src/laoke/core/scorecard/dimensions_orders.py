"""Dimensions scored from the order history: profit, sales volume, loyalty, growth (000, 002).

Each function returns a :class:`Dimension` of expressions over the feature table built in
:mod:`laoke.core.scorecard.scoring`; nothing loops over customers. Explanations are message
codes ``scorecard.<dimension>.…`` with raw figures (money, fractions, counts), worded by the
adapters.
"""

from __future__ import annotations

import datetime as dt
import math

import polars as pl

from laoke.core.messages import message
from laoke.core.scorecard.dimension_base import (
    Dimension,
    combine,
    explain,
    percentile_score,
    ramp,
    rounded,
)
from laoke.core.scorecard.features import months_before
from laoke.core.scorecard.policy import Policy

#: Sales at least this many times the previous window's are said as a multiple, not a percentage.
_MULTIPLE = 10.0


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
    explanation = explain(
        known,
        [message("scorecard.profit.margin", margin=rounded(margin, 4), profit=rounded(amount, 2), months=n)],
        message("scorecard.profit.unknown", months=n),
    )
    return Dimension(
        "profit",
        score,
        explanation,
        (
            margin_score.alias("profit_margin_score"),
            total_score.alias("profit_total_score"),
            pl.when(known).then(margin).alias("margin_pct"),
            pl.when(known).then(amount).alias("profit_window"),
        ),
    )


def volume(policy: Policy) -> Dimension:
    """Sales volume over the window, as a percentile among customers who ever bought.

    The explanation says how many of the customers with sales in the window this one is ahead
    of: the share with strictly lower sales, rounded *down* to a whole percent, so it never reads
    "ahead of 100 %" (nobody is ahead of every customer, itself included) and is never overstated.
    The only customer with sales, the lowest and one ahead of fewer than 1 % are said in words.
    """
    n = policy.thresholds.window_months
    known = pl.col("revenue_total").is_not_null()
    revenue = pl.col("revenue_window").fill_null(0.0)
    score = percentile_score(revenue, known)
    sold = revenue > 0
    eligible = known & sold
    with_sales = eligible.sum()
    below = pl.when(eligible).then(revenue).otherwise(None).rank("min") - 1
    ahead_pct = (below * 100 / with_sales).floor()
    sales = rounded(revenue, 2)
    explanation = explain(
        known,
        [
            message(
                "scorecard.volume.sales",
                sold & (ahead_pct >= 1),
                sales=sales,
                months=n,
                ahead_of=rounded(ahead_pct / 100.0, 2),
            ),
            message(
                "scorecard.volume.sales_few", sold & (below > 0) & (ahead_pct < 1), sales=sales, months=n
            ),
            message(
                "scorecard.volume.sales_lowest", sold & (below == 0) & (with_sales > 1), sales=sales, months=n
            ),
            message("scorecard.volume.sales_only", sold & (with_sales == 1), sales=sales, months=n),
            # Nobody is "ahead of 0 % of customers": a customer without sales is said to be one.
            message("scorecard.volume.no_sales", ~sold, months=n),
        ],
        message("scorecard.volume.unknown"),
    )
    return Dimension("volume", score, explanation)


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
    explanation = explain(
        known,
        [
            # Under a year the tenure would read "0.0 years" (or "1.0" for eleven months and a
            # half): the first order's date says it, and stays true when the page is read later.
            message("scorecard.loyalty.tenure", years >= 1, years=rounded(years, 1)),
            message("scorecard.loyalty.tenure_new", years < 1, date=pl.col("first_order").cast(pl.Date)),
            message("scorecard.loyalty.rhythm_unknown", regularity.is_null()),
            message("scorecard.loyalty.rhythm_regular", regularity >= 50),
            message("scorecard.loyalty.rhythm_irregular", regularity < 50),
            message("scorecard.loyalty.disputes", disputes > 0, count=disputes.cast(pl.Int64)),
            message(
                "scorecard.loyalty.terms_tests",
                (kept + lost) > 0,
                stayed=kept.cast(pl.Int64),
                switched=lost.cast(pl.Int64),
            ),
        ],
        message("scorecard.loyalty.unknown"),
    )
    return Dimension("loyalty", score, explanation)


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
    change = rounded(recent / before - 1.0, 4)
    # Up or down only when it shows as a whole percent; smaller changes read as "about the same".
    compared, shown = trend_known & (before > 0), change.round(2)
    known = score.is_not_null()
    explanation = explain(
        known,
        [
            # From a small base a percentage reads "up 20,600%": ten times or more is said as a
            # multiple of the previous amount.
            message(
                "scorecard.growth.sales_up",
                compared & (shown > 0) & (recent < _MULTIPLE * before),
                change=change,
                months=n,
            ),
            message(
                "scorecard.growth.sales_times",
                compared & (recent >= _MULTIPLE * before),
                times=rounded(recent / before, 0),
                before=rounded(before, 2),
                months=n,
            ),
            # A drop to nothing is said by the volume ("No sales in the last 12 months"): growth
            # says what it was before, not "down 100%"; one that shows as 100% but is not all of
            # it reads "more than 99%".
            message(
                "scorecard.growth.sales_down",
                compared & (shown < 0) & (change > -0.995),
                change=-change,
                months=n,
            ),
            message(
                "scorecard.growth.sales_down_nearly_all",
                compared & (recent > 0) & (change <= -0.995),
                months=n,
            ),
            message(
                "scorecard.growth.sales_stopped",
                compared & (recent <= 0),
                before=rounded(before, 2),
                months=n,
            ),
            message("scorecard.growth.sales_flat", compared & (shown == 0), months=n),
            message("scorecard.growth.restarted", trend_known & (before == 0), months=n),
            message("scorecard.growth.trial", trial_known, ratio=rounded(last / first, 1)),
            # A share under half a percent would read "0 % of sales": none, or under 1 %, in words.
            message(
                "scorecard.growth.new_products",
                uptake_known & (new_share >= 0.005),
                share=rounded(new_share, 4),
            ),
            message(
                "scorecard.growth.new_products_few", uptake_known & (new_share > 0) & (new_share < 0.005)
            ),
            message("scorecard.growth.no_new_products", uptake_known & (new_share <= 0), months=n),
        ],
        message("scorecard.growth.unknown"),
    )
    return Dimension("growth", score, explanation)
