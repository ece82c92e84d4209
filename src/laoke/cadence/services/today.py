"""Today, ranked and bounded: the page, the API and the CLI read the same list from here.

:func:`build_today` reads what the ranking needs of every open task of the agenda in one query of
plain values (kind, due day, alert code, the customer's grade and sales: no model objects), ranks
them with the pure rule ``laoke.core.cadence.ranking.rank`` and splits them into today (at most the
person's daily budget), later, and catch-up (not urgent, more than two weeks late). Only the tasks
shown are then loaded whole (customer, grade and assignee joined): a manager's agenda over a
10,000-customer book holds thousands of tasks, the page draws a few dozen. The ranking itself
(which tasks are drawn, in which order, and the counts) is kept in Django's cache under a
fingerprint of the agenda read in SQL (how many tasks, which ids, their due days), the scores'
version and the day, so a task done, snoozed, moved or added anywhere ranks the agenda again.

:func:`act_on_catch_up` snoozes, reschedules or dismisses catch-up tasks in bulk with one
conditional UPDATE. Services never commit: the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, Func, IntegerField, QuerySet, Sum
from django.db.models.fields.json import KT
from django.utils.translation import gettext_lazy as _

from laoke.accounts.models import User
from laoke.cadence.models import TodaySettings
from laoke.cadence.services.urgent import NEWLY_AT_RISK_KIND, URGENT_ALERTS
from laoke.core.cadence.ranking import CATCH_UP_DAYS, DEFAULT_BUDGET, Item, Ranked, rank
from laoke.customers.book_cache import book_version
from laoke.platform.memo import kept
from laoke.platform.prepared import PreparedIds, PreparedRows
from laoke.retention.models import CustomerScore, Task, TaskStatusChoices, TaskWording
from laoke.retention.services.activity import COMPLAINT_TASK_KIND
from laoke.retention.services.alerts import ALERT_TASK_KIND
from laoke.retention.services.scoring import current_policy
from laoke.retention.services.stamps import agenda_stamp
from laoke.retention.services.tasks import (
    ALWAYS_SHOWN_KINDS,
    SCORE_FIELDS_NOT_SHOWN,
    UPCOMING_DAYS,
    agenda_tasks,
)

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
#: How long a ranking is kept at most (any change of the agenda or the scores replaces it sooner).
RANKING_CACHE_SECONDS = 600
OPEN = (TaskStatusChoices.OPEN, TaskStatusChoices.SNOOZED)
#: Today's groups, in the page's order.
GROUPS = ("today", "later", "catch_up")


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


class ShownTask(TaskWording):
    """A task as Today's rows draw it, read as plain values (``build_today(fields=…)``).

    It answers what the rows ask of a :class:`~laoke.retention.models.Task` for the columns read:
    the task's own (a foreign key as ``customer_id`` / ``assignee_id``), ``title`` and ``why``
    worded as the model words them, and ``customer`` (its ``name``, ``score.grade`` and
    ``forecast.p_order_90d``; ``score`` / ``forecast`` are ``None`` without one) and ``assignee``
    as small objects. Five model objects per row were most of the time of reading 25 rows.
    """

    pk: int
    id: int
    customer: Any
    assignee: Any


class _Shown:
    """A related row read as values (a customer, its scorecard or forecast): attributes only."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


class _Person(_Shown):
    """An assignee read as values, named as :class:`~laoke.accounts.models.User` names itself."""

    def __str__(self) -> str:
        return User.get_full_name(self) or str(self.username)  # type: ignore[arg-type,attr-defined]


def _shown_tasks(rows: Iterable[tuple[Any, ...]], fields: tuple[str, ...]) -> dict[int, ShownTask]:
    """``rows`` (values of ``pk`` and ``fields``, named as for ``only()``) as :class:`ShownTask`, by id."""
    names = ("pk", *fields)
    related = {name for name in fields if "__" in name}
    found: dict[int, ShownTask] = {}
    for values in rows:
        row = dict(zip(names, values, strict=True))
        task = ShownTask()
        attrs = task.__dict__
        attrs["pk"] = attrs["id"] = row["pk"]
        for name in fields:
            if name in related:
                continue
            attrs[f"{name}_id" if name in ("customer", "assignee") else name] = row[name]
        if "customer" in fields:
            attrs["customer"] = _customer(row, related) if row["customer"] is not None else None
        if "assignee" in fields:
            attrs["assignee"] = _person(row, related) if row["assignee"] is not None else None
        found[task.pk] = task
    return found


