"""The customer list: scope, filters, paging, sorting, saved views and the Excel export."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from python_calamine import CalamineWorkbook

from laoke.accounts.models import User
from laoke.web.models import SavedView
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.name for c in response.context["page"].object_list]


def test_salesperson_sees_only_own_customers(sales_client: Client, sales: User, other_sales: User) -> None:
    """It lists the salesperson's customers and hides the others."""
    f.customer("Mine GmbH", owner=sales)
    f.customer("Theirs SARL", owner=other_sales)
    assert _names(sales_client.get("/customers/")) == ["Mine GmbH"]


def test_manager_filters_by_grade_state_country_owner_kind_and_alerts(
    manager_client: Client, sales: User, other_sales: User
) -> None:
    """Each filter narrows the list to the matching customers."""
    a = f.customer("Alpha", owner=sales, country="US", kind="importer")
    f.score(a, grade="A", state="active")
    b = f.customer("Bravo", owner=other_sales, country="FR", kind="distributor")
    f.score(b, grade="C", state="at_risk")
    f.alert(b)
    f.customer("Charlie", country="FR")
    assert _names(manager_client.get("/customers/?grade=A")) == ["Alpha"]
    assert _names(manager_client.get("/customers/?state=at_risk")) == ["Bravo"]
    assert _names(manager_client.get("/customers/?country=fr")) == ["Bravo", "Charlie"]
    assert _names(manager_client.get(f"/customers/?owner={sales.pk}")) == ["Alpha"]
    assert _names(manager_client.get("/customers/?owner=none")) == ["Charlie"]
    assert _names(manager_client.get("/customers/?kind=distributor")) == ["Bravo"]
    assert _names(manager_client.get("/customers/?alerts=open")) == ["Bravo"]
    assert _names(manager_client.get("/customers/?alerts=none")) == ["Alpha", "Charlie"]
    assert _names(manager_client.get("/customers/?q=RAV")) == ["Bravo"]


def test_list_pages_by_fifty_and_sorts(manager_client: Client) -> None:
    """It shows 50 rows a page, the rest on page 2, in the requested order."""
    for i in range(60):
        f.customer(f"Cust {i:02d}", code=f"K{i:03d}")
    first = manager_client.get("/customers/?sort=-name")
    assert len(_names(first)) == 50
    assert _names(first)[0] == "Cust 59"
    second = manager_client.get("/customers/?sort=-name&page=2")
    assert _names(second) == [f"Cust {i:02d}" for i in range(9, -1, -1)]
    assert b"Page 2 of 2" in second.content


def test_sort_by_last_order_puts_recent_buyers_last_ascending(manager_client: Client) -> None:
    """It sorts by the date of the latest order."""
    old = f.customer("Old buyer")
    f.order(old, dt.date(2020, 1, 1))
    new = f.customer("New buyer")
    f.order(new, dt.date(2024, 1, 1))
    assert _names(manager_client.get("/customers/?sort=-last_order")) == ["New buyer", "Old buyer"]


def test_list_query_count_does_not_grow_with_rows(manager_client: Client, sales: User) -> None:
    """It renders 50 scored customers with owners in a fixed handful of queries (no N+1)."""
    for i in range(50):
        c = f.customer(f"N{i}", owner=sales)
        f.score(c, reasons=["Silent for long"])
        f.order(c, dt.date(2024, 1, 1))
    with CaptureQueriesContext(connection) as ctx:
        response = manager_client.get("/customers/")
    assert response.status_code == 200
    assert len(ctx.captured_queries) < 15


def test_export_holds_exactly_the_filtered_rows_in_order(manager_client: Client, sales: User) -> None:
    """The workbook has the list's rows across all pages, in the list's order, and nothing else."""
    for i in range(120):
        c = f.customer(f"Export {i:03d}", country="DE" if i % 2 else "US")
        f.score(c, grade="A" if i % 3 else "B", revenue_12m=1000.0 * i)
    f.customer("Unscored", country="DE")
    query = "country=DE&sort=-revenue"
    listed = []
    for page in (1, 2):
        listed += _names(manager_client.get(f"/customers/?{query}&page={page}"))
    response = manager_client.get(f"/customers/export.xlsx?{query}")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert sheet[0][1] == "Name"
    exported = [row[1] for row in sheet[1:]]
    assert exported == listed
    assert len(exported) == 61
    assert "Unscored" in exported and "Export 000" not in exported


def test_saved_view_is_kept_per_user_and_reopens_the_query(manager_client: Client, manager: User) -> None:
    """It saves the current query under a name, shows it in the menu and can delete it."""
    response = manager_client.post(
        "/customers/views/", {"name": "German A", "querystring": "country=DE&grade=A"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?country=DE&grade=A")
    view = SavedView.objects.get(user=manager)
    assert view.name == "German A"
    assert b"German A" in manager_client.get("/customers/").content
    manager_client.post(f"/customers/views/{view.pk}/delete/")
    assert not SavedView.objects.exists()


def test_saved_view_of_another_user_cannot_be_deleted(sales_client: Client, manager: User) -> None:
    """It answers 404 when a user tries to delete someone else's view."""
    view = SavedView.objects.create(user=manager, name="Mine", querystring="grade=A")
    assert sales_client.post(f"/customers/views/{view.pk}/delete/").status_code == 404
    assert SavedView.objects.filter(pk=view.pk).exists()


def test_filter_choices_list_each_grade_and_country_once(manager_client: Client) -> None:
    """It offers each grade and country once, however many customers share it."""
    for name in ("Zeta", "Alpha", "Mid"):
        f.score(f.customer(name, country="DE"), grade="A")
    choices = manager_client.get("/customers/").context["choices"]
    assert choices["grades"] == [("A", "A")]
    assert choices["countries"] == [("DE", "Germany")]


def test_treatments_show_filter_and_export(manager_client: Client, sales: User) -> None:
    """Rows show their treatment; the treatment filter keeps only those customers; the export has it."""
    care = {"treatment_code": "grade_A", "treatment_en": "Special care for key customers"}
    care["treatment_zh"] = "重点维护"
    low = {"treatment_code": "grade_D", "treatment_en": "Minimum service", "treatment_zh": "最低投入"}
    f.score(f.customer("Key GmbH", owner=sales), grade="A", **care)
    f.score(f.customer("Small Ltd", owner=sales), grade="D", **low)
    page = manager_client.get("/customers/").content.decode()
    assert "Special care for key customers" in page and "Minimum service" in page
    only = manager_client.get("/customers/?treatment=grade_A").content.decode()
    assert "Key GmbH" in only and "Small Ltd" not in only
    manager_client.cookies["django_language"] = "zh-hans"
    assert "重点维护" in manager_client.get("/customers/").content.decode()
    manager_client.cookies["django_language"] = "en"
    book = CalamineWorkbook.from_filelike(io.BytesIO(manager_client.get("/customers/export.xlsx").content))
    rows = book.get_sheet_by_index(0).to_python()
    column = rows[0].index("Treatment")
    assert {r[column] for r in rows[1:]} == {"Special care for key customers", "Minimum service"}


def test_countries_read_as_names_in_both_languages(manager_client: Client) -> None:
    """The list and its country filter name the country (德国 / Germany), not its ISO code alone."""
    f.score(f.customer("Berlin GmbH", country="DE"))
    page = manager_client.get("/customers/").content.decode()
    assert ">Germany<" in page
    manager_client.cookies["django_language"] = "zh-hans"
    page = manager_client.get("/customers/").content.decode()
    assert ">德国<" in page and 'value="DE"' in page
