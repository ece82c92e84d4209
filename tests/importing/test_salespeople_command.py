"""``laoke import orders``: salesperson names that match no user are named with row counts, in zh and en."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from laoke.accounts.models import RoleChoices, User
from laoke.customers.models import Customer

pytestmark = pytest.mark.django_db

ORDERS = (
    "客户,日期,金额,币种,业务员\n"
    "ACME,2025-01-05,100,USD,张伟\n"
    "ACME,2025-02-05,100,USD,张伟\n"
    "Beta,2025-03-05,100,USD,Li Na\n"
    "Gamma,2025-03-06,100,USD,wang\n"
)


def run(path: Path, *args: str, lang: str = "en") -> str:
    """Run the command in ``lang``; return its output."""
    out = io.StringIO()
    with translation.override(lang):
        call_command("import_data", "orders", str(path), *args, "--quiet", stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def orders(write_text: Callable[..., Path]) -> Path:
    User.objects.create_user("wang", role=RoleChoices.SALESPERSON)
    return write_text("orders.csv", ORDERS)


def test_unmatched_salespeople_are_named_in_english_and_owners_left_blank(orders: Path) -> None:
    """It names each unknown salesperson with the rows they are on, and gives their customers no owner."""
    output = run(orders)
    assert "Salespeople who match no user (owner left blank): 张伟 (2 rows), Li Na (1 row)" in output
    assert Customer.objects.get(code="ACME").owner is None
    assert Customer.objects.get(code="Gamma").owner == User.objects.get(username="wang")
    assert User.objects.count() == 1


def test_unmatched_salespeople_are_named_in_chinese(orders: Path) -> None:
    """It says the same in Chinese when the user's language is Chinese (dry run included)."""
    output = run(orders, "--dry-run", lang="zh-hans")
    assert "找不到对应用户的业务员（负责人留空）：张伟（2 行）、Li Na（1 行）" in output


def test_create_salespeople_makes_accounts_and_assigns_owners(orders: Path) -> None:
    """--create-salespeople creates a salesperson without a usable password for each name and uses it."""
    output = run(orders, "--create-salespeople")
    assert "Salesperson accounts created (no password yet): 张伟 (2 rows), Li Na (1 row)" in output
    zhang = User.objects.get(first_name="张伟")
    assert zhang.role == RoleChoices.SALESPERSON and not zhang.has_usable_password()
    assert Customer.objects.get(code="ACME").owner == zhang
    assert Customer.objects.get(code="Beta").owner == User.objects.get(first_name="Li Na")
    assert "match no user" not in output
