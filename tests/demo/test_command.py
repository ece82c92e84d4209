"""``laoke demo`` loads the book into an empty database and never touches real data."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.utils import translation

from laoke.accounts.models import User
from laoke.company.models import CompanySettings, CountryPolicy, ExchangeRate
from laoke.customers.models import Customer
from laoke.interactions.models import Interaction
from laoke.orders.models import Order, OrderLine, Payment
from laoke.pipeline.models import Prospect
from laoke.retention.models import LossRecord, Task

pytestmark = pytest.mark.django_db

SMALL = ["--customers", "25", "--years", "4", "--today", "2026-06-15"]


def run(*args: str) -> str:
    """Run ``laoke demo`` in English and return what it printed."""
    out = io.StringIO()
    with translation.override("en"):
        call_command("demo", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        m.__name__: m.objects.count() for m in (Customer, Order, OrderLine, Payment, Interaction, User, Task)
    }


def test_it_loads_a_labelled_demo_book_with_progress() -> None:
    """It writes customers, orders, lines, payments, interactions, policies and marks the book as demo."""
    printed = run(*SMALL)
    assert "customers: 25" in printed and "Demo book loaded" in printed
    assert CompanySettings.objects.get(pk=1).is_demo
    assert "演示数据" in CompanySettings.objects.get(pk=1).name
    assert Customer.objects.count() == 25
    assert Customer.objects.values("country").distinct().count() >= 10
    assert OrderLine.objects.filter(amount__lt=0).exists() or OrderLine.objects.count() > 100
    assert Payment.objects.filter(paid_date__isnull=True).exists()
    assert Interaction.objects.filter(kind="complaint", resolved_at__isnull=True).exists()
    assert LossRecord.objects.exists() and Prospect.objects.exists() and ExchangeRate.objects.exists()
    assert CountryPolicy.objects.count() >= 30
    assert Task.objects.filter(status="open").exists()


def test_demo_logins_work_and_the_departed_salesperson_cannot_log_in() -> None:
    """It creates manager, admin and sales1…sales8 with the demo password; the one who left is inactive."""
    run(*SMALL)
    assert authenticate(username="manager", password="laoke-demo").role == "manager"  # type: ignore[union-attr]
    admin = authenticate(username="admin", password="laoke-demo")
    assert admin is not None and admin.is_superuser
    departed = User.objects.get(left_on__isnull=False)
    assert not departed.is_active
    assert authenticate(username=departed.username, password="laoke-demo") is None
    assert departed.customers.exists()
    assert User.objects.filter(role="salesperson").count() == 8


def test_it_prints_the_logins_and_who_left() -> None:
    """It prints every demo login, the password and which salesperson has left."""
    run(*SMALL)
    printed = run("--print-logins")
    departed = User.objects.get(left_on__isnull=False)
    assert "laoke-demo" in printed
    assert all(f"sales{i}" in printed for i in range(1, 9)) and "manager" in printed
    line = next(row for row in printed.splitlines() if departed.username in row)
    assert "left on" in line


def test_it_refuses_a_database_with_real_data() -> None:
    """It refuses to write (or reset) when real customers exist, and changes nothing."""
    Customer.objects.create(code="REAL-1", name="Real customer GmbH")
    before = counts()
    for args in (SMALL, [*SMALL, "--reset"]):
        with pytest.raises(CommandError, match="real"):
            run(*args)
    assert counts() == before
    assert not CompanySettings.objects.filter(is_demo=True).exists()
    assert "no demo book" in run("--print-logins")


def test_if_empty_is_idempotent() -> None:
    """It loads once with --if-empty, then does nothing the second time."""
    run("--if-empty", *SMALL)
    before = counts()
    assert "nothing to do" in run("--if-empty", *SMALL)
    assert counts() == before


def test_if_empty_leaves_real_data_alone() -> None:
    """It exits quietly with --if-empty when the database already holds real data."""
    Customer.objects.create(code="REAL-1", name="Real customer GmbH")
    assert "not loaded" in run("--if-empty", *SMALL)
    assert Customer.objects.count() == 1 and not User.objects.exists()


def test_a_second_load_needs_reset_which_replaces_the_demo_book() -> None:
    """It refuses to load twice without --reset, and --reset replaces the demo book with a new one."""
    run(*SMALL)
    with pytest.raises(CommandError, match="--reset"):
        run(*SMALL)
    old_names = set(Customer.objects.values_list("name", flat=True))
    before = counts()
    run(*SMALL, "--reset", "--seed", "99")
    assert counts()["Customer"] == before["Customer"] and counts()["User"] == before["User"]
    assert set(Customer.objects.values_list("name", flat=True)) != old_names
    assert CompanySettings.objects.get(pk=1).is_demo


def test_it_refuses_a_book_too_small_for_every_archetype() -> None:
    """It stops with a clear error when asked for fewer customers than archetypes."""
    with pytest.raises(CommandError, match="at least"):
        run("--customers", "3")
    assert not Customer.objects.exists()
