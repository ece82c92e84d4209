"""Run every cadence rule on a book and move pushes out of quiet periods.

``propose`` is pure: the same facts, policy and ``as_of`` always give the same tasks with the
same keys, which is what lets the adapter recompute the agenda without duplicating anything.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from laoke.core.cadence import rules, trips
from laoke.core.cadence.calendar import QuietPeriod, quiet_periods_around
from laoke.core.cadence.model import (
    Birthday,
    CustomerFacts,
    Mail,
    OpenOrder,
    PlanState,
    ProposedTask,
    TaskKind,
    VisitProposal,
)
from laoke.core.cadence.policy import CadencePolicy
from laoke.core.messages import Message

#: Kinds moved to after a quiet period (a long one, the European summer, only moves pushes).
MOVE_AFTER = frozenset(
    {TaskKind.LADDER_INTRO, TaskKind.LADDER_CALL, TaskKind.MONTHLY_TOUCH, TaskKind.REACTIVATION}
)
#: Kinds moved to before a quiet period: the season will not wait.
MOVE_BEFORE = frozenset({TaskKind.PRE_SEASON, TaskKind.SEASON_SAMPLES, TaskKind.SEASON_DESIGNS})
#: Kinds that a long quiet period does not move (a short note is added instead).
KEEP_IN_LONG = frozenset({TaskKind.MONTHLY_TOUCH, TaskKind.LADDER_INTRO})


@dataclass(frozen=True)
class Proposal:
    """Everything the rules propose as of one day."""

    tasks: list[ProposedTask] = field(default_factory=list)
    visits: list[VisitProposal] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Number of proposed tasks by kind."""
        out: dict[str, int] = defaultdict(int)
        for t in self.tasks:
            out[t.kind] += 1
        return dict(out)


def _group(items: Iterable[object], attr: str) -> dict[int, list]:
    out: dict[int, list] = defaultdict(list)
    for item in items:
        out[getattr(item, attr)].append(item)
    return out


def _block(period: QuietPeriod, periods: Sequence[QuietPeriod]) -> tuple[dt.date, dt.date]:
    """First and last day of ``period`` joined with the periods that touch it (Ramadan right after
    the factory's New Year shutdown): a task moved out of one must not land in the next."""
    starts_on, ends_on = period.starts_on, period.ends_on
    day = dt.timedelta(days=1)
    grown = True
    while grown:
        grown = False
        for p in periods:
            touches = p.starts_on <= ends_on + day and p.ends_on >= starts_on - day
            if touches and (p.starts_on < starts_on or p.ends_on > ends_on):
                starts_on, ends_on = min(starts_on, p.starts_on), max(ends_on, p.ends_on)
                grown = True
    return starts_on, ends_on


def respect_quiet_periods(
    task: ProposedTask, periods: Sequence[QuietPeriod], *, as_of: dt.date
) -> ProposedTask:
    """Move a push out of a quiet period (before it for seasonal pushes, after it otherwise), saying why.

    The reason is one more message of the task's ``why``: ``cadence.quiet.moved.<period>`` (``from``:
    the day it was due, and the period's figures) or, in a long period that keeps the task,
    ``cadence.quiet.short.<period>``.
    """
    if task.kind not in MOVE_AFTER | MOVE_BEFORE:
        return task
    for _ in range(3):
        period = next((p for p in periods if p.covers(task.due_on)), None)
        if period is None:
            return task
        if period.long and task.kind in KEEP_IN_LONG:
            note = Message(".".join(("cadence", "quiet", "short", period.code)), period.params)
            return replace(task, why=(*task.why, note))
        starts_on, ends_on = _block(
            period, [p for p in periods if not (p.long and task.kind in KEEP_IN_LONG)]
        )
        before, after = starts_on - dt.timedelta(days=1), ends_on + dt.timedelta(days=1)
        moved = before if task.kind in MOVE_BEFORE and before >= as_of else after
        note = Message(
            ".".join(("cadence", "quiet", "moved", period.code)), {"from": task.due_on, **period.params}
        )
        task = replace(
            task,
            due_on=moved,
            why=(*task.why, note),
            details={**task.details, "moved_from": task.due_on.isoformat(), "quiet": period.code},
        )
    return task


def propose(
    *,
    customers: Sequence[CustomerFacts],
    as_of: dt.date,
    policy: CadencePolicy | None = None,
    mails: Iterable[Mail] = (),
    birthdays: Iterable[Birthday] = (),
    orders: Iterable[OpenOrder] = (),
    plans: Iterable[PlanState] = (),
    new_products: Sequence[str] = (),
    country_names: Mapping[str, tuple[str, str]] | None = None,
) -> Proposal:
    """Every task the cadence rules propose as of ``as_of`` (plus the proposed visits)."""
    policy = policy or CadencePolicy()
    mails_by = _group(mails, "customer_id")
    birthdays_by = _group(birthdays, "customer_id")
    orders_by = _group(orders, "customer_id")
    plans_by = {p.customer_id: p for p in plans}
    tasks: list[ProposedTask] = []
    quiet_cache: dict[str, list[QuietPeriod]] = {}
    for c in customers:
        own: list[ProposedTask] = []
        own += rules.ladder_tasks(c, mails_by.get(c.customer_id, []), as_of=as_of, policy=policy)
        own += rules.monthly_touch(c, as_of=as_of, policy=policy, new_products=new_products)
        own += rules.festival_tasks(c, as_of=as_of, policy=policy)
        own += rules.birthday_tasks(c, birthdays_by.get(c.customer_id, []), as_of=as_of, policy=policy)
        seasonal = rules.seasonal_tasks(c, as_of=as_of, policy=policy)
        # A seasonal buyer's sample calendar already is its pre-season contact.
        own += seasonal or rules.pre_season_tasks(c, as_of=as_of, policy=policy)
        own += rules.order_tasks(
            c,
            orders_by.get(c.customer_id, []),
            as_of=as_of,
            policy=policy,
            mails=mails_by.get(c.customer_id, []),
        )
        plan = plans_by.get(c.customer_id)
        if plan is not None:
            own += rules.reactivation_task(c, plan, as_of=as_of, policy=policy)
        if not own:
            continue
        if c.country not in quiet_cache:
            quiet_cache[c.country] = quiet_periods_around(c.country, as_of, policy)
        tasks += [respect_quiet_periods(t, quiet_cache[c.country], as_of=as_of) for t in own]
    # Trips skip holidays and quiet periods day by day themselves (laoke.core.cadence.trips).
    visits = trips.plan_trips(customers, as_of=as_of, policy=policy)
    tasks += [trips.trip_task(v, as_of=as_of, policy=policy, country_names=country_names) for v in visits]
    tasks.sort(key=lambda t: (t.due_on, -t.priority, t.key))
    return Proposal(tasks=tasks, visits=visits)
