from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

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


def _coded(key: str, days: int) -> dict[str, object]:
    """An alert row as the core computes it: reason and action as message structs, no texts."""
    return {
        "key": key,
        "customer_id": "C1",
        "code": "long_silence",
        "severity": 3,
        "confidence": 0.9,
        "reason": [{"code": "alert.long_silence.reason", "params": f'{{"days": {days}, "years": 4.5}}'}],
        "action": {"code": "alert.long_silence.action", "params": "{}"},
    }


def test_coded_alerts_store_their_messages_and_refresh_the_figures(ids: dict[str, int]) -> None:
    """New rows keep codes and figures, no texts; a later run brings new figures; a repeat changes nothing."""
    storage.sync_alerts(rows=[_coded("C1:silent", 120)], as_of=DAY, ids=ids)
    alert = Alert.objects.get()
    assert alert.reason_msg == [{"code": "alert.long_silence.reason", "params": {"days": 120, "years": 4.5}}]
    assert alert.action_msg == [{"code": "alert.long_silence.action", "params": {}}]
    assert (alert.reason_en, alert.reason_zh, alert.action_en, alert.action_zh) == ("", "", "", "")
    with translation.override("en"):
        assert alert.reason == "Customer for 4.5 years, no order for 120 days."
        assert (
            alert.action == "A three-year customer has been silent for three months: arrange a call or visit."
        )
    with translation.override("zh-hans"):
        assert alert.reason == "合作4.5年的客户，已120天没有下单。"
        assert alert.action == "三年以上的老客户已三个月未下单：安排电话或拜访。"
    later = DAY + dt.timedelta(days=10)
    storage.sync_alerts(rows=[_coded("C1:silent", 130)], as_of=later, ids=ids)
    alert.refresh_from_db()
    assert alert.reason_msg[0]["params"]["days"] == 130 and alert.last_seen_on == later
    with CaptureQueriesContext(connection) as queries:
        storage.sync_alerts(rows=[_coded("C1:silent", 130)], as_of=later, ids=ids)
    assert not [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")]
