"""Who may do what, per role (laoke.customers.permissions), on two small teams."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from laoke.accounts.access import may_change_company_rules
from laoke.accounts.models import RoleChoices, Team, User
from laoke.cadence.models import VisitPlan
from laoke.cadence.permissions import may_edit_visit_plan, visible_visit_plans
from laoke.customers.models import Customer, CustomerShare
from laoke.customers.permissions import may_assign_owner
from laoke.importing.models import ImportBatch
from laoke.importing.permissions import may_read_import_batch, visible_import_batches
from laoke.retention.permissions import visible_tasks
from tests.web import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def book() -> dict[str, object]:
    """Team A (a1, a2, lead_a), team B (b1, b2 who left, lead_b), a manager without a team, an admin."""
    team_a, team_b = Team.objects.create(name="A"), Team.objects.create(name="B")
    today = timezone.localdate()
    people: dict[str, object] = {
        "a1": f.user("a1", team=team_a),
        "a2": f.user("a2", team=team_a),
        "lead_a": f.user("lead_a", role=RoleChoices.MANAGER, team=team_a),
        "b1": f.user("b1", team=team_b),
        "b2": f.user("b2", team=team_b, left_on=today - dt.timedelta(days=1)),
        "lead_b": f.user("lead_b", role=RoleChoices.MANAGER, team=team_b),
        "boss": f.user("boss", role=RoleChoices.MANAGER),
        "root": f.user("root", role=RoleChoices.ADMIN, team=team_b),
    }
    for key in ("a1", "a2", "b1"):
        people[f"c_{key}"] = f.customer(f"C of {key}", owner=people[key])
    people["pool"] = f.customer("Pool", owner=None)
    return people


def _u(book: dict[str, object], key: str) -> User:
    user = book[key]
    assert isinstance(user, User)
    return user


def _c(book: dict[str, object], key: str) -> Customer:
    customer = book[key]
    assert isinstance(customer, Customer)
    return customer


def test_tasks_of_each_role(book: dict[str, object]) -> None:
    """A salesperson: own tasks on customers they see or on none; a team manager: the team's; company: all."""
    today = timezone.localdate()
    tasks = {
        "a1_own": f.task(_c(book, "c_a1"), _u(book, "a1"), today),
        "a2_on_a1": f.task(_c(book, "c_a1"), _u(book, "a2"), today),
        "a1_loose": f.task(None, _u(book, "a1"), today),
        "b1_loose": f.task(None, _u(book, "b1"), today),
        "b1_own": f.task(_c(book, "c_b1"), _u(book, "b1"), today),
        "pool": f.task(_c(book, "pool"), None, today),
    }

    def names(key: str) -> set[str]:
        pks = set(visible_tasks(_u(book, key)).values_list("pk", flat=True))
        return {name for name, t in tasks.items() if t.pk in pks}

    assert names("a1") == {"a1_own", "a1_loose"}
    assert names("a2") == set()  # a task on a colleague's customer stays out of reach
    assert names("lead_a") == {"a1_own", "a2_on_a1", "a1_loose", "pool"}
    assert names("lead_b") == {"b1_loose", "b1_own", "pool"}
    assert names("boss") == names("root") == set(tasks)
    assert names("b2") == set()


def test_visit_plans_of_each_role(book: dict[str, object]) -> None:
    """A trip is opened and changed by its owner, their team's manager and company level only."""
    today = timezone.localdate()
    visit = VisitPlan.objects.create(
        key="v", owner=_u(book, "a1"), country="DE", starts_on=today, ends_on=today
    )
    may = {
        key
        for key in ("a1", "a2", "lead_a", "lead_b", "boss", "root")
        if may_edit_visit_plan(_u(book, key), visit)
    }
    assert may == {"a1", "lead_a", "boss", "root"}
    assert list(visible_visit_plans(_u(book, "lead_b"))) == []


def test_import_batches_of_each_role(book: dict[str, object]) -> None:
    """A batch is opened by who started it, their team's manager and company level; a command-line
    run (no user) at company level only."""
    batches = {
        key: ImportBatch.objects.create(user=_u(book, key) if key != "cli" else None, kind="orders")
        for key in ("lead_a", "a1", "lead_b", "cli")
    }
    reach = {
        reader: {key for key, b in batches.items() if may_read_import_batch(_u(book, reader), b)}
        for reader in ("a1", "a2", "lead_a", "lead_b", "boss", "root")
    }
    assert reach == {
        "a1": {"a1"},
        "a2": set(),
        "lead_a": {"lead_a", "a1"},
        "lead_b": {"lead_b"},
        "boss": set(batches),
        "root": set(batches),
    }
    assert visible_import_batches(_u(book, "b2")).count() == 0


def test_owner_changes_of_each_role(book: dict[str, object]) -> None:
    """A team manager gives the team's customers (and pool ones) to current team members or the pool;
    company level to any current user; a salesperson gives nothing away and takes nothing over."""
    a1, a2, b1, b2 = (_u(book, k) for k in ("a1", "a2", "b1", "b2"))
    lead_a, boss = _u(book, "lead_a"), _u(book, "boss")
    c_a1, c_b1, pool = _c(book, "c_a1"), _c(book, "c_b1"), _c(book, "pool")
    CustomerShare.objects.create(customer=c_b1, user=lead_a)
    CustomerShare.objects.create(customer=c_a1, user=a2)
    assert may_assign_owner(lead_a, c_a1, a2)
    assert may_assign_owner(lead_a, c_a1, None)  # to the shared pool
    assert may_assign_owner(lead_a, pool, a1)
    assert may_assign_owner(lead_a, None, a1)
    assert not may_assign_owner(lead_a, c_a1, b1)  # another team's member
    assert not may_assign_owner(lead_a, c_b1, a1)  # shared with them, but another team's customer
    assert not may_assign_owner(lead_a, None, boss)
    assert may_assign_owner(boss, c_b1, a1)
    assert not may_assign_owner(boss, c_b1, b2)  # left the company
    assert not may_assign_owner(_u(book, "lead_b"), c_b1, b2)
    assert may_assign_owner(a1, None, a1)  # a new customer of their own
    assert may_assign_owner(a1, c_a1, a1)  # unchanged
    assert not may_assign_owner(a2, c_a1, a2)  # shared with them: not theirs to take
    assert not may_assign_owner(a1, c_a1, a2)
    assert not may_assign_owner(a1, c_a1, None)
    assert not may_assign_owner(b2, None, b2)  # who left may do nothing


def test_company_rules_only_at_company_level(book: dict[str, object]) -> None:
    """Managers without a team and admins (even one in a team) change the company's rules; nobody else."""
    allowed = {
        k for k in ("a1", "lead_a", "lead_b", "boss", "root", "b2") if may_change_company_rules(_u(book, k))
    }
    assert allowed == {"boss", "root"}
