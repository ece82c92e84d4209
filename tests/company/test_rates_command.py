"""``laoke rates import FILE``: same reader and row errors as the page; exit 1 on row errors."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from laoke.audit.models import AuditEvent
from laoke.company.models import ExchangeRate
from laoke.fileio.export import xlsx_bytes

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with translation.override("en"):
        try:
            call_command("rates", *args, stdout=out, stderr=io.StringIO())
        except CommandError as exc:
            return exc.returncode, out.getvalue() + str(exc)
    return 0, out.getvalue()


def test_a_good_file_is_stored_and_audited(tmp_path: Path) -> None:
    """It stores every rate of a file with Chinese headers, audits it, and lists the newest rates."""
    path = tmp_path / "rates.csv"
    path.write_text("币种,日期,汇率\nGBP,2025-01-01,9.1\nGBP,2025-02-01,9.2\nEUR,2025-01-01,7.8\n")
    code, out = _run("import", str(path))
    assert code == 0 and "3 rates stored (3 new, 0 changed)" in out
    assert ExchangeRate.objects.count() == 3
    assert AuditEvent.objects.get(action="company_setup").username == "laoke rates"
    code, listing = _run()
    assert listing.splitlines() == ["EUR 2025-01-01 7.8 USD", "GBP 2025-02-01 9.2 USD"]


def test_a_workbook_is_read(tmp_path: Path) -> None:
    """It reads an XLSX with English headers."""
    path = tmp_path / "rates.xlsx"
    path.write_bytes(xlsx_bytes(["currency", "date", "rate"], [["JPY", "2025-01-01", 0.048]]))
    assert _run("import", str(path))[0] == 0
    assert ExchangeRate.objects.get().rate_to_home == Decimal("0.048")


def test_row_errors_store_nothing_and_exit_1(tmp_path: Path) -> None:
    """It lists each bad row with its column and reason, stores nothing and exits with 1."""
    path = tmp_path / "rates.csv"
    path.write_text("currency,date,rate\nGBP,2025-01-01,9.1\nEUR,2025-01-01,abc\nEUR,2025-02-30,7\n")
    code, out = _run("import", str(path))
    assert code == 1
    assert "row 3, column rate: 'abc' is not a number" in out
    assert "row 4, column date: '2025-02-30' is not a date" in out
    assert "Nothing was stored: 2 rows have errors." in out
    assert not ExchangeRate.objects.exists()


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    """It refuses a file without the needed columns (exit 2) and a missing file (exit 2)."""
    path = tmp_path / "rates.csv"
    path.write_text("foo,bar\n1,2\n")
    code, out = _run("import", str(path))
    assert code == 2 and "currency, date and rate" in out
    assert _run("import", str(tmp_path / "nope.csv"))[0] == 2


def test_laoke_import_uses_the_stored_rates(tmp_path: Path) -> None:
    """It converts an order file with the rates stored by ``laoke rates import`` when no --rates is given."""
    from laoke.orders.models import OrderLine

    rates = tmp_path / "rates.csv"
    rates.write_text("币种,日期,汇率\nGBP,2025-01-01,9.1\n")
    orders = tmp_path / "orders.csv"
    orders.write_text("客户,日期,金额,币种\nLondon Ltd,2025-02-01,100,GBP\n")
    assert _run("import", str(rates))[0] == 0
    with translation.override("en"):
        call_command(
            "import_data", "orders", str(orders), "--quiet", stdout=io.StringIO(), stderr=io.StringIO()
        )
    assert OrderLine.objects.get().amount == Decimal("910.00")