def _customer(row: dict[str, Any], related: set[str]) -> _Shown:
    values: dict[str, Any] = {"pk": row["customer"], "id": row["customer"]}
    if "customer__name" in related:
        values["name"] = row["customer__name"]
    if "customer__score__grade" in related:
        grade = row["customer__score__grade"]
        values["score"] = None if grade is None else _Shown(grade=grade)
    if "customer__forecast__p_order_90d" in related:
        chance = row["customer__forecast__p_order_90d"]
        values["forecast"] = None if chance is None else _Shown(p_order_90d=chance)
    return _Shown(**values)


def _person(row: dict[str, Any], related: set[str]) -> _Person:
    values: dict[str, Any] = {"pk": row["assignee"], "id": row["assignee"]}
    for name in related:
        if name.startswith("assignee__"):
            values[name.removeprefix("assignee__")] = row[name]
    return _Person(**values)


@dataclass(frozen=True)
class Entry:
    """One task on Today with its place in the ranking (a :class:`ShownTask` when read with
    ``fields``)."""

    #: A :class:`~laoke.retention.models.Task`, or a :class:`ShownTask` when read with ``fields``
    #: (the page's rows; the API and the CLI read tasks whole).
    task: Any
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
    """Today's tasks split by the budget; counts are of every task in the agenda (nothing hidden).

    ``later`` and ``catch_up`` hold the entries drawn (every one unless :func:`build_today` was given
    a limit); ``later_hidden`` and ``catch_up_hidden`` count those left out by the limit, and
    ``urgent`` counts the urgent tasks of today and later, drawn or not. A group :func:`build_today`
    was asked not to load (``load``) holds no entries; ``today_unloaded``, ``later_unloaded`` and
    ``catch_up_unloaded`` count them, so the counts stay those of the whole agenda.
    """

    budget: int
    today: list[Entry] = field(default_factory=list)
    later: list[Entry] = field(default_factory=list)
    catch_up: list[Entry] = field(default_factory=list)
    later_hidden: int = 0
    catch_up_hidden: int = 0
    urgent: int = 0
    today_unloaded: int = 0
    later_unloaded: int = 0
    catch_up_unloaded: int = 0
    #: (kind, number of tasks) of the whole agenda (every kind, whatever ``kind`` was asked), most first.
    kind_counts: list[tuple[str, int]] = field(default_factory=list)

    @property
    def later_count(self) -> int:
        return len(self.later) + self.later_hidden + self.later_unloaded

    @property
    def catch_up_count(self) -> int:
        return len(self.catch_up) + self.catch_up_hidden + self.catch_up_unloaded

    @property
    def total(self) -> int:
        return len(self.today) + self.today_unloaded + self.later_count + self.catch_up_count

    def entries(self) -> list[Entry]:
        return [*self.today, *self.later, *self.catch_up]


def daily_budget(user: User | None) -> int:
    """The person's daily budget (:data:`DEFAULT_BUDGET` until they set one)."""
    if user is None:
        return DEFAULT_BUDGET
    found = _BUDGET.rows(user.pk)
    chosen = found[0][0] if found else None
    return int(chosen) if chosen else DEFAULT_BUDGET


#: A person's daily budget, its query compiled once (asked on every visit of Today).
_BUDGET = PreparedRows(
    lambda pk: TodaySettings.objects.filter(user_id=pk).order_by("pk").values_list("daily_budget")[:1],
    987654321,
)


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


