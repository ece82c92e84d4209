"""Today: the caller's ranked list, as the web page shows it (``laoke.cadence.services.today``)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from laoke.accounts.access import sees_everything
from laoke.api.auth import api_user
from laoke.cadence.services.drafts import build_draft
from laoke.cadence.services.today import build_today, daily_budget
from laoke.retention.permissions import visible_tasks

router = Router(tags=["today"])


class TodayDraftOut(Schema):
    """The mail the task proposes, filled in (the user still sends it)."""

    to: str
    subject: str
    body: str


class TodayItemOut(Schema):
    """One task of Today, in ranked order."""

    id: int
    kind: str
    title: str
    reason: str
    customer_id: int | None
    customer: str | None
    due: dt.date
    days_late: int
    urgent: bool
    urgent_kind: str
    urgent_label: str
    group: Literal["today", "later", "catch_up"]
    draft: TodayDraftOut | None


class TodayOut(Schema):
    """The ranked list with honest counts: today + later + catch_up = total."""

    as_of: dt.date
    budget: int
    total: int
    today: int
    later: int
    catch_up: int
    urgent: int
    items: list[TodayItemOut]


@router.get("/today", response=TodayOut, summary="Today's ranked list")
def today(request: HttpRequest) -> TodayOut:
    """The caller's tasks ranked as on the Today page: urgent ones first (open complaint, broken
    promise, payment overdue, top customer newly at risk, owner left), then by value × urgency.

    ``group`` tells where each task falls: ``today`` (at most the caller's daily budget), ``later``,
    or ``catch_up`` (not urgent and more than two weeks late). Title and reason are in the
    request's language; ``draft`` is the filled-in mail of tasks in ``today`` that have one. A
    manager gets their own tasks (the web page's person filter is not offered here).
    """
    user = api_user(request)
    day = timezone.localdate()
    scope = None if sees_everything(user) else visible_tasks(user)
    listing = build_today(today=day, assignee=user, scope=scope, budget=daily_budget(user))
    items = []
    for entry in listing.entries():
        made = build_draft(task=entry.task, user=user) if entry.group == "today" else None
        task = entry.task
        items.append(
            TodayItemOut(
                id=task.pk,
                kind=task.kind,
                title=task.title,
                reason=task.why,
                customer_id=task.customer_id,
                customer=task.customer.name if task.customer is not None else None,
                due=entry.due,
                days_late=entry.days_late,
                urgent=bool(entry.urgent_kind),
                urgent_kind=entry.urgent_kind,
                urgent_label=entry.urgent_label,
                group=entry.group,  # type: ignore[arg-type]
                draft=TodayDraftOut(to=made.to, subject=made.subject, body=made.body) if made else None,
            )
        )
    return TodayOut(
        as_of=day,
        budget=listing.budget,
        total=listing.total,
        today=len(listing.today),
        later=len(listing.later),
        catch_up=len(listing.catch_up),
        urgent=listing.urgent,
        items=items,
    )
