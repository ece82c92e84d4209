"""The import page: upload and preview, all-or-nothing import, keep-good-rows, error report."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from laoke.accounts.models import RoleChoices, User
from laoke.customers.models import Customer
from laoke.importing.models import ImportBatch
from laoke.orders.models import Order, OrderLine

pytestmark = pytest.mark.django_db

GOOD = "客户,日期,金额,币种\nACME,2025-01-05,1000,USD\nACME,2025-02-05,1200,USD\nBeta,2025-03-01,500,USD\n"
BAD = GOOD + "Gamma,2025-03-09,abc,USD\n"


@pytest.fixture
def manager_client(client: Client) -> Client:
    client.force_login(User.objects.create_user("boss", password="pw", role=RoleChoices.MANAGER))
    return client


def _upload(client: Client, text: str, name: str = "orders.csv") -> dict[str, str]:
    """Upload a file and return the mapping the page proposes, as the form would post it."""
    response = client.post(
        reverse("import"), {"file": SimpleUploadedFile(name, text.encode()), "kind": "orders"}
    )
    assert response.status_code == 200
    return {f"map{c['index']}": c["field"] for c in response.context["columns"]}


def test_salesperson_gets_403(client: Client) -> None:
    """It refuses the import page to a salesperson."""
    client.force_login(User.objects.create_user("s1", password="pw", role=RoleChoices.SALESPERSON))
    assert client.get(reverse("import")).status_code == 403


def test_upload_shows_detected_mapping_and_first_rows(manager_client: Client) -> None:
    """It maps Chinese headers to fields and shows the first rows without writing anything."""
    response = manager_client.post(
        reverse("import"), {"file": SimpleUploadedFile("o.csv", GOOD.encode()), "kind": "orders"}
    )
    fields = {c["name"]: c["field"] for c in response.context["columns"]}
    assert fields == {"客户": "customer_id", "日期": "order_date", "金额": "amount", "币种": "currency"}
    assert response.context["preview"].rows_total == 3
    assert "ACME" in response.content.decode()
    assert Order.objects.count() == 0


def test_good_file_is_imported(manager_client: Client) -> None:
    """It imports every row of a good file and shows the finished batch."""
    mapping = _upload(manager_client, GOOD)
    response = manager_client.post(reverse("import_run"), mapping, follow=True)
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.DONE and batch.rows_imported == 3
    assert OrderLine.objects.count() == 3 and Customer.objects.count() == 2
    assert response.context["batch"] == batch


def test_file_with_a_bad_row_writes_nothing_and_reports_it(manager_client: Client) -> None:
    """It imports nothing when one row is wrong and offers a CSV naming row, column and reason."""
    mapping = _upload(manager_client, BAD)
    response = manager_client.post(reverse("import_run"), mapping, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert (Order.objects.count(), Customer.objects.count()) == (0, 0)
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.FAILED and batch.rows_rejected == 1
    html = response.content.decode()
    assert "Nothing was imported" in html and "is not a number" in html
    report = manager_client.get(reverse("import_errors", args=[batch.pk]))
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert rows == [["row", "column", "reason"], ["5", "金额", "'abc' is not a number"]]


def test_keep_good_rows_imports_the_rest(manager_client: Client) -> None:
    """It imports the three good rows and rejects the bad one when asked to keep good rows."""
    mapping = _upload(manager_client, BAD)
    manager_client.post(reverse("import_run"), {**mapping, "partial": "on"})
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.rows_imported, batch.rows_rejected) == (ImportBatch.Status.DONE, 3, 1)
    assert OrderLine.objects.count() == 3


def test_mapping_can_be_changed_per_column(manager_client: Client) -> None:
    """It refuses two columns mapped to one field, and imports with a column ignored."""
    mapping = _upload(manager_client, GOOD)
    twice = manager_client.post(
        reverse("import_run"), {**mapping, "map3": "amount"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert twice.status_code == 400 and "one column only" in twice.context["mapping_error"]
    manager_client.post(reverse("import_run"), {**mapping, "map3": "-"})
    assert OrderLine.objects.count() == 3


def test_unreadable_file_is_refused(manager_client: Client) -> None:
    """It explains that a file without the required columns cannot be imported."""
    response = manager_client.post(
        reverse("import"), {"file": SimpleUploadedFile("x.csv", b"foo,bar\n1,2\n"), "kind": "orders"}
    )
    assert response.status_code == 200 and response.context["missing"]
