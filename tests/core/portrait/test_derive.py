"""Portraits derived from orders, payments, scores and edits as of a date."""

from __future__ import annotations

import datetime as dt

import polars as pl

from laoke.core.portrait.derive import derive_portraits, inquiry_portraits

D = dt.date
AS_OF = D(2026, 6, 30)


def test_derived_dimensions_use_only_the_facts_up_to_as_of() -> None:
    """It sums the last year's purchases, names the main product line, measures lateness and new products."""
    customers = pl.DataFrame(
        {"customer_id": ["a", "b"], "kind": ["importer", "brand_owner"], "headcount": [40, None]}
    )
    orders = pl.DataFrame(
        {
            "customer_id": ["a", "a", "a", "a", "b"],
            "order_date": [D(2024, 1, 1), D(2025, 9, 1), D(2026, 3, 1), D(2026, 8, 1), D(2026, 1, 1)],
            "amount": [999.0, 300.0, 100.0, 5000.0, 50.0],
            "product": ["old", "old", "new", "new", "old"],
            "category": ["resins", "pigments", "resins", "resins", "resins"],
        }
    )
    products = pl.DataFrame({"product": ["old", "new"], "launched_on": [D(2015, 1, 1), D(2026, 1, 1)]})
    payments = pl.DataFrame(
        {
            "customer_id": ["a", "a", "a"],
            "due_date": [D(2026, 1, 1), D(2026, 2, 1), D(2026, 6, 20)],
            "paid_date": [D(2026, 1, 11), D(2026, 1, 30), None],
        }
    )
    scores = pl.DataFrame({"customer_id": ["a"], "grade": ["A"], "loyalty_score": [80.0]})
    edits = pl.DataFrame({"customer_id": ["b"], "product_line": ["pigments"], "attributes": [["purity"]]})
    out = derive_portraits(
        customers, orders, as_of=AS_OF, payments=payments, products=products, edits=edits, scores=scores
    )
    a, b = out.sort("id").to_dicts()
    assert a["channel"] == "distributor" and a["brand"] is None and b["channel"] == "end_user"
    assert b["brand"] == "brand_owner"
    assert a["volume"] == 400.0  # the 2024 order is too old, the August one is after as_of
    assert a["product_line"] == "pigments"  # 300 of pigments beats 100 of resins within two years
    assert a["new_products"] == 0.25
    assert a["punctuality"] == (10 + 0 + 10) / 3
    assert a["loyalty"] == 0.8 and a["grade"] == "A"
    assert b["product_line"] == "pigments" and b["attributes"] == ["purity"] and b["grade"] is None


def test_an_explicit_role_wins_over_the_kind() -> None:
    """It reads the channel from the kind unless the inquiry says otherwise."""
    out = inquiry_portraits(
        pl.DataFrame({"id": ["1", "2"], "kind": ["trader", "trader"], "channel": [None, "end_user"]})
    )
    assert out["channel"].to_list() == ["distributor", "end_user"]
