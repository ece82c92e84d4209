"""Today, ranked and bounded: the page, the API and the CLI read the same list from here.

:func:`build_today` loads the open tasks of the agenda in one query (customer, grade and assignee
joined), ranks them with the pure rule ``laoke.core.cadence.ranking.rank`` and splits them into
today (at most the person's daily budget), later, and catch-up (not urgent, more than two weeks
late). :func:`act_on_catch_up` snoozes, reschedules or dismisses catch-up tasks in bulk with one
conditional UPDATE. Services never commit: the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from laoke.accounts.models import User
from laoke.cadence.models import TodaySettings
from laoke.cadence.services.urgent import NEWLY_AT_RISK_KIND, URGENT_ALERTS
from laoke.core.cadence.ranking import CATCH_UP_DAYS, DEFAULT_BUDGET, Item, Ranked, rank
from laoke.interactions.services import COMPLAINT_TASK_KIND
from laoke.retention.models import Task, TaskStatusChoices
from laoke.retention.services.alerts import ALERT_TASK_KIND
from laoke.retention.services.scoring import current_policy
from laoke.retention.services.tasks import SCORE_FIELDS_NOT_SHOWN, agenda_tasks

#: What each urgent kind is called on the page and in the API.
URGENT_LABELS = {
    "complaint": _("Open complaint"),
    "broken_promise": _("Broken promise"),
    "payment_overdue": _("Payment overdue"),
    "newly_at_risk": _("Top customer newly at risk"),
    "owner_left": _("Owner left"),
}
#: Days a catch-up task is snoozed by the bulk "snooze" action.
CATCH_UP_SNOOZE_DAYS = 7
CATCH_UP_ACTIONS = ("snooze", "reschedule", "dismiss")
#: Task kinds that are never in catch-up (urgent work stays on top until it is dealt with).
URGENT_TASK_KINDS = (COMPLAINT_TASK_KIND, ALERT_TASK_KIND, NEWLY_AT_RISK_KIND)
GRADES_CACHE_SECONDS = 60
OPEN = (TaskStatusChoices.OPEN, TaskStatusChoices.SNOOZED)


class CatchUpError(ValueError):
    """The bulk action cannot be done (unknown action, no date, a date not in the future)."""


def urgent_kind(task: Task) -> str:
    """The urgent kind of a task (see ``laoke.core.cadence.ranking.URGENT_KINDS``), or ``""``."""
    if task.kind == COMPLAINT_TASK_KIND:
        return "complaint"
    if task.kind == NEWLY_AT_RISK_KIND:
        return "newly_at_risk"
    if task.kind == ALERT_TASK_KIND:
        return URGENT_ALERTS.get(str((task.details or {}).get("code", "")), "")
    return ""


@dataclass(frozen=True)
class Entry:
    """One task on Today with its place in the ranking."""

    task: Task
    ranked: Ranked
    urgent_kind: str

    @property
    def group(self) -> str:
        return self.ranked.group

    @property
    def days_late(self) -> int:
        return self.ranked.days_late

    @property
    def urgent_label(self) -> str:
        return str(URGENT_LABELS.get(self.urgent_kind, ""))

    @property
    def due(self) -> dt.date:
        return self.ranked.item.due


@dataclass
class TodayList:
    """Today's tasks split by the budget; counts are of every task in the agenda (nothing hidden)."""

    budget: int
    today: list[Entry] = field(default_factory=list)
    later: list[Entry] = field(default_factory=list)
    catch_up: list[Entry] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.today) + len(self.later) + len(self.catch_up)

    @property
    def urgent(self) -> int:
        return sum(1 for e in (*self.today, *self.later) if e.urgent_kind)

    def entries(self) -> list[Entry]:
        return [*self.today, *self.later, *self.catch_up]


def daily_budget(user: User | None) -> int:
    """The person's daily budget (:data:`DEFAULT_BUDGET` until they set one)."""
    if user is None:
        return DEFAULT_BUDGET
    chosen = TodaySettings.objects.filter(user=user).values_list("daily_budget", flat=True).first()
    return int(chosen) if chosen else DEFAULT_BUDGET


def set_daily_budget(*, user: User, budget: int) -> TodaySettings:
    """Store the person's daily budget."""
    settings, _created = TodaySettings.objects.update_or_create(user=user, defaults={"daily_budget": budget})
    return settings


