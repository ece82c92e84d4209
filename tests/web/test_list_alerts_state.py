"""The open alerts' state the customer list keys its alert lists with (``open_alerts_state``): one
statement written once per database, giving what the ORM's definition gives, and moving whenever
the set of open alerts does."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from laoke.accounts.models import User
from laoke.retention.models import Alert
from laoke.retention.services.alerts import dismiss_alert
from laoke.web.customer_query import open_alerts_state
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _defined() -> tuple[int, int, int]:
    """The state as defined: count and sum of the open alerts' ids, the highest id of all."""
    open_ids = list(Alert.objects.filter(dismissed_at__isnull=True).values_list("pk", flat=True))
    top = Alert.objects.aggregate(top=Max("pk"))["top"] or 0
    return (len(open_ids), sum(open_ids), top)


def test_no_alerts_is_all_zeros() -> None:
    assert open_alerts_state() == (0, 0, 0)


def test_the_state_is_the_definition_and_moves_with_every_change(manager: User) -> None:
    a, b = f.customer("Alpha"), f.customer("Bravo")
    alerts = [f.alert(a), f.alert(a), f.alert(b), f.alert(b)]
    seen = {open_alerts_state()}
    assert open_alerts_state() == _defined() and _defined()[0] == 4
    dismiss_alert(alert=alerts[1], user=manager, note="done")  # closed in place
    assert open_alerts_state() == _defined() and _defined()[0] == 3
    seen.add(open_alerts_state())
    Alert.objects.filter(pk=alerts[2].pk).update(dismissed_at=timezone.now())  # a bulk update
    assert open_alerts_state() == _defined() and _defined()[0] == 2
    seen.add(open_alerts_state())
    f.alert(b)  # a new one
    assert open_alerts_state() == _defined() and _defined()[0] == 3
    seen.add(open_alerts_state())
    alerts[3].delete()
    assert open_alerts_state() == _defined() and _defined()[0] == 2
    seen.add(open_alerts_state())
    # The highest id counts dismissed alerts too: a new alert dismissed at once still moves it.
    last = f.alert(a)
    Alert.objects.filter(pk=last.pk).update(dismissed_at=timezone.now())
    assert open_alerts_state() == _defined()
    seen.add(open_alerts_state())
    assert len(seen) == 6


def test_one_statement_without_a_filter_clause(manager: User) -> None:
    f.alert(f.customer("Alpha"))
    with CaptureQueriesContext(connection) as captured:
        open_alerts_state()
    assert len(captured) == 1
    assert "FILTER" not in captured[0]["sql"].upper()
