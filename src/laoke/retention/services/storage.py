"""Store what the engine derived (scores, states, forecasts, alerts) — idempotently.

Derived rows are replaced wholesale inside the caller's transaction; alerts are matched by their
stable key so that recomputing never duplicates them and a user's dismissal is kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from laoke.customers.models import Customer
from laoke.retention.models import Alert, CustomerScore, Forecast, StateChange

BATCH = 2000


def customer_ids_by_code() -> dict[str, int]:
    """Map customer code → primary key."""
    return dict(Customer.objects.values_list("code", "id"))


def replace_scores(*, rows: Iterable[Mapping[str, Any]], as_of: dt.date, ids: Mapping[str, int]) -> int:
    """Replace every stored scorecard with ``rows`` (one mapping per customer). Returns rows written."""
    objects = [
        CustomerScore(
            customer_id=ids[row["customer_id"]],
            as_of=as_of,
            total=row.get("total"),
            grade=row.get("grade") or "",
            treatment_code=row.get("treatment_code") or "",
            treatment_en=row.get("treatment_en") or "",
            treatment_zh=row.get("treatment_zh") or "",
            state=row.get("state") or "",
            revenue_12m=row.get("revenue_12m") or 0.0,
            profit_12m=row.get("profit_12m"),
            dimensions=row.get("dimensions") or {},
            reasons=row.get("reasons") or [],
        )
        for row in rows
        if row["customer_id"] in ids
    ]
    CustomerScore.objects.all().delete()
    CustomerScore.objects.bulk_create(objects, batch_size=BATCH)
    return len(objects)


def replace_state_history(*, rows: Iterable[Mapping[str, Any]], ids: Mapping[str, int]) -> int:
    """Replace the lifecycle history with ``rows`` (customer_id, changed_on, state, reason)."""
    objects = [
        StateChange(
            customer_id=ids[row["customer_id"]],
            changed_on=row["changed_on"],
            state=row["state"],
            reason=(row.get("reason") or "")[:300],
        )
        for row in rows
        if row["customer_id"] in ids
    ]
    StateChange.objects.all().delete()
    StateChange.objects.bulk_create(objects, batch_size=BATCH)
    return len(objects)


def replace_forecasts(*, rows: Iterable[Mapping[str, Any]], as_of: dt.date, ids: Mapping[str, int]) -> int:
    """Replace every stored forecast with ``rows``."""
    objects = [
        Forecast(
            customer_id=ids[row["customer_id"]],
            as_of=as_of,
            next_order_on=row.get("next_order_on"),
            window_start=row.get("window_start"),
            window_end=row.get("window_end"),
            p_order_90d=row.get("p_order_90d"),
            expected_orders_365d=row.get("expected_orders_365d"),
            expected_value_365d=row.get("expected_value_365d"),
            reasons=row.get("reasons") or [],
            details=row.get("details") or {},
        )
        for row in rows
        if row["customer_id"] in ids
    ]
    Forecast.objects.all().delete()
    Forecast.objects.bulk_create(objects, batch_size=BATCH)
    return len(objects)


@dataclass(frozen=True)
class AlertSync:
    """What a recomputation did to the stored alerts."""

    raised: int
    still_open: int
    cleared: int


def sync_alerts(*, rows: Iterable[Mapping[str, Any]], as_of: dt.date, ids: Mapping[str, int]) -> AlertSync:
    """Bring stored alerts in line with the alerts computed as of ``as_of``.

    New keys are raised; known keys are refreshed (``last_seen_on``) and keep a dismissal; keys that
    no longer appear are marked cleared. Running it twice with the same rows changes nothing.
    """
    current = {row["key"]: row for row in rows if row["customer_id"] in ids}
    existing = {alert.key: alert for alert in Alert.objects.all()}
    new = [
        Alert(
            customer_id=ids[row["customer_id"]],
            key=key,
            code=row["code"],
            severity=int(row.get("severity") or 2),
            confidence=float(row.get("confidence") or 0.5),
            reason_en=row.get("reason_en") or "",
            reason_zh=row.get("reason_zh") or "",
            action_en=row.get("action_en") or "",
            action_zh=row.get("action_zh") or "",
            raised_on=as_of,
            last_seen_on=as_of,
        )
        for key, row in current.items()
        if key not in existing
    ]
    Alert.objects.bulk_create(new, batch_size=BATCH)
    refreshed = []
    for key, alert in existing.items():
        row = current.get(key)
        if row is None:
            continue
        alert.last_seen_on = as_of
        alert.cleared_on = None
        alert.severity = int(row.get("severity") or alert.severity)
        alert.confidence = float(row.get("confidence") or alert.confidence)
        alert.reason_en = row.get("reason_en") or alert.reason_en
        alert.reason_zh = row.get("reason_zh") or alert.reason_zh
        alert.action_en = row.get("action_en") or alert.action_en
        alert.action_zh = row.get("action_zh") or alert.action_zh
        refreshed.append(alert)
    Alert.objects.bulk_update(
        refreshed,
        [
            "last_seen_on",
            "cleared_on",
            "severity",
            "confidence",
            "reason_en",
            "reason_zh",
            "action_en",
            "action_zh",
        ],
        batch_size=BATCH,
    )
    gone = [key for key, alert in existing.items() if key not in current and alert.cleared_on is None]
    cleared = sum(
        Alert.objects.filter(key__in=gone[start : start + 500]).update(cleared_on=as_of)
        for start in range(0, len(gone), 500)
    )
    return AlertSync(raised=len(new), still_open=len(refreshed), cleared=cleared)
