"""A/B/C targets (004): a follow-up on the owner's Today at the tier's pace, days in tier, next step.

The pipeline rule (docs/domain.md §8): **A** — win within 3 months, **B** — within 6 months,
**C** — within a year. A target is followed up at the tier's pace: A every week, B every two
weeks, C every month (:data:`FOLLOW_UP_DAYS`). :func:`sync_target_tasks` keeps exactly one open
follow-up task per open target, due that many days after the last follow-up done (or after the
target entered its tier), on its owner's Today; a target won, dropped, moved back to inquiry or
without a current owner has none. It runs when a target is moved and with the nightly re-score.
Nothing here commits: the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from django.core.cache import cache
from django.db.models import Max, QuerySet
from django.utils import timezone

from laoke.core.messages import Message
from laoke.core.portrait.pipeline import TIERS
from laoke.pipeline.models import Prospect, ProspectMove, ProspectStatusChoices
from laoke.platform.messages import to_stored
from laoke.retention.models import TargetIdOf, Task, TaskStatusChoices
from laoke.retention.services.activity import FOLLOW_UP_PRIORITY, FOLLOW_UP_TASK_KIND
from laoke.retention.services.stamps import agenda_stamp

#: Days between two follow-ups of a target, by tier.
FOLLOW_UP_DAYS = {"A": 7, "B": 14, "C": 30}
#: Days a tier gives to win the target (3, 6, 12 months).
WIN_WITHIN_DAYS = {"A": 91, "B": 182, "C": 365}
#: The kind of the task: a follow-up, like one set when logging a touch.
TARGET_TASK_KIND = FOLLOW_UP_TASK_KIND
OPEN = (TaskStatusChoices.OPEN, TaskStatusChoices.SNOOZED)


@dataclass(frozen=True)
class TierStatus:
    """Where a target stands in its tier: since when, until when, and the next follow-up."""

    tier: str
    since: dt.date
    days_in_tier: int
    win_by: dt.date
    next_due: dt.date | None
    next_task_id: int | None

    @property
    def overdue(self) -> bool:
        return self.next_due is not None and self.next_due < timezone.localdate()


class TargetFacts(Protocol):
    """What the tier status reads of a prospect: a model instance or a board card's values."""

    @property
    def pk(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def tier(self) -> str: ...
    @property
    def created_on(self) -> dt.date: ...


#: Ids per query when reading many targets' moves (well under SQLite's variable limit).
ID_CHUNK = 900


def tier_entered(prospects: Iterable[TargetFacts]) -> dict[int, dt.date]:
    """The day each target entered its current tier (its last move there, else the day it was recorded)."""
    items = [p for p in prospects if p.status == ProspectStatusChoices.TARGET and p.tier]
    # One grouped query per chunk of ids (an OR of one condition per target overflowed SQLite's
    # expression depth at ~1,000 targets and failed the nightly re-score of a large book).
    last: dict[tuple[int, str], dt.date] = {}
    ids = [p.pk for p in items]
    for start in range(0, len(ids), ID_CHUNK):
        rows = (
            ProspectMove.objects.filter(prospect_id__in=ids[start : start + ID_CHUNK])
            .values("prospect_id", "to_stage")
            .annotate(on=Max("moved_on"))
        )
        last.update({(int(r["prospect_id"]), str(r["to_stage"])): r["on"] for r in rows})
    return {p.pk: last.get((p.pk, str(p.tier)), p.created_on) for p in items}


def _follow_ups(ids: Iterable[int]) -> QuerySet[Task]:
    """The follow-ups of these targets, found through ``task_follow_up_target_idx`` (the same
    expression as the index: Django's ``details__target_id`` lookup is not read from it)."""
    return Task.objects.alias(target_id=TargetIdOf("details")).filter(
        kind=TARGET_TASK_KIND, target_id__in=list(ids)
    )


def _open_tasks(ids: Iterable[int]) -> dict[int, Task]:
    found: dict[int, Task] = {}
    for task in _follow_ups(ids).filter(status__in=OPEN).order_by("due_on", "pk"):
        found.setdefault(int(task.details["target_id"]), task)
    return found


def tier_status(
    prospects: Iterable[TargetFacts], *, today: dt.date, entered: Mapping[int, dt.date] | None = None
) -> dict[int, TierStatus]:
    """Days in tier, the day to win by and the next follow-up of each open target (two queries).

    ``entered``: :func:`tier_entered` of these prospects when the caller has it (the board keeps
    it with its cards)."""
    items = [p for p in prospects if p.status == ProspectStatusChoices.TARGET and p.tier in TIERS]
    entered = tier_entered(items) if entered is None else entered
    tasks = _next_follow_ups(entered)
    result: dict[int, TierStatus] = {}
    for p in items:
        since = entered[p.pk]
        task_id, due = tasks.get(p.pk, (None, None))
        result[p.pk] = TierStatus(
            tier=p.tier,
            since=since,
            days_in_tier=max(0, (today - since).days),
            win_by=since + dt.timedelta(days=WIN_WITHIN_DAYS[p.tier]),
            next_due=due,
            next_task_id=task_id,
        )
    return result


def _next_follow_ups(ids: Iterable[int]) -> dict[int, tuple[int, dt.date]]:
    """Each target's first open follow-up (as :func:`_open_tasks` orders them): its id and the day
    it is due (snoozed: the day it wakes up).

    The follow-ups are read by the targets' ids (``task_follow_up_target_idx``; a scan of every
    open follow-up's JSON before, 2,000 on the demo book, 3-5 ms). The answer is kept under the
    targets' ids and the agenda's stamp of every task
    (:func:`laoke.retention.services.stamps.agenda_stamp`: a task written anywhere, by anyone, by
    any path, reads them again)."""
    wanted = sorted(ids)
    stamps = agenda_stamp(None)
    if stamps is None:
        return _read_follow_ups(wanted)
    raw = repr((wanted, stamps))
    key = "pipeline:follow-ups:" + hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()
    found: dict[int, tuple[int, dt.date]] | None = cache.get(key)
    if found is None:
        found = _read_follow_ups(wanted)
        cache.set(key, found, FOLLOW_UPS_CACHE_SECONDS)
    return found


#: Follow-ups kept at most this long (a written task changes the key sooner).
FOLLOW_UPS_CACHE_SECONDS = 3600


def _read_follow_ups(ids: list[int]) -> dict[int, tuple[int, dt.date]]:
    found: dict[int, tuple[int, dt.date]] = {}
    rows = (
        _follow_ups(ids)
        .filter(status__in=OPEN)
        .order_by("due_on", "pk")
        .values_list("details", "pk", "due_on", "snoozed_until")
    )
    for details, pk, due_on, snoozed_until in rows:
        found.setdefault(int(details["target_id"]), (pk, snoozed_until or due_on))
    return found


def _values(prospect: Prospect, since: dt.date, due: dt.date) -> dict[str, object]:
    tier = prospect.tier
    win_by = since + dt.timedelta(days=WIN_WITHIN_DAYS[tier])
    return {
        "customer": prospect.customer,
        "assignee_id": prospect.owner_id,
        "kind": TARGET_TASK_KIND,
        "title_en": "",
        "title_zh": "",
        "why_en": "",
        "why_zh": "",
        "title_msg": to_stored(Message("pipeline.task.target.title", {"name": prospect.name, "tier": tier})),
        "why_msg": to_stored(Message(f"pipeline.task.target.why.{tier}", {"since": since, "win_by": win_by})),
        "due_on": due,
        "priority": FOLLOW_UP_PRIORITY,
        "details": {"target_id": prospect.pk, "tier": tier, "since": since.isoformat()},
    }


def sync_target_tasks(*, today: dt.date, prospects: Iterable[Prospect] | None = None) -> int:
    """One open follow-up task per open target at its tier's pace; none for the others.

    ``prospects`` limits the work to these (a move); by default every prospect is synced (the
    nightly re-score). Returns the number of tasks made or changed. A task the owner closed is
    never reopened: the next one is due :data:`FOLLOW_UP_DAYS` after it was done.
    """
    qs = Prospect.objects.select_related("owner", "customer")
    if prospects is not None:
        qs = qs.filter(pk__in=[p.pk for p in prospects])
    items = list(qs)
    active = [
        p
        for p in items
        if p.status == ProspectStatusChoices.TARGET
        and p.tier in TIERS
        and p.owner is not None
        and p.owner.is_active
        and p.owner.left_on is None
    ]
    entered = tier_entered(active)
    changed = 0
    # Targets no longer followed (won, dropped, back to inquiry, owner gone): their task is cleared.
    followed = {p.pk for p in active}
    stale = _follow_ups(p.pk for p in items if p.pk not in followed).filter(status__in=OPEN)
    changed += stale.update(status=TaskStatusChoices.CANCELLED, cleared_on=today)
    open_tasks = _open_tasks(followed)
    last_done: dict[int, dt.date] = {}
    for target_id, done_at in (
        _follow_ups(followed)
        .filter(status=TaskStatusChoices.DONE)
        .values_list("details__target_id", "done_at")
    ):
        if done_at is not None:
            day = timezone.localdate(done_at)
            last_done[int(target_id)] = max(day, last_done.get(int(target_id), day))
    for p in active:
        since = entered[p.pk]
        task = open_tasks.get(p.pk)
        if task is not None:
            if task.details.get("tier") == p.tier and task.assignee_id == p.owner_id:
                continue
            # Moved to another tier (or handed over): the pace and the owner follow.
            due = min(task.due_on, since + dt.timedelta(days=FOLLOW_UP_DAYS[p.tier]))
            for name, value in _values(p, since, due).items():
                setattr(task, name, value)
            task.save()
            changed += 1
            continue
        start = max(since, last_done.get(p.pk, since))
        due = max(start + dt.timedelta(days=FOLLOW_UP_DAYS[p.tier]), today)
        _task, created = Task.objects.get_or_create(
            rule_key=f"target:{p.pk}:{p.tier}:{due.isoformat()}", defaults=_values(p, since, due)
        )
        changed += int(created)
    return changed
