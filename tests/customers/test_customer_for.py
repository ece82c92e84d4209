"""``customer_for`` runs :func:`visible_customers`' query compiled once per kind of reader (ninth
round): every reader opens exactly the customers the rule lets them see, on the page and in the
function, and a change of owner, share, team or account shows on the next request."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.http import Http404
from django.test import Client

from laoke.accounts.models import RoleChoices, Team, User
from laoke.customers.models import Customer, CustomerShare
from laoke.customers.visibility import customer_for, visible_customers
from laoke.retention.models import CustomerScore, Forecast
from tests.web import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def book() -> dict[str, User | Customer]:
    """Two teams, a team manager, a manager without team, an admin, a salesperson who left and an
    inactive one, one customer each, the pool and a customer shared with s3."""
    east, west = Team.objects.create(name="East"), Team.objects.create(name="West")
    people: dict[str, User] = {
        "s1": f.user("s1", team=east),
        "s2": f.user("s2", team=east),
        "s3": f.user("s3", team=west),
        "lead": f.user("lead", role=RoleChoices.MANAGER, team=east),
        "boss": f.user("boss", role=RoleChoices.MANAGER),
        "root": f.user("root", role=RoleChoices.ADMIN, team=west),
        "gone": f.user("gone", left_on=dt.date(2025, 1, 1)),
        "off": f.user("off", is_active=False),
    }
    customers = {
        f"c_{k}": f.customer(f"C of {k}", owner=people[k]) for k in ("s1", "s2", "s3", "gone", "off")
    }
    customers["pool"] = f.customer("Pool customer", owner=None)
    customers["c_shared"] = f.customer("Shared with s3", owner=people["s2"])
    CustomerShare.objects.create(customer=customers["c_shared"], user=people["s3"])
    f.score(customers["c_s1"], grade="B")
    return {**people, **customers}


def _opened(user: User, customer_id: int) -> Customer | None:
    try:
        return customer_for(user, customer_id)
    except Http404:
        return None


def test_every_reader_opens_exactly_what_the_rule_lets_them_see(book: dict[str, User | Customer]) -> None:
    """For each reader and customer (and an id no customer has): the customer when
    ``visible_customers`` holds it, a 404 otherwise; twice, the second time from the compiled query."""
    people = [v for v in book.values() if isinstance(v, User)]
    ids = [v.pk for v in book.values() if isinstance(v, Customer)] + [987654321, 0]
    for _round, user, pk in itertools.product(range(2), people, ids):
        expected = visible_customers(user).filter(pk=pk).first()
        found = _opened(user, pk)
        assert (found and found.pk) == (expected and expected.pk), (user.username, pk)
        if found is not None:
            assert found.name == expected.name and found.owner == expected.owner  # type: ignore[union-attr]
    s1, s3, lead = book["s1"], book["s3"], book["lead"]
    assert isinstance(s1, User) and isinstance(s3, User) and isinstance(lead, User)
    assert _opened(s1, book["c_s2"].pk) is None and _opened(s1, book["pool"].pk) is None
    assert _opened(s3, book["c_shared"].pk) is not None and _opened(s3, book["c_s1"].pk) is None
    assert {c for c in ("c_s1", "c_s2", "pool", "c_s3") if _opened(lead, book[c].pk)} == {
        "c_s1",
        "c_s2",
        "pool",
    }
    for nobody in ("gone", "off"):
        assert _opened(book[nobody], book[f"c_{nobody}"].pk) is None  # type: ignore[arg-type]


def test_a_change_of_share_owner_or_team_shows_on_the_next_request(book: dict[str, User | Customer]) -> None:
    s1, s3, lead = book["s1"], book["s3"], book["lead"]
    c_s3 = book["c_s3"]
    assert isinstance(s1, User) and isinstance(s3, User) and isinstance(lead, User)
    assert isinstance(c_s3, Customer)
    assert _opened(s1, c_s3.pk) is None and _opened(lead, c_s3.pk) is None
    CustomerShare.objects.create(customer=c_s3, user=s1)
    assert _opened(s1, c_s3.pk) is not None
    CustomerShare.objects.filter(customer=c_s3, user=s1).delete()
    assert _opened(s1, c_s3.pk) is None
    Customer.objects.filter(pk=c_s3.pk).update(owner=book["s2"])
    assert _opened(lead, c_s3.pk) is not None and _opened(s3, c_s3.pk) is None
    lead.team = Team.objects.get(name="West")
    lead.save()
    assert _opened(lead, c_s3.pk) is None and _opened(lead, book["c_s1"].pk) is None
    assert _opened(lead, book["pool"].pk) is not None


def test_the_related_rows_come_with_the_customer(book: dict[str, User | Customer]) -> None:
    """The scorecard (or that there is none) is read with the customer: no query of its own."""
    s1 = book["s1"]
    assert isinstance(s1, User)
    found = customer_for(s1, book["c_s1"].pk, "score", "forecast")
    assert Customer.score.is_cached(found) and Customer.forecast.is_cached(found)  # type: ignore[attr-defined]
    assert isinstance(found.score, CustomerScore) and found.score.grade == "B"
    with pytest.raises(Forecast.DoesNotExist):
        found.forecast  # noqa: B018 - read as None with the customer: Django raises, no query


def test_a_salesperson_never_opens_another_ones_customer_page(
    client: Client, book: dict[str, User | Customer]
) -> None:
    """The 360° page: 404 for another's customer, 200 for one's own and one shared, in either language."""
    s3 = book["s3"]
    assert isinstance(s3, User)
    client.force_login(s3)
    for language in ("en", "zh-hans"):
        client.cookies["django_language"] = language
        assert client.get(f"/customers/{book['c_s1'].pk}/").status_code == 404
        assert client.get(f"/customers/{book['pool'].pk}/").status_code == 404
        shared = client.get(f"/customers/{book['c_shared'].pk}/")
        assert shared.status_code == 200 and "Shared with s3" in shared.content.decode()
        assert "C of s3" in client.get(f"/customers/{book['c_s3'].pk}/").content.decode()
