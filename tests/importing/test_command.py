"""``laoke import``: messages, rejects file and exit codes (0 ok, 1 rejected rows, 2 usage)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from laoke.orders.models import OrderLine
from tests.importing.conftest import ORDERS, counts

pytestmark = pytest.mark.django_db

BAD_ROW = "SO-3,C003,Gamma,2024-03-01,WX-1,Lamp,灯具,abc,5,USD,US,li,T/T,,\n"


def run(*args: str) -> tuple[int, str]:
    """Run the command in English; return (exit code, output)."""
    out = io.StringIO()
    with translation.override("en"):
        try:
            call_command("import_data", *args, "--quiet", stdout=out, stderr=io.StringIO())
        except CommandError as exc:
            return exc.returncode, out.getvalue() + str(exc)
    return 0, out.getvalue()


def rates(write_text: Callable[..., Path]) -> str:
    """A rates file with EUR."""
    return str(write_text("rates.csv", "currency,rate_to_home,valid_from\nEUR,1.1,2020-01-01\n"))


def test_a_good_file_exits_0_and_reports_what_it_created(write_text: Callable[..., Path]) -> None:
    """It exits 0 and says how many lines it created."""
    code, out = run("orders", str(write_text("o.csv", ORDERS)), "--rates", rates(write_text))
    assert code == 0 and "lines 3" in out
    assert OrderLine.objects.count() == 3


def test_a_bad_row_exits_1_names_row_column_reason_and_writes_nothing(
    write_text: Callable[..., Path],
) -> None:
    """It exits 1, prints the row, column and reason, and writes no data."""
    code, out = run("orders", str(write_text("o.csv", ORDERS + BAD_ROW)), "--rates", rates(write_text))
    assert code == 1
    assert "row 5, column 数量: 'abc' is not a number" in out and "Nothing was imported" in out
    assert counts()["lines"] == 0


def test_partial_writes_good_rows_and_a_rejects_file(write_text: Callable[..., Path], tmp_path: Path) -> None:
    """It imports the good rows with --partial and writes the bad one, with its error, next to the input."""
    path = write_text("orders.csv", ORDERS + BAD_ROW)
    code, _out = run("orders", str(path), "--rates", rates(write_text), "--partial")
    assert code == 1 and OrderLine.objects.count() == 3
    rows = list(csv.DictReader(io.StringIO((tmp_path / "orders.rejects.csv").read_text("utf-8-sig"))))
    assert len(rows) == 1
    assert (rows[0]["订单号"], rows[0]["数量"], rows[0]["row"], rows[0]["error_column"]) == (
        "SO-3",
        "abc",
        "5",
        "数量",
    )
    assert "is not a number" in rows[0]["error"]


def test_rejects_go_where_asked(write_text: Callable[..., Path], tmp_path: Path) -> None:
    """It writes the rejects to the --rejects path."""
    target = tmp_path / "out" / "bad.csv"
    target.parent.mkdir()
    run(
        "orders",
        str(write_text("o.csv", ORDERS + BAD_ROW)),
        "--rates",
        rates(write_text),
        "--partial",
        "--rejects",
        str(target),
    )
    assert target.exists()


def test_a_missing_rate_exits_1_and_names_the_currency(write_text: Callable[..., Path]) -> None:
    """It refuses EUR lines when no rates file gives EUR, and says so."""
    code, out = run("orders", str(write_text("o.csv", ORDERS)))
    assert code == 1 and "no exchange rate for EUR" in out


def test_mapping_on_the_command_line(write_text: Callable[..., Path]) -> None:
    """It imports a file whose headers it does not know when --map names them."""
    path = write_text("o.csv", "Kunde,Datum,Betrag\nA,2024-01-05,10\n")
    code, _ = run(
        "orders",
        str(path),
        "--map",
        "Kunde=customer_id",
        "--map",
        "Datum=order_date",
        "--map",
        "Betrag=amount",
    )
    assert code == 0 and OrderLine.objects.get().amount == 10


@pytest.mark.parametrize(
    "args",
    [
        ("orders", "/nonexistent/file.csv"),
        ("orders", "{file}", "--map", "Nope=amount"),
        ("orders", "{file}", "--map", "客户编号=nonsense"),
        ("orders", "{unknown_headers}"),
    ],
)
def test_usage_errors_exit_2(write_text: Callable[..., Path], args: tuple[str, ...]) -> None:
    """It exits 2 on a missing file, a bad mapping or a file without required columns."""
    files = {
        "file": str(write_text("o.csv", ORDERS)),
        "unknown_headers": str(write_text("x.csv", "a,b\n1,2\n")),
    }
    code, out = run(*(a.format(**files) for a in args))
    assert code == 2 and out
    assert counts()["lines"] == 0


def test_retail_option_reports_skips(write_text: Callable[..., Path]) -> None:
    """It counts the rows the retail conventions skipped and imports the rest."""
    text = (
        "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,CustomerID,Country\n"
        "489434,85048,LIGHTS,12,2009-12-01 07:45:00,6.95,13085,United Kingdom\n"
        "C489449,22087,BUNTING,-12,2009-12-01 10:33:00,2.95,16321,Australia\n"
        "489525,85226C,CAR,1,2009-12-01 11:49:00,0.55,,United Kingdom\n"
    )
    code, out = run("orders", str(write_text("or.csv", text)), "--retail")
    assert code == 0 and "cancellation (invoice starts with C): 1" in out and "no customer id: 1" in out
    assert OrderLine.objects.count() == 1


def test_customers_command(write_text: Callable[..., Path]) -> None:
    """It imports a customer list."""
    code, _out = run("customers", str(write_text("c.csv", "客户编号,客户名称\nC1,Acme\n")))
    assert code == 0 and counts()["customers"] == 1
