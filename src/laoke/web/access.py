"""Who may see what, for the web views; the rule itself lives in ``laoke.customers.visibility``."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from laoke.accounts.models import RoleChoices, User
from laoke.customers.models import Customer
from laoke.customers.visibility import sees_everything, visible_customers, visible_for, visible_owners
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
    """The task if it is the user's own (a manager: of a customer or a person they see); 404 otherwise."""
    qs = visible_tasks(user).select_related("customer", "assignee")
    try:
        return qs.get(pk=task_id)
    except Task.DoesNotExist as exc:
        raise Http404 from exc


def visible_tasks(user: User) -> QuerySet[Task]:
    """Tasks the user may act on: their own; a manager also those of the customers and people they see."""
    qs = Task.objects.all()
    if not user.is_manager:
        return qs.filter(assignee=user) if user.is_active and user.left_on is None else qs.none()
    if sees_everything(user):
        return qs
    customers = visible_customers(user).values("pk")
    return qs.filter(
        Q(customer__in=customers)
        | Q(customer__isnull=True, assignee__in=visible_owners(user).values("pk"))
        | Q(assignee=user)
    )


def salespeople(user: User | None = None) -> QuerySet[User]:
    """Salespeople (those ``user`` may see, when given), current ones first, for owner pickers."""
    people = visible_owners(user) if user is not None else User.objects.filter(role=RoleChoices.SALESPERSON)
    return people.order_by("left_on", "first_name", "username")
