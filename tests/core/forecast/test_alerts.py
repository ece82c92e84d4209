"""Early-warning alerts on hand-built frames."""

from __future__ import annotations

import datetime as dt

import polars as pl

from laoke.core.forecast.alerts import order_alerts, relationship_alerts
from laoke.core.schema import CUSTOMER_SCHEMA, INTERACTION_SCHEMA, PAYMENT_SCHEMA, PROMISE_SCHEMA
from tests.core.forecast.factories import orders

AS_OF = dt.date(2024, 6, 1)


def _codes(alerts: pl.DataFrame, customer: str) -> set[str]:
    return set(alerts.filter(pl.col("customer_id") == customer)["code"].to_list())


def _book() -> pl.DataFrame:
    rows = []
    # Monthly buyer since 2020 who stopped in January 2024: overdue and long silent.
    rows += [("LATE", f"{y}-{m:02d}-10", 100.0) for y in range(2020, 2024) for m in range(1, 13)]
    rows += [("LATE", "2024-01-10", 100.0)]
    # Monthly buyer still on rhythm.
    rows += [("OK", f"{y}-{m:02d}-20", 100.0) for y in (2022, 2023) for m in range(1, 13)]
    rows += [("OK", f"2024-{m:02d}-20", 100.0) for m in range(1, 6)]
    # Growing then collapsing yearly volume.
    rows += [("DROP", f"2021-{m:02d}-01", 100.0) for m in range(7, 13)]
    rows += [("DROP", f"2022-{m:02d}-01", 100.0) for m in range(1, 7)]
    rows += [("DROP", f"2022-{m:02d}-15", 300.0) for m in range(7, 13)]
    rows += [("DROP", f"2023-{m:02d}-15", 300.0) for m in range(1, 7)]
    rows += [("DROP", "2023-07-15", 200.0), ("DROP", "2024-05-15", 100.0)]
    # Orders after as_of must not hide an alert.
    rows += [("LATE", "2024-07-01", 100.0)]
    return orders(rows)


def test_order_alerts_flag_the_right_customers() -> None:
    """Overdue and long-silent for the stopped buyer, volume drop for the shrinking one, none for OK."""
    alerts = order_alerts(_book(), as_of=AS_OF)
    assert {"overdue", "long_silence"} <= _codes(alerts, "LATE")
    assert "volume_drop" in _codes(alerts, "DROP")
    assert _codes(alerts, "OK") == set()
    assert alerts["reason_zh"].str.len_chars().min() > 0
    assert alerts["action_en"].str.len_chars().min() > 0


def test_recomputing_is_idempotent() -> None:
    """The same inputs give the same alert keys; keys are unique."""
    first = order_alerts(_book(), as_of=AS_OF)
    second = order_alerts(_book(), as_of=AS_OF)
    assert first["key"].to_list() == second["key"].to_list()
    assert first["key"].n_unique() == first.height


def test_relationship_alerts() -> None:
    """Owner left, open complaint, late payment and broken promise each raise one alert."""
    customers = pl.DataFrame(
        {"customer_id": ["A", "B"], "owner": ["li", "wang"], "owner_active": [False, True]}
    ).with_columns(
        [
            pl.lit(None, dtype=t).alias(c)
            for c, t in CUSTOMER_SCHEMA.items()
            if c not in ("customer_id", "owner", "owner_active")
        ]
    )
    interactions = pl.DataFrame(
        {
            "customer_id": ["A", "B", "B"],
            "occurred_on": [dt.date(2024, 5, 1), dt.date(2024, 5, 2), dt.date(2024, 7, 1)],
            "kind": ["complaint", "complaint", "complaint"],
            "resolved_on": [None, dt.date(2024, 5, 3), None],
        },
        schema_overrides={k: v for k, v in INTERACTION_SCHEMA.items() if k in ("occurred_on", "resolved_on")},
    )
    payments = pl.DataFrame(
        {
            "customer_id": ["A", "B", "B"],
            "due_date": [dt.date(2024, 3, 1), dt.date(2024, 3, 1), dt.date(2024, 5, 25)],
            "paid_date": [dt.date(2024, 3, 5), dt.date(2024, 4, 30), None],
            "amount": [1.0, 1.0, 1.0],
        },
        schema_overrides={k: v for k, v in PAYMENT_SCHEMA.items() if k in ("due_date", "paid_date")},
    )
    promises = pl.DataFrame(
        {
            "customer_id": ["A", "B"],
            "due_date": [dt.date(2024, 4, 1), dt.date(2024, 4, 1)],
            "kept": [None, True],
            "kept_on": [None, dt.date(2024, 3, 30)],
        },
        schema=PROMISE_SCHEMA,
    )
    alerts = relationship_alerts(
        as_of=AS_OF, customers=customers, payments=payments, interactions=interactions, promises=promises
    )
    assert _codes(alerts, "A") == {"owner_left", "open_complaint", "broken_promise"}
    assert _codes(alerts, "B") == {"late_payment"}
    again = relationship_alerts(
        as_of=AS_OF, customers=customers, payments=payments, interactions=interactions, promises=promises
    )
    assert again["key"].to_list() == alerts["key"].to_list()


def test_overdue_confidence_comes_from_the_forecast_when_given() -> None:
    """With a forecast the overdue alert states the chance of no order, in both languages."""
    plain = order_alerts(_book(), as_of=AS_OF).filter(pl.col("code") == "overdue")
    chance = pl.DataFrame({"customer_id": ["LATE", "OK", "DROP"], "p_order": [0.25, 0.9, 0.5]})
    told = order_alerts(_book(), as_of=AS_OF, p_order=chance, p_order_days=90).filter(
        pl.col("code") == "overdue"
    )
    late = told.filter(pl.col("customer_id") == "LATE").row(0, named=True)
    assert late["confidence"] == 0.75
    assert late["severity"] == "high"
    # The chance reads in words with its window, not as a bare percentage.
    assert "About 3 in 10 chance of an order in the next 90 days." in late["reason_en"]
    assert "未来90天内下单的可能性约三成。" in late["reason_zh"]
    assert "%" not in late["reason_en"] and "%" not in late["reason_zh"]
    # Who is flagged and the episode keys do not depend on the forecast (dismissals survive).
    assert told["key"].to_list() == plain["key"].to_list()
    # Without the forecast the rhythm alone speaks, and it is far more certain.
    assert plain.filter(pl.col("customer_id") == "LATE")["confidence"].item() > 0.9
    unlikely = pl.DataFrame({"customer_id": ["LATE"], "p_order": [0.7]})
    calm = order_alerts(_book(), as_of=AS_OF, p_order=unlikely).filter(pl.col("code") == "overdue")
    assert calm.filter(pl.col("customer_id") == "LATE")["severity"].item() == "medium"
