"""Early-warning alerts on hand-built frames."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from laoke.core.forecast.alerts import CODES, order_alerts, relationship_alerts
from laoke.core.messages import Message, from_rows
from laoke.core.schema import CUSTOMER_SCHEMA, INTERACTION_SCHEMA, PAYMENT_SCHEMA, PROMISE_SCHEMA
from tests.core.forecast.factories import orders

AS_OF = dt.date(2024, 6, 1)


def _codes(alerts: pl.DataFrame, customer: str) -> set[str]:
    return set(alerts.filter(pl.col("customer_id") == customer)["code"].to_list())


def _said(alerts: pl.DataFrame, customer: str, code: str) -> tuple[list[Message], Message]:
    """The reason messages and the action message of one alert."""
    row = alerts.filter((pl.col("customer_id") == customer) & (pl.col("code") == code)).row(0, named=True)
    return from_rows(row["reason"]), Message.from_json(row["action"])


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
    # Reasons and actions are codes with figures, no words (the adapters word them).
    assert set(alerts.columns) == {"customer_id", "code", "severity", "confidence", "reason", "action", "key"}
    reasons, action = _said(alerts, "LATE", "overdue")
    assert [m.code for m in reasons] == ["alert.overdue.rhythm"]
    assert set(reasons[0].params) == {"usual_days", "since_days", "late_days"}
    assert reasons[0].params["since_days"] == (AS_OF - dt.date(2024, 1, 10)).days
    assert reasons[0].params["usual_days"] == pytest.approx(31, abs=1.5)
    assert reasons[0].params["late_days"] == pytest.approx(
        reasons[0].params["since_days"] - reasons[0].params["usual_days"]
    )
    assert action == Message("alert.overdue.action")
    reasons, action = _said(alerts, "LATE", "long_silence")
    assert reasons == [
        Message("alert.long_silence.reason", {"years": pytest.approx(4.39, abs=0.01), "days": 143})
    ]
    assert action == Message("alert.long_silence.action")
    reasons, _ = _said(alerts, "DROP", "volume_drop")
    assert reasons[0].code == "alert.volume_drop.reason"
    figures = reasons[0].params
    assert figures["peak"] > figures["before"] > 0 and figures["now"] < figures["peak"]
    assert figures["drop"] == pytest.approx(1 - figures["now"] / figures["peak"])


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
    assert _said(alerts, "A", "owner_left") == (
        [Message("alert.owner_left.reason", {"owner": "li"})],
        Message("alert.owner_left.action"),
    )
    assert _said(alerts, "A", "open_complaint")[0] == [
        Message("alert.open_complaint.reason", {"count": 1, "oldest_days": 31})
    ]
    assert _said(alerts, "B", "late_payment")[0] == [
        Message("alert.late_payment.reason", {"count": 1, "threshold_days": 15, "worst_days": 60})
    ]
    assert _said(alerts, "A", "broken_promise")[0] == [Message("alert.broken_promise.reason", {"count": 1})]
    assert {Message.from_json(a).code for a in alerts["action"].to_list()} <= {
        f"alert.{c}.action" for c in CODES
    }
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
    # The reason goes on with the chance as a fraction with its window, not as a bare percentage.
    reasons = from_rows(late["reason"])
    assert [m.code for m in reasons] == ["alert.overdue.rhythm", "forecast.chance.tenths"]
    assert reasons[1].params == {"tenths": 3, "days": 90}
    # Who is flagged and the episode keys do not depend on the forecast (dismissals survive).
    assert told["key"].to_list() == plain["key"].to_list()
    # Without the forecast the rhythm alone speaks, and it is far more certain.
    assert plain.filter(pl.col("customer_id") == "LATE")["confidence"].item() > 0.9
    unlikely = pl.DataFrame({"customer_id": ["LATE"], "p_order": [0.7]})
    calm = order_alerts(_book(), as_of=AS_OF, p_order=unlikely).filter(pl.col("code") == "overdue")
    assert calm.filter(pl.col("customer_id") == "LATE")["severity"].item() == "medium"