def grade_ranks() -> dict[str, int]:
    """Grade name → its place in the policy's grades (0 = best), read once a minute."""
    ranks = cache.get("cadence:today:grades")
    if ranks is None:
        ranks = {name: i for i, name in enumerate(current_policy().grades.names)}
        cache.set("cadence:today:grades", ranks, GRADES_CACHE_SECONDS)
    return dict(ranks)


def today_tasks(
    *, today: dt.date, assignee: User | None, scope: QuerySet[Task, Any] | None, kind: str = ""
) -> QuerySet[Task, Any]:
    """The agenda's tasks with what Today shows joined in (one query)."""
    return (
        agenda_tasks(today=today, assignee=assignee, scope=scope, kind=kind)
        .select_related("customer", "customer__score", "assignee")
        .defer(*(f"customer__score__{name}" for name in SCORE_FIELDS_NOT_SHOWN), "customer__notes")
    )


def _item(task: Task, ranks: dict[str, int], urgent: str) -> Item:
    score = getattr(task.customer, "score", None) if task.customer_id else None
    return Item(
        id=task.pk,
        kind=task.kind,
        due=task.effective_due,  # type: ignore[attr-defined]  # annotated by agenda_tasks
        grade_rank=ranks.get(score.grade) if score is not None and score.grade else None,
        sales_12m=float(score.revenue_12m or 0.0) if score is not None else 0.0,
        urgent=urgent,
    )


def build_today(
    *,
    today: dt.date,
    assignee: User | None,
    scope: QuerySet[Task, Any] | None,
    budget: int,
    kind: str = "",
) -> TodayList:
    """Rank the agenda of ``assignee`` (everyone's when ``None``, within ``scope``) as of ``today``."""
    tasks = {t.pk: t for t in today_tasks(today=today, assignee=assignee, scope=scope, kind=kind)}
    ranks = grade_ranks()
    urgent = {pk: urgent_kind(t) for pk, t in tasks.items()}
    ranking = rank([_item(t, ranks, urgent[pk]) for pk, t in tasks.items()], as_of=today, budget=budget)
    result = TodayList(budget=ranking.budget)
    for name in ("today", "later", "catch_up"):
        entries = [Entry(tasks[r.item.id], r, urgent[r.item.id]) for r in getattr(ranking, name)]
        setattr(result, name, entries)
    return result


def act_on_catch_up(
    *,
    tasks: QuerySet[Task, Any],
    ids: list[int],
    action: str,
    today: dt.date,
    until: dt.date | None = None,
) -> int:
    """Snooze (a week), reschedule (to ``until``) or dismiss the chosen catch-up tasks; how many changed.

    ``tasks`` are those the user may act on. One conditional UPDATE changes only tasks that are
    still open or snoozed, not urgent, and still more than two weeks late: a task someone else
    closed or moved meanwhile is left as it is. A dismissed task is cancelled without
    ``cleared_on``, so the nightly refresh never brings it back.
    """
    if action not in CATCH_UP_ACTIONS:
        raise CatchUpError(f"unknown action {action!r}")
    if action == "reschedule" and (until is None or until <= today):
        raise CatchUpError("a new date after today is needed")
    still_late = today - dt.timedelta(days=CATCH_UP_DAYS)
    chosen = (
        agenda_tasks(today=today, scope=tasks)
        .filter(pk__in=ids, status__in=OPEN, effective_due__lt=still_late)  # type: ignore[misc]
        .exclude(kind__in=URGENT_TASK_KINDS)
    )
    # The conditions are evaluated inside the UPDATE itself (a subquery), not read first.
    target = Task.objects.filter(pk__in=chosen.values("pk"))
    if action == "snooze":
        changes: dict[str, Any] = {
            "status": TaskStatusChoices.SNOOZED,
            "snoozed_until": today + dt.timedelta(days=CATCH_UP_SNOOZE_DAYS),
        }
    elif action == "reschedule":
        changes = {"status": TaskStatusChoices.SNOOZED, "snoozed_until": until}
    else:
        changes = {"status": TaskStatusChoices.CANCELLED, "cleared_on": None}
    return target.update(**changes)
