"""GET /api/today: the ranked list of the Today page, with reasons in the caller's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from laoke.cadence.models import TodaySettings
from tests.api.conftest import client_for
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def test_today_api_ranks_like_the_page_and_counts_honestly(people: dict[str, Any]) -> None:
    sales1, alpha = people["sales1"], people["alpha"]
    today = timezone.localdate()
    TodaySettings.objects.create(user=sales1, daily_budget=5)
    for i in range(8):
        f.task(alpha, sales1, today - dt.timedelta(days=i), kind="monthly_touch")
    f.task(alpha, sales1, today - dt.timedelta(days=30), kind="festival", title_en="Stale greeting")
    complaint = f.task(
        people["beta"],
        sales1,
        today + dt.timedelta(days=2),
        kind="complaint",
        title_en="Resolve the complaint",
        title_zh="处理客户投诉",
        why_en="An open complaint puts the customer at risk.",
        why_zh="未处理的投诉会让客户面临流失风险。",
    )
    f.task(people["gamma"], people["sales2"], today, title_en="Not yours")

    body = client_for(sales1).get("/today").json()
    assert (body["budget"], body["total"], body["today"], body["later"], body["catch_up"]) == (5, 10, 5, 4, 1)
    assert body["urgent"] == 1
    first = body["items"][0]
    assert first["id"] == complaint.pk and first["urgent"] and first["urgent_kind"] == "complaint"
    assert first["urgent_label"] == "Open complaint" and first["group"] == "today"
    assert (
        first["reason"] == "An open complaint puts the customer at risk." and first["customer"] == "Beta SARL"
    )
    assert [i["group"] for i in body["items"]] == ["today"] * 5 + ["later"] * 4 + ["catch_up"]
    assert body["items"][-1]["title"] == "Stale greeting" and body["items"][-1]["days_late"] == 30
    assert all(i["title"] != "Not yours" for i in body["items"])

    chinese = client_for(sales1, "zh-hans").get("/today").json()["items"][0]
    assert chinese["title"] == "处理客户投诉" and chinese["reason"] == "未处理的投诉会让客户面临流失风险。"
    assert chinese["urgent_label"] == "未解决投诉"


def test_today_api_gives_the_draft_of_todays_mail_tasks(people: dict[str, Any]) -> None:
    sales1, alpha = people["sales1"], people["alpha"]
    f.contact(alpha, "Hans Weber", email="hans@alpha.example", language="en")
    f.task(alpha, sales1, timezone.localdate(), kind="monthly_touch")
    item = client_for(sales1).get("/today").json()["items"][0]
    assert item["draft"] is not None and item["draft"]["to"] == "hans@alpha.example"
    assert isinstance(item["draft"]["subject"], str) and "Hans" in item["draft"]["body"]


def test_today_api_needs_a_token() -> None:
    from django.test import Client

    assert Client().get("/api/today").status_code == 401