#: What Today's rows on the page read of a task and its customer, scorecard, forecast and assignee
#: (``laoke.web.task_rows``): the page loads only these columns (``build_today(fields=…)``); a
#: field left out would be read by one query per row when drawn.
ROW_FIELDS = (
    "customer",
    "assignee",
    "kind",
    "title_en",
    "title_zh",
    "title_msg",
    "why_en",
    "why_zh",
    "why_msg",
    "due_on",
    "status",
    "snoozed_until",
    "note",
    "details",
    "customer__name",
    "customer__score__grade",
    "customer__forecast__p_order_90d",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
)
#: What a catch-up row reads (its title and the customer's name: ``web/partials/catch_up_rows.html``).
CATCH_UP_ROW_FIELDS = ("customer", "title_en", "title_zh", "title_msg", "customer__name")


def shown_tasks(
    ids: list[int],
    *,
    assignee: User | None,
    scope: QuerySet[Task, Any] | None,
    fields: tuple[str, ...] | None = None,
) -> QuerySet[Task, Any]:
    """The ranked tasks ``ids`` that are still open, in the scope, with what Today shows joined in.

    The ids come from a ranking of the agenda read in this request, so the agenda's own
    conditions (due days, kinds) are not asked again: an index read of a few dozen rows, where
    the agenda's query read every task of the person to find them. With ``fields`` (as for
    ``only()``), only those columns are read and only the relations they name are joined: a page
    that knows what it draws skips the scorecard's, forecast's and account's other columns.
    """
    tasks = Task.objects.all() if scope is None else scope
    if assignee is not None:
        tasks = tasks.filter(assignee=assignee)
    tasks = tasks.filter(pk__in=ids, status__in=OPEN)
    if fields is not None:
        joins = sorted({name.rsplit("__", 1)[0] for name in fields if "__" in name})
        return tasks.select_related(*joins).only(*fields)
    return tasks.select_related("customer", "customer__score", "customer__forecast", "assignee").defer(
        *(f"customer__score__{name}" for name in SCORE_FIELDS_NOT_SHOWN),
        "customer__notes",
        # The row states the forecast's chance only (laoke_web.task_chance).
        "customer__forecast__reasons",
        "customer__forecast__details",
    )


#: What the ranking reads of each task (one row of plain values per task).
_RANKED_VALUES = (
    "pk",
    "kind",
    "effective_due",
    "alert_code",
    "customer__score__grade",
    "customer__score__revenue_12m",
)


def _urgent(kind: str, alert_code: str | None) -> str:
    """:func:`urgent_kind` from the task's kind and its alert's code (``details["code"]``)."""
    if kind == COMPLAINT_TASK_KIND:
        return "complaint"
    if kind == NEWLY_AT_RISK_KIND:
        return "newly_at_risk"
    if kind == ALERT_TASK_KIND:
        return URGENT_ALERTS.get(str(alert_code or ""), "")
    return ""


def _items(tasks: QuerySet[Task, Any], ranks: dict[str, int]) -> list[Item]:
    rows = tasks.annotate(alert_code=KT("details__code")).values_list(*_RANKED_VALUES)
    return [
        Item(
            id=pk,
            kind=kind,
            due=due if isinstance(due, dt.date) else dt.date.fromisoformat(str(due)),
            grade_rank=ranks.get(grade) if grade else None,
            sales_12m=float(sales or 0.0),
            urgent=_urgent(kind, code),
        )
        for pk, kind, due, code, grade, sales in rows
    ]


class _DayNumber(Func):
    """A date as the integer ``YYYYMMDD``, in SQL (a term of the agenda's fingerprint)."""

    output_field = IntegerField()
    template = "CAST(TO_CHAR(%(expressions)s, 'YYYYMMDD') AS INTEGER)"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "CAST(REPLACE(%(expressions)s, '-', '') AS INTEGER)"  # dates are ISO text
        return self.as_sql(compiler, connection, template=template, **extra)


def _agenda_groups(agenda: QuerySet[Task, Any]) -> list[tuple[str, int, int, int]]:
    """Per task kind of the agenda: how many tasks, the sum of their ids and a sum of their due days
    weighted by id, in one scan. Together they fingerprint the agenda (a task done, snoozed, moved
    or added by any path, even a plain ``UPDATE`` that sends no signal, changes them), and the
    counts are the page's counts by kind."""
    rows = (
        agenda.order_by()
        .values("kind")
        .annotate(
            n=Count("pk"),
            ids=Sum("pk"),
            # Weighted by the id so a task moved to another day changes the sum whatever the others do.
            days=Sum((F("pk") % 9973 + 1) * _DayNumber("effective_due")),
        )
        .values_list("kind", "n", "ids", "days")
    )
    return sorted((str(kind), int(n), int(ids or 0), int(days or 0)) for kind, n, ids, days in rows)


