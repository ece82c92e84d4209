"""The one place that decides which customers a user may see.

Every page, search, chart, export, API endpoint and download scopes its queries through
:func:`visible_customers` (and, for rows that hang off a customer, :func:`visible_for`), so a
rule change here holds everywhere.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

from laoke.accounts.models import User
from laoke.customers.models import Customer

M = TypeVar("M", bound=Model)


def visible_customers(user: User) -> QuerySet[Customer]:
    """Customers the user may open: all for managers, their own for salespeople."""
    qs = Customer.objects.all()
    return qs if user.is_manager else qs.filter(owner=user)


def visible_for(user: User, qs: QuerySet[M], customer_field: str = "customer") -> QuerySet[M]:
    """Rows of ``qs`` whose customer (reached through ``customer_field``) the user may see."""
    if user.is_manager:
        return qs
    return qs.filter(**{f"{customer_field}__in": visible_customers(user).values("pk")})
