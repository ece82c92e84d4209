"""Who may see what, for the web views; the rules live in ``laoke.customers.visibility`` and
``laoke.customers.permissions``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from laoke.accounts.models import RoleChoices, User
from laoke.customers.models import Customer
from laoke.customers.permissions import visible_tasks
from laoke.customers.visibility import visible_customers, visible_for, visible_owners
from laoke.retention.models import Task

__all__ = [
    "current_user",
    "customer_for",
    "salespeople",
    "task_for",
    "visible_customers",
    "visible_for",
    "visible_tasks",
]


def current_user(request: HttpRequest) -> User:
    """The logged-in user (views using this are behind ``login_required``)."""
    user: Any = request.user
    assert isinstance(user, User)
    return user


def customer_for(user: User, customer_id: int) -> Customer:
    """The customer if the user may see it; 404 otherwise (no hint that it exists)."""
    return get_object_or_404(visible_customers(user).select_related("owner"), pk=customer_id)


def task_for(user: User, task_id: int) -> Task:
    """The task if the user may act on it (``laoke.customers.permissions.visible_tasks``); 404 otherwise."""
    qs = visible_tasks(user).select_related("customer", "assignee")
    try:
        return qs.get(pk=task_id)
    except Task.DoesNotExist as exc:
        raise Http404 from exc


def salespeople(user: User | None = None) -> QuerySet[User]:
    """Salespeople (those ``user`` may see, when given), current ones first, for owner pickers."""
    people = visible_owners(user) if user is not None else User.objects.filter(role=RoleChoices.SALESPERSON)
    return people.order_by("left_on", "first_name", "username")