def agenda_stamps(assignee: User | None) -> tuple[tuple[int, int], ...] | None:
    """What changes on any write to ``assignee``'s tasks (everyone's when ``None``), read from the
    database's triggers (:func:`laoke.retention.services.stamps.agenda_stamp`); ``None`` without them."""
    return agenda_stamp(None if assignee is None else assignee.pk)


def _query_text(agenda: QuerySet[Task, Any]) -> str | None:
    """The agenda's SQL (a term of the cache keys), or ``None`` for an empty scope (a person who
    has left sees nothing)."""
    try:
        return str(agenda.query)
    except EmptyResultSet:
        return None


def _stamped_groups(
    agenda: Callable[[], QuerySet[Task, Any]],
    assignee: User | None,
    scope: QuerySet[Task, Any] | None,
    query: str | None,
) -> list[tuple[str, int, int, int]]:
    """:func:`_agenda_groups`, kept under the agenda's identity and its tasks' stamps (and the book's
    version when a scope limits it: a customer handed over or shared changes what the scope holds
    without writing a task). The scan read every open task of the agenda (26,000 for a manager of
    the 10,000-customer demo book: 18 ms); the stamps are one indexed read of a tiny table.
    ``query`` is :func:`_query_text` of the agenda or :func:`_agenda_identity`; ``agenda`` builds
    the agenda's query, only when the scan is run."""
    stamps = agenda_stamps(assignee)
    if stamps is None:
        return _agenda_groups(agenda())
    if query is None:  # an empty scope (a person who has left sees nothing)
        return []
    visible = "" if scope is None else book_version()
    raw = repr((query, stamps, visible))
    key = "cadence:today:groups:" + hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()
    groups: list[tuple[str, int, int, int]] | None = cache.get(key)
    if groups is None:
        groups = _agenda_groups(agenda())
        cache.set(key, groups, RANKING_CACHE_SECONDS)
    return groups


def _agenda_identity(*, scope_key: str, today: dt.date, assignee: User | None, kind: str) -> str:
    """What the agenda's SQL says, without building and compiling it (a term of the cache keys):
    whose tasks within which viewer's scope (``scope_key``: the viewer's id, role and team, as
    ``laoke.customers.book_cache.scope_key``; with the book's version it fixes what the scope
    holds), the day, the kind, and the agenda's own rule (its horizon and the kinds always shown)."""
    who = None if assignee is None else assignee.pk
    return repr(("agenda", scope_key, today.isoformat(), who, kind, UPCOMING_DAYS, ALWAYS_SHOWN_KINDS))


def kind_counts(groups: list[tuple[str, int, int, int]]) -> list[tuple[str, int]]:
    """(kind, number of tasks) of the agenda, most first."""
    return sorted(((kind, n) for kind, n, _ids, _days in groups), key=lambda row: (-row[1], row[0]))


def _ranking_key(query: str | None, groups: list[tuple[str, int, int, int]], *parts: Any) -> str:
    """The cache key of a ranking: the agenda's query (who, which scope, which kind:
    :func:`_query_text`), its fingerprint (:func:`_agenda_groups`), the scores' version, and
    ``parts`` (day, budget, limits)."""
    # A re-score deletes the scorecards and writes new rows, so the highest id moves (an index
    # read; the latest ``computed_at`` would scan every scorecard).
    # Plain SQL (names from the model): the ORM built and compiled an aggregate for this one number.
    quote = connection.ops.quote_name
    meta = CustomerScore._meta
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({quote(meta.pk.column)}) FROM {quote(meta.db_table)}")
        (scores,) = cursor.fetchone()
    raw = repr((query or "nothing", groups, scores, parts))
    return "cadence:today:" + hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()


