"""``PreparedModels``: a model queryset compiled once with stand-in ids, then run with others."""

from __future__ import annotations

import pytest

from laoke.customers.models import Contact, Customer
from laoke.platform.prepared import PreparedModels
from tests.web import factories as f

pytestmark = pytest.mark.django_db

STAND_IN = 987654321


def _fields(objs: list[Contact]) -> list[tuple[object, ...]]:
    return [(c.pk, c.name, c.customer_id, c.customer.name) for c in objs]


def test_the_compiled_query_gives_the_instances_the_queryset_gives() -> None:
    """Contacts with their customer (select_related), the stand-in in two places (a subquery):
    the same instances as the queryset, for each customer, and compiled once."""
    first, second = f.customer(name="First"), f.customer(name="Second")
    f.contact(first, "Bo"), f.contact(first, "Al"), f.contact(second, "Cy")

    def build(customer_id: int) -> object:
        same = Customer.objects.filter(pk=customer_id).values("pk")
        return Contact.objects.filter(customer_id=customer_id, customer__in=same).select_related("customer")

    prepared = PreparedModels(build, STAND_IN)  # type: ignore[arg-type]
    for customer in (first, second, first):
        expected = list(build(customer.pk))  # type: ignore[call-overload]
        assert _fields(prepared.models(customer.pk)) == _fields(expected)
    assert prepared._compiled["default"] is not None and len(prepared._compiled["default"].slots[0]) == 2
    assert prepared.models(STAND_IN + 1) == []


def test_a_queryset_without_its_stand_in_runs_through_the_orm() -> None:
    """A stand-in the statement does not hold (here: not used) leaves it to the ORM, still right."""
    customer = f.customer(name="Only")
    f.contact(customer, "Di")
    prepared = PreparedModels(lambda _customer_id: Contact.objects.filter(name="Di"), STAND_IN)
    assert [c.name for c in prepared.models(customer.pk)] == ["Di"]
    assert prepared._compiled["default"] is None
