"""Total, grade, treatment matrix and hints."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from laoke.core.messages import from_rows
from laoke.core.scorecard import Policy, score_customers
from laoke.core.scorecard.policy import GradePolicy, ReviewPolicy, Thresholds
from tests.core.scorecard.factories import AS_OF, customers, line, monthly, orders, payments, row

D = dt.date


def test_unknown_dimensions_do_not_drag_the_total_down() -> None:
    """The total is the weighted mean over known dimensions only."""
    out = score_customers(orders(line("a", D(2024, 5, 1), 100.0)), as_of=AS_OF, policy=Policy())
    a = row(out, "a")
    w = Policy().weights
    known = {d: a[f"{d}_score"] for d in w if a[f"{d}_score"] is not None}
    expected = sum(w[d] * s for d, s in known.items()) / sum(w[d] for d in known)
    assert a["total_score"] == pytest.approx(expected)
    assert a["profit_score"] is None


def test_grade_names_and_boundaries_come_from_the_policy() -> None:
    """Custom grade names and boundaries are used."""
    policy = Policy(
        grades=GradePolicy(boundaries=(50.0,), names=("Key", "Other")),
        grade_treatments={},
        review=ReviewPolicy(promote_grades=("Key",), drop_grades=("Other",)),
    )
    out = score_customers(orders(line("a", D(2024, 5, 1), 100.0)), as_of=AS_OF, policy=policy)
    assert row(out, "a")["grade"] == ("Key" if row(out, "a")["total_score"] >= 50 else "Other")


def test_prospects_are_not_graded() -> None:
    """A customer record without purchases gets no grade (only existing customers are graded)."""
    out = score_customers(
        orders(line("a", D(2024, 5, 1), 100.0)),
        customers(dict(customer_id="p", payment_terms="LC")),
        as_of=AS_OF,
        policy=Policy(),
    )
    assert row(out, "p")["grade"] is None
    assert row(out, "p")["payment_risk_score"] == 85.0


def _book() -> tuple:
    # "rich": high margin, big, pays by L/C on time, but new (low loyalty)
    # "poor": thin margin, small, open account and overdue
    book = orders(
        line("rich", D(2024, 4, 1), 10_000.0, cost=5_000.0),
        *monthly("poor", 36, 100.0, cost=99.0),
        *monthly("mid", 36, 1_000.0, cost=800.0),
    )
    master = customers(
        dict(customer_id="rich", payment_terms="LC"),
        dict(customer_id="poor", payment_terms="OA"),
    )
    pays = payments(
        dict(customer_id="rich", due_date=D(2024, 5, 1), paid_date=D(2024, 5, 1), amount=10_000.0),
        dict(customer_id="poor", due_date=D(2024, 1, 1), amount=3_000.0),
    )
    return book, master, pays


def test_treatment_matrix() -> None:
    """High profit + good payment + low loyalty → study habits; low profit + bad payment → cut cost."""
    book, master, pays = _book()
    out = score_customers(book, master, pays, as_of=AS_OF, policy=Policy())
    assert row(out, "rich")["treatment_key"] == "study_habits"
    assert row(out, "poor")["treatment_key"] == "cut_cost"
    # The shipped treatments are codes: their words are the adapters' (no text in the frame).
    assert row(out, "rich")["treatment_en"] is None and row(out, "rich")["treatment_zh"] is None
    hints = {(m.code, m.params["dimension"]) for m in from_rows(row(out, "poor")["hints"])}
    assert ("scorecard.hint.control", "payment_risk") in hints
    assert ("scorecard.hint.improve", "profit") in hints


def test_treatment_falls_back_to_the_grade() -> None:
    """Without a matching rule the grade's treatment applies."""
    book, master, pays = _book()
    out = score_customers(book, master, pays, as_of=AS_OF, policy=Policy(treatments=()))
    r = row(out, "rich")
    assert r["treatment_key"] == f"grade_{r['grade']}"


def test_top_reasons_are_the_strongest_dimensions() -> None:
    """Top reasons are dimension codes (their explanations say why), at most ``top_reasons`` of them."""
    book, master, pays = _book()
    policy = Policy(thresholds=dataclasses.replace(Thresholds(), top_reasons=2))
    out = score_customers(book, master, pays, as_of=AS_OF, policy=policy)
    reasons = row(out, "poor")["top_reasons"]
    assert len(reasons) == 2 and len(set(reasons)) == 2
    assert set(reasons) <= set(Policy().weights)


def test_a_dormant_or_lost_customer_is_treated_by_its_state_unless_the_company_typed_it() -> None:
    """Shipped grade or rule treatments assume a customer who still buys: dormant and lost ones
    get their win-back treatment; the company's typed treatment and ungraded rows stay."""
    from laoke.core.scorecard.policy import treatment_in_state

    assert treatment_in_state("grade_B", "lost", typed=False) == "state_lost"
    assert treatment_in_state("return_profit", "dormant", typed=False) == "state_dormant"
    assert treatment_in_state("grade_B", "at_risk", typed=False) == "grade_B"
    assert treatment_in_state("grade_B", "active", typed=False) == "grade_B"
    assert treatment_in_state("grade_B", "lost", typed=True) == "grade_B"
    assert treatment_in_state("", "lost", typed=False) == ""
