"""``refresh_agenda``: run the cadence rules on the stored book and store the tasks they propose.

Idempotent: a task is matched by its rule key, so recomputing never duplicates it; an open task
that no rule proposes any more (the customer replied, the festival passed, the order shipped…)
is cancelled with ``cleared_on``; a task the user closed is never reopened or rewritten. Like
every service it does not commit: the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import connection
from django.db.models import DateField, DateTimeField, F, FloatField, JSONField, Min, Q
from django.utils import timezone

from laoke.cadence import repositories
from laoke.cadence.models import PlanStatusChoices, ReactivationPlan
from laoke.cadence.services.drafts import festival_switches
from laoke.cadence.services.trips import sync_trips
from laoke.cadence.services.urgent import sync_urgent_tasks
from laoke.core.cadence.engine import Proposal, propose
from laoke.core.cadence.model import ProposedTask, TaskKind
from laoke.core.cadence.policy import CadencePolicy
from laoke.core.cadence.reactivation import prepared_answers, won_back
from laoke.core.scorecard.policy import Policy
from laoke.customers.models import Customer
from laoke.fileio.countries import country_names
from laoke.orders.models import Order
from laoke.platform.messages import to_stored
from laoke.retention.models import LifecycleStateChoices, LossRecord, Task, TaskStatusChoices
from laoke.retention.services.scoring import current_policy
from laoke.retention.services.storage import bulk_insert, insert_instances

CHUNK = 500
#: A customer won back (or whose plan was closed) gets no new plan for this long, even if the
#: stored state still says dormant until the next scoring.
WON_RESTART_DAYS = 365
CLOSED_RESTART_DAYS = 90
OPEN = (TaskStatusChoices.OPEN, TaskStatusChoices.SNOOZED)
SYNCED_FIELDS = (
    "assignee_id",
    "due_on",
    "title_en",
    "title_zh",
    "why_en",
    "why_zh",
    "title_msg",
    "why_msg",
    "priority",
    "details",
)
UPDATED_FIELDS = (*SYNCED_FIELDS, "status", "cleared_on")


@dataclass
class AgendaReport:
    """What one refresh did."""

    as_of: dt.date
    created: int = 0
    updated: int = 0
    cleared: int = 0
    unchanged: int = 0
    plans_started: int = 0
    won_back: int = 0
    visits: int = 0
    proposed: dict[str, int] = field(default_factory=dict)


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def start_plans(*, as_of: dt.date) -> int:
    """Open a win-back plan for every dormant customer without a current one; return how many."""
    recent = ReactivationPlan.objects.filter(
        Q(status=PlanStatusChoices.ACTIVE)
        | Q(status=PlanStatusChoices.WON, won_on__gte=as_of - dt.timedelta(days=WON_RESTART_DAYS))
        | Q(status=PlanStatusChoices.CLOSED, closed_on__gte=as_of - dt.timedelta(days=CLOSED_RESTART_DAYS))
    )
    dormant = Customer.objects.filter(score__state=LifecycleStateChoices.DORMANT).exclude(
        pk__in=recent.values("customer_id")
    )
    losses = {
        r.customer_id: r for r in LossRecord.objects.filter(reopened_on__isnull=True).order_by("lost_on")
    }
    plans = []
    # Only the customers' keys: loading each dormant customer's whole row cost more than the plans.
    for customer_id in dormant.values_list("pk", flat=True):
        loss = losses.get(customer_id)
        left = loss.note if loss else ""  # the plan page shows the scorecard's reasons meanwhile
        plans.append(
            ReactivationPlan(
                customer_id=customer_id,
                started_on=as_of,
                loss_reason=loss.reason if loss else "",
                left_because=left,
                prepared_answers=prepared_answers(loss.reason if loss else ""),
            )
        )
    return insert_instances(ReactivationPlan, plans)


def record_win_backs() -> int:
    """Mark active plans whose customer ordered again since the plan started as won back."""
    plans = ReactivationPlan.objects.filter(status=PlanStatusChoices.ACTIVE).annotate(
        first_order=Min(
            "customer__orders__order_date", filter=Q(customer__orders__order_date__gte=F("started_on"))
        )
    )
    won = 0
    for plan in plans.filter(first_order__isnull=False):
        day = won_back(plan.started_on, [plan.first_order])
        if day is None:
            continue
        first = (
            Order.objects.filter(customer_id=plan.customer_id, order_date=day).order_by("order_no").first()
        )
        plan.status, plan.won_on = PlanStatusChoices.WON, day
        plan.won_order_no = first.order_no if first else ""
        plan.save(update_fields=["status", "won_on", "won_order_no"])
        won += 1
    return won


def _values(p: ProposedTask) -> dict[str, object]:
    return {
        "assignee_id": p.assignee_id,
        "due_on": p.due_on,
        "title_en": p.title_en[:300],
        "title_zh": p.title_zh[:300],
        "why_en": p.why_en,
        "why_zh": p.why_zh,
        "title_msg": to_stored(p.title),
        "why_msg": to_stored(p.why),
        "priority": p.priority,
        "details": p.details,
    }


#: Columns of a new rule task, in the order ``_new_row`` gives them.
NEW_FIELDS = (
    "customer",
    "kind",
    "rule_key",
    "assignee",
    "due_on",
    "title_en",
    "title_zh",
    "why_en",
    "why_zh",
    "title_msg",
    "why_msg",
    "priority",
    "details",
    "status",
    "snoozed_until",
    "note",
    "cleared_on",
    "done_at",
)


def _stored(name: str) -> Callable[[Any], Any]:
    """How a value of the task field ``name`` is passed to the driver (as Django saves it).

    JSON goes as its text (None stays SQL NULL, as the ORM stores a null JSON field), dates as ISO
    text, floats as floats; the rest as it is. A COPY row and an executemany parameter both take these.
    """
    kind = Task._meta.get_field(name)
    if isinstance(kind, JSONField):
        return lambda value: None if value is None else json.dumps(value)
    if isinstance(kind, DateField) and not isinstance(kind, DateTimeField):
        return lambda value: None if value is None else value.isoformat()
    if isinstance(kind, FloatField):
        return lambda value: None if value is None else float(value)
    return _as_is


def _as_is(value: Any) -> Any:
    return value


def _converted(names: Sequence[str]) -> list[tuple[int, Callable[[Any], Any]]]:
    """Position and driver form (``_stored``) of each of the task fields ``names`` whose values are
    not passed as they are: a row then converts its few JSON, date and float values, not all 18."""
    forms = [(i, _stored(name)) for i, name in enumerate(names)]
    return [(i, form) for i, form in forms if form is not _as_is]


def _formed(values: list[Any], forms: list[tuple[int, Callable[[Any], Any]]]) -> tuple[Any, ...]:
    """``values`` with the converted positions (``_converted``) in their driver form, as a row."""
    for i, form in forms:
        values[i] = form(values[i])
    return tuple(values)


def _new_row(key: str, p: ProposedTask) -> dict[str, Any]:
    return {
        "customer": p.customer_id,
        "kind": p.kind,
        "rule_key": key,
        "assignee": p.assignee_id,
        **{name.removesuffix("_id"): value for name, value in _values(p).items()},
        "status": TaskStatusChoices.OPEN,
        "snoozed_until": None,
        "note": "",
        "cleared_on": None,
        "done_at": None,
    }


def sync_tasks(proposed: Sequence[ProposedTask], *, as_of: dt.date, report: AgendaReport) -> None:
    """Create new rule tasks, refresh open ones, clear open ones no rule proposes any more.

    New tasks are written in one stream (``storage.bulk_insert``: COPY on PostgreSQL) and changed
    ones with one prepared UPDATE per row batch: ``bulk_create`` compiled SQL for every value of
    hundreds of thousands of tasks on a large book. The stored rows are those the ORM wrote.
    """
    by_key = {p.key: p for p in proposed}
    read = ("pk", "rule_key", "status", "cleared_on", *SYNCED_FIELDS)
    existing: dict[str, dict[str, Any]] = {}
    for keys in _chunks(list(by_key)):
        for values in Task.objects.filter(rule_key__in=keys).values_list(*read):
            stored = dict(zip(read, values, strict=True))
            existing[str(stored["rule_key"] or "")] = stored
    new_form = _converted(NEW_FIELDS)
    changed_form = _converted([name.removesuffix("_id") for name in UPDATED_FIELDS])
    created_at = connection.ops.adapt_datetimefield_value(timezone.now())
    new: list[tuple[Any, ...]] = []
    changed: list[tuple[Any, ...]] = []
    for key, p in by_key.items():
        task = existing.get(key)
        if task is None:
            row = _new_row(key, p)
            new.append(_formed([*(row[name] for name in NEW_FIELDS), created_at], new_form))
            continue
        reopen = task["status"] == TaskStatusChoices.CANCELLED and task["cleared_on"] is not None
        if task["status"] not in OPEN and not reopen:
            report.unchanged += 1
            continue
        values = _values(p)
        if not reopen and all(task[f] == v for f, v in values.items()):
            report.unchanged += 1
            continue
        updated = {**values, "status": task["status"], "cleared_on": task["cleared_on"]}
        if reopen:
            updated["status"], updated["cleared_on"] = TaskStatusChoices.OPEN, None
        changed.append(_formed([*(updated[name] for name in UPDATED_FIELDS), task["pk"]], changed_form))
    bulk_insert(Task, [*NEW_FIELDS, "created_at"], new)
    _update_tasks(changed)
    stale = [
        pk
        for pk, key in Task.objects.filter(
            status__in=OPEN, kind__in=TaskKind.ALL, rule_key__isnull=False
        ).values_list("pk", "rule_key")
        if key not in by_key
    ]
    for i in range(0, len(stale), CHUNK):
        Task.objects.filter(pk__in=stale[i : i + CHUNK]).update(
            status=TaskStatusChoices.CANCELLED, cleared_on=as_of
        )
    report.created += len(new)
    report.updated += len(changed)
    report.cleared += len(stale)


def _update_tasks(changed: list[tuple[Any, ...]]) -> None:
    """Write ``changed`` rows (the values of ``UPDATED_FIELDS``, then the task's id).

    PostgreSQL gets one ``UPDATE … FROM (VALUES …)`` per chunk of rows: the agenda change log's
    statement triggers (retention 0013) fire once per chunk instead of once per task, and the server
    plans one statement instead of hundreds. Every value is cast to its column's type (text for
    strings, so an over-long value still fails on assignment, as it would in a plain UPDATE).
    SQLite, which has no such triggers, runs one prepared UPDATE per row in an ``executemany``.
    """
    if not changed:
        return
    quote = connection.ops.quote_name
    by_name = {field.name: field for field in Task._meta.concrete_fields}
    fields = [by_name[name.removesuffix("_id")] for name in UPDATED_FIELDS]
    columns = [quote(field.column) for field in fields]
    table = quote(Task._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            assignments = ", ".join(f"{column} = %s" for column in columns)
            sql = f"UPDATE {table} SET {assignments} WHERE id = %s"
            for i in range(0, len(changed), CHUNK):
                cursor.executemany(sql, changed[i : i + CHUNK])
            return
        casts = [_cast(field) for field in fields] + ["bigint"]
        row = "(" + ", ".join(f"%s::{cast}" for cast in casts) + ")"
        names = ", ".join([*(f"c{n}" for n in range(len(columns))), "task_id"])
        assignments = ", ".join(f"{column} = v.c{n}" for n, column in enumerate(columns))
        for i in range(0, len(changed), CHUNK):
            chunk = changed[i : i + CHUNK]
            values = ", ".join([row] * len(chunk))
            cursor.execute(
                f"UPDATE {table} AS t SET {assignments} FROM (VALUES {values}) AS v({names}) "
                "WHERE t.id = v.task_id",
                [value for values_of_task in chunk for value in values_of_task],
            )


def _cast(field: Any) -> str:
    """The PostgreSQL type a value of ``field`` is cast to inside ``VALUES`` (strings as text)."""
    kind = str(field.db_type(connection))
    return "text" if kind.startswith("varchar") else kind


def build_proposal(*, as_of: dt.date, policy: Policy, cadence: CadencePolicy) -> Proposal:
    """Load the facts and run the cadence core on them."""
    return propose(
        customers=repositories.load_customers(as_of=as_of, policy=policy),
        as_of=as_of,
        policy=cadence,
        mails=repositories.load_mails(as_of=as_of, days=cadence.ladder_lookback_days + 45),
        birthdays=repositories.load_birthdays(),
        orders=repositories.load_open_orders(as_of=as_of, days=cadence.order_span_days),
        plans=repositories.load_plans(),
        new_products=repositories.new_product_names(as_of=as_of),
        country_names=country_names(),
    )


def refresh_agenda(
    *, as_of: dt.date, policy: Policy | None = None, cadence: CadencePolicy | None = None
) -> AgendaReport:
    """Recompute every rule-made task as of ``as_of`` (plus win-back plans, proposed trips, urgent tasks)."""
    policy = policy or current_policy()
    cadence = cadence or CadencePolicy(festival_switches=festival_switches())
    report = AgendaReport(as_of=as_of)
    report.won_back = record_win_backs()
    report.plans_started = start_plans(as_of=as_of)
    proposal = build_proposal(as_of=as_of, policy=policy, cadence=cadence)
    visit_ids = sync_trips(proposal.visits)
    report.visits = len(visit_ids)
    tasks = [
        replace(t, details={**t.details, "visit_id": visit_ids[t.key]}) if t.key in visit_ids else t
        for t in proposal.tasks
    ]
    sync_tasks(tasks, as_of=as_of, report=report)
    report.proposed = dict(Counter(t.kind for t in proposal.tasks))
    # Urgent work (complaints, broken promises, overdue payments, owners who left, top customers
    # newly at risk) reaches Today as tasks of its own (laoke.cadence.services.urgent).
    urgent = sync_urgent_tasks(as_of=as_of, policy=policy)
    report.created += urgent.created
    report.cleared += urgent.cleared
    return report
