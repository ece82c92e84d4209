"""Who may see what: salespeople see their own customers and tasks, managers see everything."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from laoke.accounts.models import RoleChoices, User
from laoke.customers.models import Customer
from laoke.customers.visibility import visible_customers
from laoke.retention.models import Task

__all__ = ["current_user", "customer_for", "salespeople", "task_for", "visible_customers"]


def current_user(request: HttpRequest) -> User:
    """The logged-in user (views using this are behind ``login_required``)."""
    user: Any = request.user
    assert isinstance(user, User)
    return user


def customer_for(user: User, customer_id: int) -> Customer:
    """The customer if the user may see it; 404 otherwise (no hint that it exists)."""
    return get_object_or_404(visible_customers(user).select_related("owner"), pk=customer_id)


def task_for(user: User, task_id: int) -> Task:
    """The task if it is the user's own (or the user is a manager); 404 otherwise."""
    qs = Task.objects.select_related("customer", "assignee")
    if not user.is_manager:
        qs = qs.filter(assignee=user)
    try:
        return qs.get(pk=task_id)
    except Task.DoesNotExist as exc:
        raise Http404 from exc


def salespeople() -> QuerySet[User]:
    """Salespeople, current ones first, for owner pickers."""
    return User.objects.filter(role=RoleChoices.SALESPERSON).order_by("left_on", "first_name", "username")
