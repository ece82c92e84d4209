"""Which tasks a user may list and act on (the table of rules is in
:mod:`laoke.customers.permissions`)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from laoke.accounts.access import sees_everything
from laoke.accounts.models import User
from laoke.customers.permissions import is_current, leads_a_team, team_members
from laoke.customers.visibility import visible_customers
from laoke.retention.models import Task

__all__ = ["task_for", "visible_tasks"]


def visible_tasks(user: User, qs: QuerySet[Task] | None = None) -> QuerySet[Task]:
    """Tasks the user may list and act on (web agenda, task actions, drafts and the API alike)."""
    qs = Task.objects.all() if qs is None else qs
    if not is_current(user):
        return qs.none()
    if sees_everything(user):
        return qs
    # Asked row by row (EXISTS on the task's customer), not as the list of every visible customer:
    # in an OR with "no customer" PostgreSQL cannot join that list, so it built it whole (a scan
    # of every customer, 2 ms on 10,000) to check the few dozen tasks Today shows.
    on_visible = Exists(visible_customers(user).filter(pk=OuterRef("customer_id")))
    if leads_a_team(user):
        return qs.filter(on_visible | Q(customer__isnull=True, assignee__in=team_members(user).values("pk")))
    return qs.filter(Q(assignee=user) & (Q(customer__isnull=True) | on_visible))


def task_for(user: User, task_id: int) -> Task:
    """The task if the user may act on it (:func:`visible_tasks`); 404 otherwise."""
    qs = visible_tasks(user).select_related("customer", "assignee")
    try:
        return qs.get(pk=task_id)
    except Task.DoesNotExist as exc:
        raise Http404 from exc
