"""Property tests: scores in range, zero weights drop a dimension, reruns are identical, TOML round-trips."""

from __future__ import annotations

import dataclasses
import datetime as dt

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from laoke.core.scorecard import Policy, policy_from_toml, policy_to_toml, score_customers
from laoke.core.scorecard.policy import DIMENSIONS, GradePolicy, Thresholds
from tests.core.scorecard.factories import AS_OF, customers, interactions, orders, payments

FAST = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
START = dt.date(2019, 1, 1)
IDS = ["a", "b", "c", "d"]

lines = st.lists(
    st.fixed_dictionaries(
        {
            "customer_id": st.sampled_from(IDS),
            "order_date": st.integers(0, (AS_OF - START).days + 60).map(
                lambda d: START + dt.timedelta(days=d)
            ),
            "amount": st.floats(-500, 5000, allow_nan=False),
            "cost": st.none() | st.floats(0, 6000, allow_nan=False),
            "currency": st.none() | st.sampled_from(["USD", "EUR", "TRY", "XXX"]),
            "country": st.none() | st.sampled_from(["US", "DE", "CN"]),
            "product": st.none() | st.sampled_from(["p1", "p2", "p3"]),
        }
    ),
    min_size=1,
    max_size=40,
)
masters = st.lists(
    st.fixed_dictionaries(
        {
            "customer_id": st.sampled_from([*IDS, "prospect"]),
            "relationship_level": st.none() | st.integers(1, 5),
            "market_trend": st.none() | st.integers(-2, 2),
            "lifespan_risk": st.none() | st.integers(1, 5),
            "delivery_sensitivity": st.none() | st.integers(1, 5),
            "payment_terms": st.none() | st.sampled_from(["TT", "L/C", "OA", "??"]),
        }
    ),
    max_size=5,
)
pays = st.lists(
    st.fixed_dictionaries(
        {
            "customer_id": st.sampled_from(IDS),
            "due_date": st.integers(0, 2000).map(lambda d: START + dt.timedelta(days=d)),
            "paid_date": st.none() | st.integers(0, 2100).map(lambda d: START + dt.timedelta(days=d)),
            "amount": st.floats(0, 5000, allow_nan=False),
        }
    ),
    max_size=8,
)
touches = st.lists(
    st.fixed_dictionaries(
        {
            "customer_id": st.sampled_from(IDS),
            "occurred_on": st.integers(0, 2000).map(lambda d: START + dt.timedelta(days=d)),
            "kind": st.sampled_from(["email_out", "call", "price_dispute", "terms_test", "complaint"]),
            "outcome": st.none() | st.sampled_from(["stayed", "switched"]),
        }
    ),
    max_size=8,
)


def _score(book: list, master: list, pay: list, touch: list, policy: Policy) -> pl.DataFrame:
    return score_customers(
        orders(*book), customers(*master), payments(*pay), interactions(*touch), as_of=AS_OF, policy=policy
    )


@FAST
@given(lines, masters, pays, touches)
def test_scores_stay_in_range(book: list, master: list, pay: list, touch: list) -> None:
    """Every dimension score and the total are null or within 0..100."""
    out = _score(book, master, pay, touch, Policy())
    for column in [
        *(f"{d}_score" for d in DIMENSIONS),
        "total_score",
        "profit_margin_score",
        "profit_total_score",
    ]:
        values = out[column].drop_nulls()
        assert values.is_finite().all(), column
        assert ((values >= 0.0) & (values <= 100.0)).all(), column


@FAST
@given(lines, masters, st.sampled_from(DIMENSIONS))
def test_zero_weight_removes_a_dimension(book: list, master: list, dropped: str) -> None:
    """With a zero weight the total equals the weighted mean of the other dimensions."""
    weights = {**Policy().weights, dropped: 0.0}
    out = _score(book, master, [], [], Policy(weights=weights))
    for r in out.iter_rows(named=True):
        known = {d: r[f"{d}_score"] for d in DIMENSIONS if d != dropped and r[f"{d}_score"] is not None}
        denominator = sum(weights[d] for d in known)
        if denominator == 0:
            assert r["total_score"] is None
        else:
            expected = sum(weights[d] * s for d, s in known.items()) / denominator
            assert abs(r["total_score"] - expected) < 1e-5  # scores are rounded to 6 decimals


@FAST
@given(lines, masters, pays, touches)
def test_rerunning_gives_identical_output(book: list, master: list, pay: list, touch: list) -> None:
    """Scoring the same facts twice gives the same frame (same rows, same order, same values)."""
    first = _score(book, master, pay, touch, Policy())
    second = _score(book, master, pay, touch, Policy())
    assert first.equals(second)


def _bounds(n: int) -> st.SearchStrategy[tuple[float, ...]]:
    return st.lists(st.integers(1, 99), min_size=n, max_size=n, unique=True).map(
        lambda xs: tuple(float(x) for x in sorted(xs, reverse=True))
    )


@FAST
@given(
    st.dictionaries(st.sampled_from(DIMENSIONS), st.floats(0.01, 10, allow_nan=False), min_size=1),
    _bounds(3),
    st.floats(0.0, 0.3, allow_nan=False),
    st.text(min_size=0, max_size=20),
    st.dictionaries(
        st.from_regex(r"[A-Z]{3}", fullmatch=True), st.floats(0, 80, allow_nan=False), max_size=4
    ),
)
def test_policy_toml_round_trip(
    weights: dict[str, float], grades: tuple[float, ...], margin_low: float, name: str, vol: dict[str, float]
) -> None:
    """Any valid policy written to TOML reads back equal (unicode names, floats, tables)."""
    policy = Policy(
        name=name,
        weights=weights,
        grades=GradePolicy(boundaries=grades),
        thresholds=dataclasses.replace(Thresholds(), margin_low=margin_low),
        currency_volatility=vol,
        currency_default=None,
    )
    assert policy_from_toml(policy_to_toml(policy)) == policy
