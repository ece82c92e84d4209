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
from django.http import Http404

from laoke.accounts.access import sees_everything
from laoke.accounts.models import RoleChoices, User
from laoke.customers.models import Customer, CustomerShare
from laoke.platform.prepared import PreparedModels

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
    more relations read in the same query (the 360° page's scorecard, forecast and portrait).

    The query is :func:`visible_customers`' own, compiled once per kind of reader (everything, a
    team manager, a salesperson) and ``related`` with stand-ins for the customer's, the reader's and
    their team's ids (``PreparedModels``): building it was about as long as the rest of the read."""
    kind = _reader_kind(user)
    if kind is None:
        raise Http404(_NOT_FOUND)
    prepared = _PREPARED_CUSTOMER.get((kind, related))
    if prepared is None:
        prepared = _PREPARED_CUSTOMER[(kind, related)] = _prepared_customer(kind, related)
    ids: tuple[int, ...] = (customer_id,) if kind == "all" else (customer_id, user.pk)
    if kind == "manager":  # a manager who does not see everything has a team (0: none, sees less)
        ids += (user.team_id or 0,)
    found = prepared.models(*ids)
    if not found:
        raise Http404(_NOT_FOUND)
    customer: Customer = found[0]
    return customer


#: What :func:`customer_for` says when it finds nothing (as ``get_object_or_404`` said).
_NOT_FOUND = f"No {Customer._meta.object_name} matches the given query."
#: Ids no row holds, standing in for the customer's, the reader's and their team's.
_CUSTOMER, _READER, _TEAM = 987654321, 987654322, 987654323
#: :func:`customer_for`'s compiled queries, per kind of reader and related rows read with it.
_PREPARED_CUSTOMER: dict[tuple[str, tuple[str, ...]], PreparedModels] = {}


def _reader_kind(user: User) -> str | None:
    """Which shape :func:`visible_customers` gives for ``user``: None (sees nothing), ``all``,
    ``manager`` (a team's, the pool's and shared customers) or ``salesperson`` (own and shared)."""
    if not (user.is_authenticated and user.is_active and user.left_on is None):
        return None
    if sees_everything(user):
        return "all"
    return "manager" if user.is_manager else "salesperson"


def _prepared_customer(kind: str, related: tuple[str, ...]) -> PreparedModels:
    """:func:`visible_customers` of a stand-in reader of ``kind`` (a user who is no one) with the
    customer's ``related`` rows, for one customer id."""
    role = {"all": RoleChoices.ADMIN, "manager": RoleChoices.MANAGER}.get(kind, RoleChoices.SALESPERSON)

    def build(
        customer_id: int, reader_id: int | None = None, team_id: int | None = None
    ) -> QuerySet[Customer]:
        reader = User(pk=reader_id, role=role, team_id=team_id, is_active=True, is_superuser=False)
        assert _reader_kind(reader) == kind
        visible = visible_customers(reader).select_related("owner", *related)
        return visible.filter(pk=customer_id).order_by()

    stand_ins = {"all": (_CUSTOMER,), "manager": (_CUSTOMER, _READER, _TEAM)}.get(kind, (_CUSTOMER, _READER))
    return PreparedModels(build, *stand_ins)


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
