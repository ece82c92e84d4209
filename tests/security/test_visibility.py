"""The visibility rule: own + shared for salespeople, the team for a team manager, all for admins."""

from __future__ import annotations

import pytest

from laoke.accounts.models import RoleChoices, Team, User
from laoke.customers.models import Customer, CustomerShare
from laoke.customers.visibility import visible_customers, visible_for, visible_owners
from laoke.retention.models import CustomerScore
from tests.web import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def book() -> dict[str, object]:
    """Two teams, a team manager, a manager without team, an admin and one customer each."""
    east, west = Team.objects.create(name="East"), Team.objects.create(name="West")
    people = {
        "s1": f.user("s1", team=east),
        "s2": f.user("s2", team=east),
        "s3": f.user("s3", team=west),
        "lead": f.user("lead", role=RoleChoices.MANAGER, team=east),
        "boss": f.user("boss", role=RoleChoices.MANAGER),
        "root": f.user("root", role=RoleChoices.ADMIN, team=west),
    }
    customers = {f"c_{k}": f.customer(f"C of {k}", owner=people[k]) for k in ("s1", "s2", "s3")}
    customers["pool"] = f.customer("Pool customer", owner=None)
    for c in customers.values():
        f.score(c)
    return {**people, **customers}


def names(user: object) -> set[str]:
    """Names of the customers the user sees."""
    assert isinstance(user, User)
    return set(visible_customers(user).values_list("name", flat=True))


def test_salesperson_sees_only_own(book: dict[str, object]) -> None:
    """A salesperson sees their own customer, not a teammate's, not the pool."""
    assert names(book["s1"]) == {"C of s1"}


def test_shared_customer_becomes_visible(book: dict[str, object]) -> None:
    """Sharing a customer with a colleague shows it to them (and to nobody else)."""
    c2 = book["c_s2"]
    assert isinstance(c2, Customer)
    CustomerShare.objects.create(customer=c2, user=book["s3"])
    assert names(book["s3"]) == {"C of s3", "C of s2"}
    assert names(book["s1"]) == {"C of s1"}


def test_team_manager_sees_team_and_pool(book: dict[str, object]) -> None:
    """A manager in team East sees East's customers and the shared pool, not West's."""
    assert names(book["lead"]) == {"C of s1", "C of s2", "Pool customer"}
    lead = book["lead"]
    assert isinstance(lead, User)
    assert set(visible_owners(lead).values_list("username", flat=True)) == {"s1", "s2"}


def test_manager_without_team_and_admin_see_everything(book: dict[str, object]) -> None:
    """The manager without a team and the admin (even in a team) see all four customers."""
    everything = {"C of s1", "C of s2", "C of s3", "Pool customer"}
    assert names(book["boss"]) == everything
    assert names(book["root"]) == everything


def test_departed_or_inactive_user_sees_nothing(book: dict[str, object]) -> None:
    """An account that left or was deactivated sees no customer and no row hanging off one."""
    s1 = book["s1"]
    assert isinstance(s1, User)
    s1.is_active = False
    assert names(s1) == set()
    assert not visible_for(s1, CustomerScore.objects.all()).exists()


def test_visible_for_scopes_related_rows(book: dict[str, object]) -> None:
    """Scores follow the customers' visibility."""
    lead = book["lead"]
    assert isinstance(lead, User)
    got = set(visible_for(lead, CustomerScore.objects.all()).values_list("customer__name", flat=True))
    assert got == {"C of s1", "C of s2", "Pool customer"}
