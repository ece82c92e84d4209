"""Writing customer lists: create, update by code, blank cells keep stored values."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import transaction

from laoke.accounts.models import User
from laoke.customers.models import Customer
from laoke.fileio import read_customer_file
from laoke.importing.services import import_customers

pytestmark = pytest.mark.django_db

TEXT = (
    "客户编号,客户名称,国家,客户类型,负责业务员,关系等级,备注\n"
    "C1,Acme,德国,经销商,li,3,好客户\n"
    "C2,Beta,US,importer,,,\n"
)


def run(path: Path, **options: object) -> object:
    """Read and import a customer file in a transaction."""
    with transaction.atomic():
        return import_customers(result=read_customer_file(path), **options)  # type: ignore[arg-type]


def test_customers_are_created_and_then_updated_by_code(write_text: Callable[..., Path]) -> None:
    """It creates customers, then updates them by code, leaving blank cells' values alone."""
    User.objects.create_user("li", password="x")
    run(write_text("c.csv", TEXT))
    acme = Customer.objects.get(code="C1")
    assert (acme.name, acme.country, acme.kind, acme.owner.username, acme.relationship_level) == (
        "Acme",
        "DE",
        "distributor",
        "li",
        3,
    )
    report = run(write_text("c2.csv", "客户编号,客户名称,关系等级,备注\nC1,Acme GmbH,5,\n"))
    acme.refresh_from_db()
    assert (acme.name, acme.relationship_level, acme.notes, acme.kind) == (
        "Acme GmbH",
        5,
        "好客户",
        "distributor",
    )
    assert Customer.objects.count() == 2 and report.updated["customers"] == 1  # type: ignore[attr-defined]


def test_reimporting_a_customer_list_changes_nothing(write_text: Callable[..., Path]) -> None:
    """It reports every customer unchanged when the same list is imported twice."""
    User.objects.create_user("li", password="x")
    path = write_text("c.csv", TEXT)
    run(path)
    stamps = list(Customer.objects.order_by("code").values_list("updated_at", flat=True))
    report = run(path)
    assert list(Customer.objects.order_by("code").values_list("updated_at", flat=True)) == stamps
    assert report.unchanged["customers"] == 2 and not report.updated["customers"]  # type: ignore[attr-defined]


def test_an_unknown_owner_rejects_the_row_and_nothing_is_written(write_text: Callable[..., Path]) -> None:
    """It refuses an owner login that does not exist, and writes no customer."""
    report = run(write_text("c.csv", TEXT))
    assert not report.ok and report.errors[0]["code"] == "unknown_user"  # type: ignore[attr-defined]
    assert report.errors[0]["row"] == 2 and Customer.objects.count() == 0  # type: ignore[attr-defined]
