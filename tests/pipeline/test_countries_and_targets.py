"""Country names read like the imports (web form and CLI); A/B/C targets get follow-ups at the tier's pace."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone, translation

from laoke.accounts.models import User
from laoke.pipeline.models import Prospect, ProspectStatusChoices
from laoke.pipeline.services.board import move_prospect
from laoke.pipeline.services.targets import sync_target_tasks
from laoke.retention.models import Task, TaskStatusChoices

pytestmark = pytest.mark.django_db


def test_the_web_form_reads_a_chinese_country_name(sales_client: Client) -> None:
    today = timezone.localdate().isoformat()
    response = sales_client.post(
        "/inquiries/new/", {"name": "Berlin GmbH", "country": "德国", "created_on": today}
    )
    assert response.status_code == 302 and Prospect.objects.get().country == "DE"
    page = sales_client.get(response["Location"]).content.decode()
    assert "Germany" in page


def test_the_web_form_names_the_field_and_the_value_it_does_not_know(sales_client: Client) -> None:
    today = timezone.localdate().isoformat()
    response = sales_client.post("/inquiries/new/", {"name": "X", "country": "Atlantis", "created_on": today})
    assert response.status_code == 400 and not Prospect.objects.exists()
    assert "Country: “Atlantis” is not a country we know" in response.content.decode()


def test_the_cli_reads_country_names_like_the_imports(tmp_path: Path, sales: User) -> None:
    path = tmp_path / "inq.csv"
    path.write_text("name,国家\nA,德国\nB,Deutschland\nC,UK\n", encoding="utf-8")
    with translation.override("en"):
        call_command("inquiries", "score", str(path), "--save", stdout=StringIO())
    assert sorted(Prospect.objects.values_list("country", flat=True)) == ["DE", "DE", "GB"]


def test_the_cli_names_the_row_column_and_value_it_does_not_know(tmp_path: Path) -> None:
    path = tmp_path / "inq.csv"
    path.write_text("name,country\nA,Atlantis\n", encoding="utf-8")
    with (
        pytest.raises(CommandError, match=r"Row 2, “country”: “Atlantis” is not a country we know"),
        translation.override("en"),
    ):
        call_command("inquiries", "score", str(path), stdout=StringIO())


def _target(owner: User, name: str = "Target Co") -> Prospect:
    return Prospect.objects.create(name=name, owner=owner, created_on=dt.date(2026, 1, 5))


@pytest.mark.parametrize(("tier", "days"), [("A", 7), ("B", 14), ("C", 30)])
def test_a_target_gets_a_follow_up_at_its_tiers_pace(sales: User, tier: str, days: int) -> None:
    p = _target(sales)
    day = dt.date(2026, 3, 2)
    move_prospect(prospect=p, to=tier, user=sales, today=day)
    task = Task.objects.get(details__target_id=p.pk)
    assert (
        task.assignee == sales and task.kind == "follow_up" and task.due_on == day + dt.timedelta(days=days)
    )
    assert task.title_en == task.why_en == ""  # codes, worded in the reader's language
    win_by = day + dt.timedelta(days={"A": 91, "B": 182, "C": 365}[tier])
    pace = {"A": "every week", "B": "every two weeks", "C": "every month"}[tier]
    with translation.override("en"):
        assert task.title == f"Follow up target Target Co ({tier})"
        assert task.why.startswith(f"{tier} target since 03/02/2026: a follow-up {pace}, to win within")
        assert task.why.endswith(f"(by {win_by:%m/%d/%Y}).")
    with translation.override("zh-hans"):
        assert task.title == f"跟进{tier}类目标客户 Target Co"
        assert task.why.startswith(f"自2026年3月2日起为{tier}类目标客户：")
        assert task.why.endswith(f"（{win_by.year}年{win_by.month}月{win_by.day}日前）。")
    # Running again makes no second task; the next one comes after this one is done.
    assert sync_target_tasks(today=day) == 0
    Task.objects.filter(pk=task.pk).update(
        status=TaskStatusChoices.DONE, done_at=timezone.make_aware(dt.datetime(2026, 3, 5, 10))
    )
    sync_target_tasks(today=dt.date(2026, 3, 6))
    new = Task.objects.get(details__target_id=p.pk, status=TaskStatusChoices.OPEN)
    assert new.due_on == max(dt.date(2026, 3, 5) + dt.timedelta(days=days), dt.date(2026, 3, 6))


def test_moving_to_another_tier_or_winning_changes_the_follow_up(sales: User) -> None:
    p = _target(sales)
    move_prospect(prospect=p, to="C", user=sales, today=dt.date(2026, 3, 2))
    move_prospect(prospect=p, to="A", user=sales, today=dt.date(2026, 3, 4))
    task = Task.objects.get(details__target_id=p.pk, status=TaskStatusChoices.OPEN)
    assert task.due_on == dt.date(2026, 3, 11) and task.details["tier"] == "A"
    move_prospect(prospect=p, to="won", user=sales, today=dt.date(2026, 3, 9))
    assert not Task.objects.filter(details__target_id=p.pk, status=TaskStatusChoices.OPEN).exists()


def test_the_board_and_the_page_show_days_in_tier_and_the_next_step(
    sales_client: Client, sales: User
) -> None:
    p = _target(sales)
    today = timezone.localdate()
    move_prospect(prospect=p, to="B", user=sales, today=today - dt.timedelta(days=3))
    assert Prospect.objects.get().status == ProspectStatusChoices.TARGET
    due = (today + dt.timedelta(days=11)).strftime("%m/%d/%Y")
    board = sales_client.get("/pipeline/").content.decode()
    assert "3 days in tier" in board and f"next: follow up by {due}" in board
    page = sales_client.get(f"/inquiries/{p.pk}/").content.decode()
    assert "B target for 3 days" in page and f"Next step: follow up by {due}." in page


def test_the_date_field_keeps_an_iso_date_in_chinese(client: Client, sales: User) -> None:
    """A date input only takes 2026-12-06: in Chinese it showed 2026/12/06, the browser sent nothing (400)."""
    client.force_login(sales)
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/inquiries/").content.decode()
    assert f'name="created_on" value="{timezone.localdate().isoformat()}"' in page
