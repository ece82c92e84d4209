from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from laoke.customers.models import Customer
from laoke.retention.models import Alert, CustomerScore
from laoke.retention.services import storage

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 1)


def _alert(key: str, customer: str = "C1", severity: int = 2) -> dict[str, object]:
    return {
        "key": key,
        "customer_id": customer,
        "code": "overdue",
        "severity": severity,
        "confidence": 0.8,
        "reason_en": "Overdue against its own rhythm.",
        "reason_zh": "超过自身采购周期未下单。",
        "action_en": "Call them.",
        "action_zh": "打电话。",
    }


@pytest.fixture
def ids() -> dict[str, int]:
    Customer.objects.create(code="C1", name="One")
    Customer.objects.create(code="C2", name="Two")
    return storage.customer_ids_by_code()


def test_recomputing_alerts_does_not_duplicate_them(ids: dict[str, int]) -> None:
    """It raises an alert once, and a second identical run changes nothing."""
    first = storage.sync_alerts(rows=[_alert("C1:overdue")], as_of=DAY, ids=ids)
    second = storage.sync_alerts(rows=[_alert("C1:overdue")], as_of=DAY, ids=ids)
    assert (first.raised, second.raised, second.still_open) == (1, 0, 1)
    assert Alert.objects.count() == 1


def test_a_dismissed_alert_stays_dismissed_when_recomputed(ids: dict[str, int]) -> None:
    """It keeps the user's dismissal and note when the same alert is computed again."""
    storage.sync_alerts(rows=[_alert("C1:overdue")], as_of=DAY, ids=ids)
    Alert.objects.update(dismissed_at=timezone.now(), dismissed_note="Visited last week")
    storage.sync_alerts(rows=[_alert("C1:overdue", severity=3)], as_of=DAY + dt.timedelta(days=1), ids=ids)
    alert = Alert.objects.get()
    assert alert.dismissed_note == "Visited last week"
    assert alert.severity == 3
    assert alert.last_seen_on == DAY + dt.timedelta(days=1)


def test_an_alert_whose_condition_ended_is_cleared_and_can_return(ids: dict[str, int]) -> None:
    """It marks an alert cleared when no longer computed, and reopens it when it comes back."""
    storage.sync_alerts(rows=[_alert("C1:overdue"), _alert("C2:overdue", "C2")], as_of=DAY, ids=ids)
    result = storage.sync_alerts(rows=[_alert("C2:overdue", "C2")], as_of=DAY, ids=ids)
    assert result.cleared == 1
    assert Alert.objects.get(key="C1:overdue").cleared_on == DAY
    storage.sync_alerts(rows=[_alert("C1:overdue")], as_of=DAY, ids=ids)
    assert Alert.objects.get(key="C1:overdue").cleared_on is None


def test_scores_are_replaced_not_added(ids: dict[str, int]) -> None:
    """It keeps one scorecard per customer however often scores are stored, skipping unknown codes."""
    rows = [{"customer_id": "C1", "total": 71.5, "grade": "B"}, {"customer_id": "ZZ", "grade": "A"}]
    assert storage.replace_scores(rows=rows, as_of=DAY, ids=ids) == 1
    storage.replace_scores(rows=[{"customer_id": "C1", "total": 80.0, "grade": "A"}], as_of=DAY, ids=ids)
    assert list(CustomerScore.objects.values_list("grade", "total")) == [("A", 80.0)]
