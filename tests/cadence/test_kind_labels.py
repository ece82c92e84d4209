"""Every kind of task has a name in the reader's language: Today's filter chips and the follow-up
plan's table showed the codes "alert", "complaint" and "handover"."""

from __future__ import annotations

import pytest
from django.utils import translation

from laoke.cadence.services.reports import kind_label
from laoke.cadence.services.trips import FOLLOW_UP_KIND
from laoke.cadence.services.urgent import NEWLY_AT_RISK_KIND
from laoke.core.cadence.model import TaskKind
from laoke.retention.services.activity import COMPLAINT_TASK_KIND, FOLLOW_UP_TASK_KIND, PERSONAL_TASK_KIND
from laoke.retention.services.alerts import ALERT_TASK_KIND

KINDS = [
    *TaskKind.ALL,
    ALERT_TASK_KIND,
    NEWLY_AT_RISK_KIND,
    COMPLAINT_TASK_KIND,
    FOLLOW_UP_TASK_KIND,
    PERSONAL_TASK_KIND,
    FOLLOW_UP_KIND,
    "handover",
]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_task_kind_has_a_name(language: str) -> None:
    """No kind is shown as its code, and two kinds never share a name."""
    with translation.override(language):
        names = {kind: kind_label(kind) for kind in KINDS}
    assert not [kind for kind, name in names.items() if name == kind], names
    assert len(set(names.values())) == len(set(KINDS)), names
