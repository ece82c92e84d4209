"""The one place that decides which customers a user may see.

Every page, search, chart, export, API endpoint and download scopes its queries through
:func:`visible_customers` (and, for rows that hang off a customer, :func:`visible_for`), so a
rule change here holds everywhere.

The rule:

* an **admin** (role admin or superuser) sees every customer;
* a **manager** who belongs to a team (``User.team``) sees the customers owned by the members of
  that team, the shared pool (公海: customers without an owner) and customers shared with them; a
  manager **without a team** sees every customer (a small company has one manager);
* a **salesperson** sees the customers they own and those shared with them;
* an account that is inactive or whose holder has left sees nothing (API tokens included).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.shortcuts import get_object_or_404

from laoke.accounts.access import sees_everything
from laoke.accounts.models import RoleChoices, User
from laoke.customers.models import Customer, CustomerShare

M = TypeVar("M", bound=Model)
T = TypeVar("T")

__all__ = [
    "customer_for",
    "salespeople",
    "visible_customers",
    "visible_for",
    "visible_owned",
    "visible_owners",
]


def _visible_q(user: User) -> Q:
    shared = Q(pk__in=CustomerShare.objects.filter(user=user).values("customer_id"))
    if user.is_manager:
        return Q(owner=user) | Q(owner__team_id=user.team_id) | Q(owner__isnull=True) | shared
    return Q(owner=user) | shared


def visible_customers(user: User) -> QuerySet[Customer]:
    """Customers the user may open (see the module docstring for the rule)."""
    qs = Customer.objects.all()
    if not (user.is_authenticated and user.is_active and user.left_on is None):
        return qs.none()
    if sees_everything(user):
        return qs
    return qs.filter(_visible_q(user))


def visible_for(user: User, qs: QuerySet[M], customer_field: str = "customer") -> QuerySet[M]:
    """Rows of ``qs`` whose customer (reached through ``customer_field``) the user may see."""
    if sees_everything(user):
        return qs
    return qs.filter(**{f"{customer_field}__in": visible_customers(user).values("pk")})


def visible_owners(user: User) -> QuerySet[User]:
    """Salespeople whose figures the user may see: all, their team's, or only themselves."""
    people = User.objects.filter(role=RoleChoices.SALESPERSON)
    if not (user.is_active and user.left_on is None):
        return people.none()
    if sees_everything(user):
        return people
    if user.is_manager and user.team_id is not None:
        return people.filter(team_id=user.team_id)
    return people.filter(pk=user.pk)


def visible_owned(user: User, qs: QuerySet[M], owner_field: str = "owner") -> QuerySet[M]:
    """Rows of ``qs`` owned by a person (``owner_field``) the user may see: prospects, inquiries.

    Everything for those who see everything; a team manager: their team's, their own and unowned
    rows; a salesperson: their own.
    """
    if sees_everything(user):
        return qs
    if not (user.is_active and user.left_on is None):
        return qs.none()
    mine = Q(**{owner_field: user})
    if user.is_manager:
        return qs.filter(
            mine
            | Q(**{f"{owner_field}__in": visible_owners(user).values("pk")})
            | Q(**{f"{owner_field}__isnull": True})
        )
    return qs.filter(mine)


def customer_for(user: User, customer_id: int, *related: str) -> Customer:
    """The customer if the user may see it; 404 otherwise (no hint that it exists). ``related``:
    more relations read in the same query (the 360° page's scorecard, forecast and portrait)."""
    return get_object_or_404(visible_customers(user).select_related("owner", *related), pk=customer_id)


def one_of(customer: Customer, name: str, read: Callable[[], T]) -> T | None:
    """The customer's one-to-one row ``name`` (None: there is none) as read with the customer
    (``customer_for(user, id, name)``), or ``read()`` when it was not."""
    descriptor: Any = getattr(Customer, name)
    if descriptor.is_cached(customer):
        found: T | None = descriptor.related.get_cached_value(customer)
        return found
    return read()


def salespeople(user: User | None = None) -> QuerySet[User]:
    """Salespeople (those ``user`` may see, when given), current ones first, for owner pickers."""
    people = visible_owners(user) if user is not None else User.objects.filter(role=RoleChoices.SALESPERSON)
    return people.order_by("left_on", "first_name", "username")
