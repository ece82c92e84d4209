"""What the Today page shows: the ranked list of the user (``laoke.web.views.today.today`` renders it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from laoke.accounts.access import current_user, sees_everything
from laoke.accounts.models import User
from laoke.cadence.services.agenda_page import DRAFT_KINDS, agenda_extras
from laoke.cadence.services.today import CATCH_UP_ROW_FIELDS, ROW_FIELDS, build_today, daily_budget
from laoke.cadence.today_forms import AgendaFilterForm, BudgetForm, CatchUpForm
from laoke.customers.book_cache import cached, scope_key
from laoke.customers.visibility import salespeople
from laoke.retention.models import Task
from laoke.retention.permissions import visible_tasks

#: "Later" and "catch up" rows drawn on the page (the rest are counted; filters reach them).
LATER_SHOWN = 20
CATCH_UP_SHOWN = 50
#: The groups drawn on demand (``?show=later``): closed on first paint, read when opened.
ON_DEMAND = ("later", "catch_up")
#: The columns each group's rows are read with (what ``laoke.web.task_rows`` draws of them): in
#: the page, one query for all the groups drawn; a group asked alone, only what its rows show.
ROW_FIELDS_BY_GROUP: dict[str, tuple[str, ...]] = dict.fromkeys(("today", "later", "catch_up"), ROW_FIELDS)
GROUP_ALONE_FIELDS: dict[str, tuple[str, ...]] = {"later": ROW_FIELDS, "catch_up": CATCH_UP_ROW_FIELDS}


@dataclass(frozen=True)
class PickedPerson:
    """A salesperson as the "who" picker shows one (kept in the shared cache: no account data)."""

    pk: int
    name: str
    has_left: bool

    def __str__(self) -> str:
        return self.name


def _picked(people: QuerySet[User]) -> list[PickedPerson]:
    return [PickedPerson(person.pk, str(person), bool(person.has_left)) for person in people]


def shown_groups(request: HttpRequest) -> tuple[str, ...]:
    """The on-demand groups the request asks to draw (``?show=later&show=catch_up``)."""
    asked = request.GET.getlist("show")
    return tuple(group for group in ON_DEMAND if group in asked)


def _group_url(request: HttpRequest, group: str) -> str:
    """This page with ``group`` drawn: the same filters, ``show`` set to that group."""
    query = request.GET.copy()
    query.setlist("show", [group])
    return f"{request.path}?{query.urlencode()}"


def group_alone(request: HttpRequest) -> str:
    """The on-demand group htmx asks for alone (its rows, no page around them), or ``""``."""
    shown = shown_groups(request)
    return shown[0] if request.headers.get("HX-Request") and len(shown) == 1 else ""


def today_context(request: HttpRequest) -> dict[str, Any]:
    """What the Today page shows: the ranked list of the user (a manager: everyone's or one person's).

    Later and catch-up are counted; their rows are read only when the request asks for them
    (:func:`shown_groups`): the page loads them when the reader opens them. A group asked alone
    (:func:`group_alone`) reads that group's rows and what they need, not the page's: no rows of
    today, no filter chips, no budget form.
    """
    user = current_user(request)
    assignee: User | None = user
    chosen = ""
    people = salespeople(user) if user.is_manager else None
    form = AgendaFilterForm(request.GET, people=people)  # the query is asked only for a chosen person
    form.is_valid()  # a value that is not valid is left out of cleaned_data: that filter is ignored
    if user.is_manager:
        assignee = form.cleaned_data.get("who")
        chosen = str(assignee.pk) if assignee else ""
    day = timezone.localdate()
    kind = form.cleaned_data.get("kind") or ""
    # Visibility (own tasks; a team manager those of the team's customers and people) is applied in
    # the database; the ranking runs on the loaded rows (one query), so nothing is read per task.
    # Built only when asked: the page's queries are compiled once per viewer's scope (``scope_key``),
    # and building the scope's rule cost more than the database's answer.
    scope = (
        None
        if sees_everything(user)
        else cast("QuerySet[Task]", SimpleLazyObject(lambda: visible_tasks(user)))
    )
    budget = daily_budget(assignee if assignee is not None else user)
    shown = shown_groups(request)
    alone = group_alone(request)
    listing = build_today(
        today=day,
        assignee=assignee,
        scope=scope,
        budget=budget,
        kind=kind,
        later_limit=LATER_SHOWN,
        catch_up_limit=CATCH_UP_SHOWN,
        load=(alone,) if alone else ("today", *shown),
        fields=GROUP_ALONE_FIELDS if alone else ROW_FIELDS_BY_GROUP,
        # The cache keys name the agenda by the viewer's scope, the day and the kind: its SQL is
        # built only when the cache has not got it.
        scope_key=scope_key(user),
    )
    context: dict[str, Any] = {
        "listing": listing,
        "today": day,
        "nav": "today",
        "shown": shown,
        "group": alone,
        "draft_kinds": DRAFT_KINDS,
    }
    if alone:
        return context
    own_budget = budget if assignee is None or assignee.pk == user.pk else daily_budget(user)
    return {
        **context,
        "later_shown": listing.later,
        "later_hidden": listing.later_hidden,
        # Kept per scope and book version (a person saved or deleted moves it): read on every visit,
        # they cost a manager's page more than its agenda.
        "people": [] if people is None else cached("today-people", user, (), lambda: _picked(people)),
        "chosen": chosen,
        "budget_form": BudgetForm(initial={"daily_budget": own_budget}),
        "catch_up_form": CatchUpForm(),
        "later_url": _group_url(request, "later"),
        "catch_up_url": _group_url(request, "catch_up"),
        **agenda_extras(scope=scope, assignee=assignee, today=day, kind=kind, counts=listing.kind_counts),
    }
