"""Which visit plans (trips) a user may open and edit (the table of rules is in
:mod:`laoke.customers.permissions`)."""

from __future__ import annotations

from django.db.models import QuerySet

from laoke.accounts.access import sees_everything
from laoke.accounts.models import User
from laoke.cadence.models import VisitPlan
from laoke.customers.permissions import is_current, leads_a_team, team_members

__all__ = ["may_edit_visit_plan", "visible_visit_plans"]


def visible_visit_plans(user: User, qs: QuerySet[VisitPlan] | None = None) -> QuerySet[VisitPlan]:
    """Trips the user may open: their own; a team manager their team's; company level all."""
    qs = VisitPlan.objects.all() if qs is None else qs
    if not is_current(user):
        return qs.none()
    if sees_everything(user):
        return qs
    if leads_a_team(user):
        return qs.filter(owner__in=team_members(user).values("pk"))
    return qs.filter(owner=user)


def may_edit_visit_plan(user: User, plan: VisitPlan) -> bool:
    """Whether the user may plan or decline the trip (whoever may open it)."""
    return visible_visit_plans(user).filter(pk=plan.pk).exists()
