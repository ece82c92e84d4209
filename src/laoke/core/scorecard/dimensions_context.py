"""Dimensions scored from the customer record, contacts, payments and the policy tables.

Personal relationship, payment risk, market trend, lifespan risk, policy risk, currency risk
and delivery sensitivity (000, 002). Risk dimensions are oriented like the others: 100 means
the risk is low. Explanations are message codes ``scorecard.<dimension>.…`` with raw figures
and codes (payment terms, country, currency), worded by the adapters.
"""

from __future__ import annotations

import polars as pl

from laoke.core.messages import message
from laoke.core.scorecard.dimension_base import Dimension, combine, explain, lookup, ramp, rounded
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
    explanation = explain(
        score.is_not_null(),
        [
            message("scorecard.relationship.level", level.is_not_null(), level=level.cast(pl.Int64)),
            message("scorecard.relationship.contacts", logged, count=contacts.cast(pl.Int64), days=days),
        ],
        message("scorecard.relationship.unknown"),
    )
    return Dimension("relationship", score, explanation)


#: Payment-terms codes (normalised) the adapters name in the reader's language; others show as
#: they are written.
TERMS_CODES = ("CIA", "TTADVANCE", "TT", "LC", "CAD", "DP", "DA", "OA")


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
    explanation = explain(
        score.is_not_null(),
        [
            message("scorecard.payment_risk.terms", terms.is_not_null(), terms=terms),
            # "Pays 0 days late" says nothing a reader can use: under half a day is on time.
            message("scorecard.payment_risk.on_time", has_payments & (rounded(days_late, 0) == 0)),
            message(
                "scorecard.payment_risk.days_late",
                has_payments & (rounded(days_late, 0) > 0),
                days=rounded(days_late, 0),
            ),
            message(
                "scorecard.payment_risk.overdue", has_payments & (overdue > 0), amount=rounded(overdue, 2)
            ),
            message("scorecard.payment_risk.nothing_overdue", has_payments & (overdue <= 0)),
        ],
        message("scorecard.payment_risk.unknown"),
    )
    return Dimension("payment_risk", score, explanation)


def _rating(name: str, zero_at: float, full_at: float) -> Dimension:
    """A dimension rated by the owner on a scale (column = name): ``scorecard.<name>.rated``."""
    value = pl.col(name)
    known = value.is_not_null()
    return Dimension(
        name,
        pl.when(known).then(ramp(value, zero_at, full_at)),
        explain(
            known,
            [message(f"scorecard.{name}.rated", rating=value.cast(pl.Int64))],
            message(f"scorecard.{name}.unknown"),
        ),
    )


def market_trend() -> Dimension:
    """The customer's own market (客户市场趋势), rated -2 (shrinking fast) … +2 (growing fast)."""
    return _rating("market_trend", -2.0, 2.0)


def lifespan_risk() -> Dimension:
    """How long the customer's business will last (客户寿命风险), rated 1 (safe) … 5 (high risk)."""
    return _rating("lifespan_risk", 5.0, 1.0)


def delivery_sensitivity() -> Dimension:
    """Lead-time sensitivity (货期敏感度, 002), rated 1 (relaxed) … 5 (most sensitive)."""
    return _rating("delivery_sensitivity", 5.0, 1.0)


def policy_risk(policy: Policy) -> Dimension:
    """Policy risk (政策风险) of the customer's country, from the company's country table."""
    country = normalise_code(pl.coalesce(pl.col("country"), pl.col("order_country")))
    score = lookup(country, policy.country_policy, policy.country_default)
    known = score.is_not_null()
    listed = country.is_in(list(policy.country_policy)) if policy.country_policy else pl.lit(False)
    explanation = explain(
        known,
        [
            message("scorecard.policy_risk.listed", listed, country=country, score=rounded(score, 0)),
            message("scorecard.policy_risk.default", ~listed, country=country, score=rounded(score, 0)),
        ],
        message("scorecard.policy_risk.unknown"),
    )
    return Dimension("policy_risk", score, explanation)


def currency_risk(policy: Policy) -> Dimension:
    """Currency risk (汇兑风险): how much the customer's currency moves against the home currency.

    The company's own table (``home_currency_volatility``) is read as it is: against the home
    currency. The policy table (``currency_volatility``) is against USD: for a home currency other
    than USD, a USD customer gets the home currency's own volatility, and another currency the
    estimate ``sqrt(a² + b²)`` from both volatilities (as if they moved independently).

    A customer paying in the company's home currency carries no exchange-rate risk: it scores
    100, its explanation says why, and the dimension is never one of its top reasons (a risk
    nobody has is no reason about this customer).
    """
    currency = normalise_code(pl.coalesce(pl.col("currency"), pl.col("order_currency")))
    home = policy.home_currency.strip().upper()
    at_home = (currency == pl.lit(home)).fill_null(False)
    against_usd = lookup(currency, policy.currency_volatility, policy.currency_default)
    estimated = against_usd
    if home != "USD":
        home_volatility = policy.currency_volatility.get(home, policy.currency_default)
        estimated = (
            pl.when(currency == pl.lit("USD"))
            .then(pl.lit(home_volatility, dtype=pl.Float64))
            .otherwise((against_usd.pow(2) + (home_volatility or 0.0) ** 2).sqrt())
            if home_volatility is not None
            else pl.lit(None, dtype=pl.Float64)
        )
    own = lookup(currency, policy.home_currency_volatility, None)
    volatility = pl.coalesce(own, estimated)
    score = (
        pl.when(at_home)
        .then(100.0)
        .when(volatility.is_not_null())
        .then(ramp(volatility, policy.currency_volatility_bad, 0.0))
    )
    known = score.is_not_null()
    # The tables hold volatility in percent; the message carries a fraction.
    moves = (
        message(
            "scorecard.currency_risk.volatility",
            ~at_home,
            currency=currency,
            volatility=rounded(volatility / 100, 4),
        )
        if home == "USD"
        else message(
            "scorecard.currency_risk.volatility_home",
            ~at_home,
            currency=currency,
            home=pl.lit(home),
            volatility=rounded(volatility / 100, 4),
        )
    )
    explanation = explain(
        known,
        [message("scorecard.currency_risk.home", at_home, currency=currency), moves],
        message("scorecard.currency_risk.unknown"),
    )
    return Dimension("currency_risk", score, explanation, offered=~at_home)