@dataclass(frozen=True)
class _Cut:
    """What the page keeps of a ranking: the entries it draws and the counts (cached)."""

    budget: int
    today: list[Ranked]
    later: list[Ranked]
    catch_up: list[Ranked]
    later_hidden: int
    catch_up_hidden: int
    urgent: int


def _ranked(
    agenda: Callable[[], QuerySet[Task, Any]],
    groups: list[tuple[str, int, int, int]],
    *,
    query: str | None,
    today: dt.date,
    budget: int,
    later_limit: int | None,
    catch_up_limit: int | None,
) -> _Cut:
    ranks = grade_ranks()
    key = _ranking_key(query, groups, today, budget, later_limit, catch_up_limit, sorted(ranks.items()))
    # The key names all the cut depends on: kept in the process too, not unpickled on every visit.
    return kept(
        _CUTS,
        key,
        CUTS_KEPT,
        lambda: _shared_cut(key, agenda, ranks, today, budget, later_limit, catch_up_limit),
    )


#: Rankings kept per process (by :func:`_ranking_key`), in front of the shared cache.
_CUTS: dict[str, _Cut] = {}
CUTS_KEPT = 256


def forget_kept_rankings() -> None:
    """Drop the rankings this process keeps (tests: a rolled-back database gives its ids again)."""
    _CUTS.clear()


def _shared_cut(
    key: str,
    agenda: Callable[[], QuerySet[Task, Any]],
    ranks: dict[str, int],
    today: dt.date,
    budget: int,
    later_limit: int | None,
    catch_up_limit: int | None,
) -> _Cut:
    """The ranking under ``key`` from the shared cache, or ranked now and stored there."""
    cut: _Cut | None = cache.get(key)
    if cut is None:
        ranking = rank(_items(agenda(), ranks), as_of=today, budget=budget)
        later = ranking.later if later_limit is None else ranking.later[: max(later_limit, 0)]
        catch_up = ranking.catch_up if catch_up_limit is None else ranking.catch_up[: max(catch_up_limit, 0)]
        cut = _Cut(
            budget=ranking.budget,
            today=ranking.today,
            later=later,
            catch_up=catch_up,
            later_hidden=len(ranking.later) - len(later),
            catch_up_hidden=len(ranking.catch_up) - len(catch_up),
            urgent=ranking.urgent,
        )
        cache.set(key, cut, RANKING_CACHE_SECONDS)
    return cut


#: Today's row query compiled, per viewer's scope, assignee, columns and number of tasks: building
#: and compiling it (the scope's rule, three joins) cost more than running it.
_SHOWN_ROWS = PreparedIds(limit=256)


def _shown_rows(
    ids: list[int],
    assignee: User | None,
    scope: QuerySet[Task, Any] | None,
    fields: tuple[str, ...],
    scope_key: str | None,
) -> Iterable[tuple[Any, ...]]:
    """The values of ``pk`` and ``fields`` of the tasks :func:`shown_tasks` reads. With the viewer's
    ``scope_key`` (which names the scope's rule) the query is compiled once per scope, assignee,
    columns and number of ids (``scope`` is then built only for that); without it, asked as it is."""

    def query(some: list[int]) -> QuerySet[Any]:
        tasks = shown_tasks(some, assignee=assignee, scope=scope, fields=fields)
        return tasks.order_by().values_list("pk", *fields)

    if scope_key is None or scope_key == "none":
        return query(ids)
    who = None if assignee is None else assignee.pk
    return _SHOWN_ROWS.rows((scope_key, who, fields), ids, query)


