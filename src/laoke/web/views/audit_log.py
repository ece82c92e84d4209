"""The audit log page for managers: events filtered by action, person and dates, newest first."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from laoke.accounts.access import current_user, manager_required, sees_everything
from laoke.accounts.models import User
from laoke.audit.models import AuditAction, AuditEvent
from laoke.customers.visibility import visible_owners

PAGE_SIZE = 50


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def events_for(user: User) -> QuerySet[AuditEvent]:
    """Events a manager may read: all, or (a team manager) those of their team and themselves."""
    qs = AuditEvent.objects.select_related("user")
    if sees_everything(user):
        return qs
    people = visible_owners(user).values("pk")
    names = visible_owners(user).values("username")
    return qs.filter(Q(user__in=people) | Q(user=user) | Q(user__isnull=True, username__in=names))


@manager_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """One page of audit events with the filters in the query string."""
    user = current_user(request)
    qs = events_for(user)
    action = request.GET.get("action", "")
    who = request.GET.get("who", "").strip()
    start = _date(request.GET.get("from", ""))
    end = _date(request.GET.get("to", ""))
    if action:
        qs = qs.filter(action=action)
    if who:
        qs = qs.filter(username__icontains=who)
    if start:
        qs = qs.filter(at__date__gte=start)
    if end:
        qs = qs.filter(at__date__lte=end)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "nav": "audit",
        "page": page,
        "actions": AuditAction.choices,
        "action": action,
        "who": who,
        "start": start,
        "end": end,
        "querystring": query.urlencode(),
    }
    return render(request, "audit/log.html", context)
