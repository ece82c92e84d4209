"""GET /api/tasks and /api/today word rule-made tasks (stored as codes) in the request's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from laoke.core.messages import Message
from laoke.platform.messages import to_stored
from laoke.retention.models import Task
from tests.api.conftest import client_for
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def ladder_task(people: dict[str, Any]) -> Task:
    """The first ladder step as the cadence rules store it: codes with figures, no text."""
    sent = timezone.localdate() - dt.timedelta(days=3)
    return Task.objects.create(
        customer=people["alpha"],
        assignee=people["sales1"],
        due_on=timezone.localdate(),
        kind="ladder_ask",
        rule_key="ladder:1:1",
        title_msg=to_stored(Message("cadence.ladder.ask.title")),
        why_msg=to_stored(Message("cadence.ladder.ask.why", {"days": 3, "subject": "Offer", "sent": sent})),
    )


def test_tasks_give_the_title_in_the_request_language_and_both_for_older_clients(
    people: dict[str, Any],
) -> None:
    """``title``/``why`` follow Accept-Language; ``title_en``/``title_zh`` stay filled, worded."""
    task = ladder_task(people)
    (english,) = client_for(people["sales1"]).get("/tasks").json()["items"]
    assert english["id"] == task.pk
    assert english["title"] == english["title_en"] == "Ask whether the mail arrived"
    assert english["title_zh"] == "询问邮件是否收到"
    assert english["why"] == english["why_en"] and english["why"].startswith("No reply for 3 days to “Offer”")
    assert "已 3 天未回复：礼貌询问是否收到。" in english["why_zh"]
    (chinese,) = client_for(people["sales1"], "zh-hans").get("/tasks").json()["items"]
    assert chinese["title"] == "询问邮件是否收到" and chinese["title_en"] == "Ask whether the mail arrived"
    assert chinese["why"] == chinese["why_zh"]


def test_tasks_of_rows_stored_the_old_way_keep_their_text(people: dict[str, Any]) -> None:
    """A typed or older task's own English and Chinese come back as stored."""
    f.task(people["alpha"], people["sales1"], timezone.localdate(), title_en="Old way", title_zh="旧方式")
    (item,) = client_for(people["sales1"], "zh-hans").get("/tasks").json()["items"]
    assert (item["title"], item["title_en"], item["title_zh"]) == ("旧方式", "Old way", "旧方式")


def test_today_words_rule_tasks_in_the_request_language(people: dict[str, Any]) -> None:
    """The Today list's title and reason of a rule task are worded, not empty."""
    ladder_task(people)
    (english,) = client_for(people["sales1"]).get("/today").json()["items"]
    assert english["title"] == "Ask whether the mail arrived" and "“Offer”" in english["reason"]
    (chinese,) = client_for(people["sales1"], "zh-hans").get("/today").json()["items"]
    assert chinese["title"] == "询问邮件是否收到" and "礼貌询问是否收到" in chinese["reason"]