def build_today(
    *,
    today: dt.date,
    assignee: User | None,
    scope: QuerySet[Task, Any] | None,
    budget: int,
    kind: str = "",
    later_limit: int | None = None,
    catch_up_limit: int | None = None,
    load: Collection[str] = GROUPS,
    fields: dict[str, tuple[str, ...]] | None = None,
    scope_key: str | None = None,
) -> TodayList:
    """Rank the agenda of ``assignee`` (everyone's when ``None``, within ``scope``) as of ``today``.

    ``later_limit`` and ``catch_up_limit`` bound the entries built for those groups (the best
    ranked first); the others are only counted. The ranking comes from the cache while the agenda
    and the scores are unchanged (a fingerprint query and the scores' version); the tasks drawn
    are then read whole in one query, so what they show (notes, titles) is always current.
    The groups named in ``load`` (of :data:`GROUPS`) are read whole; the others are counted
    (``today_unloaded``, ``later_unloaded``, ``catch_up_unloaded``): the page draws later and
    catch-up on demand, and a group asked alone (htmx) needs no rows of today. ``fields`` names,
    per group, the only columns its tasks are read with (:func:`shown_tasks`; groups not named are
    read whole, with everything joined). ``scope_key`` (``laoke.customers.book_cache.scope_key``
    of the viewer whose ``scope`` this is) lets the cache keys name the agenda by who, which day
    and which kind instead of building and compiling its SQL (:func:`_agenda_identity`).
    """

    # One scan of the whole agenda (every kind) fingerprints it and counts it by kind; it is kept
    # while the tasks' stamps (and, for a viewer's scope, the book) are unchanged. The agenda's
    # queries are built only when a scan or a ranking is not found in the cache.
    def later(chosen: str) -> Callable[[], QuerySet[Task, Any]]:
        return lambda: agenda_tasks(today=today, assignee=assignee, scope=scope, kind=chosen)

    whole: Callable[[], QuerySet[Task, Any]]
    agenda: Callable[[], QuerySet[Task, Any]]
    whole_query: str | None
    query: str | None
    if scope_key is not None:
        whole, agenda = later(""), later(kind)
        whole_query = _agenda_identity(scope_key=scope_key, today=today, assignee=assignee, kind="")
        query = _agenda_identity(scope_key=scope_key, today=today, assignee=assignee, kind=kind)
    else:
        # The query's own SQL says what it reads; without a kind the ranked agenda is the whole
        # one, so its query is built and compiled once.
        whole_tasks = agenda_tasks(today=today, assignee=assignee, scope=scope)
        ranked_tasks = later(kind)() if kind else whole_tasks
        whole_query = _query_text(whole_tasks)
        query = _query_text(ranked_tasks) if kind else whole_query
        whole, agenda = (lambda: whole_tasks), (lambda: ranked_tasks)
    by_kind = _stamped_groups(whole, assignee, scope, whole_query)
    shown = [row for row in by_kind if row[0] == kind] if kind else by_kind
    cut = _ranked(
        agenda,
        shown,
        query=query,
        today=today,
        budget=budget,
        later_limit=later_limit,
        catch_up_limit=catch_up_limit,
    )
    every = {"today": cut.today, "later": cut.later, "catch_up": cut.catch_up}
    groups = {name: ranked for name, ranked in every.items() if name in load}
    # One query per way of reading (the page: its rows' columns, and catch-up's fewer), not per group.
    reads: dict[tuple[str, ...] | None, list[int]] = {}
    for name, ranked in groups.items():
        reads.setdefault((fields or {}).get(name), []).extend(r.item.id for r in ranked)
    tasks: dict[int, Task | ShownTask] = {}
    for columns, ids in reads.items():
        if not ids:
            continue
        if columns is None:
            tasks.update(shown_tasks(ids, assignee=assignee, scope=scope).in_bulk(ids))
            continue
        # With the columns known, plain values (no model objects): the rows draw only those.
        tasks.update(_shown_tasks(_shown_rows(ids, assignee, scope, columns, scope_key), columns))
    result = TodayList(
        budget=cut.budget,
        later_hidden=cut.later_hidden,
        catch_up_hidden=cut.catch_up_hidden,
        urgent=cut.urgent,
        today_unloaded=0 if "today" in load else len(cut.today),
        later_unloaded=0 if "later" in load else len(cut.later),
        catch_up_unloaded=0 if "catch_up" in load else len(cut.catch_up),
        kind_counts=kind_counts(by_kind),
    )
    for name, ranked in groups.items():
        # A task closed between the two queries is left out of the page (it is no longer open).
        entries = [Entry(tasks[r.item.id], r, r.item.urgent) for r in ranked if r.item.id in tasks]
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
