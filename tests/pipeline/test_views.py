"""Pipeline pages: inquiry list and detail, file import, board moves, target, pace, portrait edit."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from laoke.accounts.models import User
from laoke.customers.models import Customer
from laoke.pipeline.models import CustomerPortrait, Prospect

pytestmark = pytest.mark.django_db


def test_the_inquiry_form_records_and_scores(
    sales_client: Client, graded_book: list[Customer], sales: User
) -> None:
    """It records the inquiry for the user, scores it and shows the nearest customers it may see."""
    response = sales_client.post(
        "/inquiries/new/",
        {
            "name": "Hamburg Pigments",
            "kind": "distributor",
            "headcount": "480",
            "expected_value": "290000",
            "attributes": "purity, REACH",
            "created_on": timezone.localdate().isoformat(),
        },
    )
    p = Prospect.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/inquiries/{p.pk}/"
    assert p.owner == sales and p.attributes == ["purity", "REACH"] and p.lookalike_score is not None
    page = sales_client.get(f"/inquiries/{p.pk}/").content.decode()
    assert "Nearest existing customers" in page and "Big 1" in page
    # the colleague's customer is among the nearest but stays anonymous
    assert "Big 0" not in page and "a colleague's customer" in page


def test_the_form_shows_field_errors(sales_client: Client) -> None:
    """It answers 400 with the field's error and records nothing."""
    response = sales_client.post("/inquiries/new/", {"name": "", "created_on": "2026-01-01"})
    assert response.status_code == 400 and not Prospect.objects.exists()
    assert "This field is required." in response.content.decode()


def test_the_list_is_sorted_by_look_alike_score(sales_client: Client, sales: User, other_sales: User) -> None:
    """It lists the user's open inquiries, highest score first, and not the colleague's."""
    today = timezone.localdate()
    Prospect.objects.create(name="Low", owner=sales, created_on=today, lookalike_score=0.2, scored_on=today)
    Prospect.objects.create(name="High", owner=sales, created_on=today, lookalike_score=0.9, scored_on=today)
    Prospect.objects.create(
        name="Hidden", owner=other_sales, created_on=today, lookalike_score=0.99, scored_on=today
    )
    page = sales_client.get("/inquiries/").content.decode()
    assert page.index("High") < page.index("Low") and "Hidden" not in page


def test_a_colleagues_inquiry_is_not_found(sales_client: Client, other_sales: User) -> None:
    """It answers 404 for another salesperson's inquiry, and refuses to move it."""
    p = Prospect.objects.create(name="Theirs", owner=other_sales, created_on=timezone.localdate())
    assert sales_client.get(f"/inquiries/{p.pk}/").status_code == 404
    assert sales_client.post(f"/pipeline/{p.pk}/move/", {"to": "A"}).status_code == 404
    p.refresh_from_db()
    assert p.status == "inquiry"


def test_the_customer_an_inquiry_became_is_named_only_when_visible(
    sales_client: Client, sales: User, other_sales: User
) -> None:
    """A won inquiry whose customer now belongs to a colleague does not reveal that customer's name."""
    theirs = Customer.objects.create(code="T1", name="Colleague Secret GmbH", owner=other_sales)
    mine = Customer.objects.create(code="T2", name="My Own Ltd", owner=sales)
    today = timezone.localdate()
    handed = Prospect.objects.create(name="Handed over", owner=sales, created_on=today, customer=theirs)
    kept = Prospect.objects.create(name="Kept", owner=sales, created_on=today, customer=mine)
    page = sales_client.get(f"/inquiries/{handed.pk}/").content.decode()
    assert "Colleague Secret GmbH" not in page and "a colleague's customer" in page
    assert "My Own Ltd" in sales_client.get(f"/inquiries/{kept.pk}/").content.decode()


def test_a_file_with_one_bad_row_imports_nothing(sales_client: Client) -> None:
    """It names the row and column of the problem and records none of the rows."""
    data = b"name,headcount,expected value\nGood Co,10,5000\nBad Co,ten,5000\n"
    response = sales_client.post(
        "/inquiries/import/", {"file": SimpleUploadedFile("inq.csv", data, "text/csv")}, follow=True
    )
    page = response.content.decode()
    assert "Row 3, “headcount”" in page and "Nothing was imported" in page
    assert not Prospect.objects.exists()


def test_a_good_file_imports_every_row(
    sales_client: Client, graded_book: list[Customer], sales: User
) -> None:
    """It records and scores every row for the user."""
    data = b"name,kind,expected value\nOne,distributor,300000\nTwo,end_user,2000\n"
    sales_client.post("/inquiries/import/", {"file": SimpleUploadedFile("inq.csv", data, "text/csv")})
    assert set(Prospect.objects.values_list("name", "owner__username")) == {
        ("One", "sales1"),
        ("Two", "sales1"),
    }
    assert not Prospect.objects.filter(scored_on__isnull=True).exists()


def test_the_board_moves_a_target_and_asks_a_reason_to_drop(sales_client: Client, sales: User) -> None:
    """It shows the columns, moves to a tier, and refuses to drop without a reason."""
    p = Prospect.objects.create(name="Target Co", owner=sales, created_on=timezone.localdate())
    page = sales_client.get("/pipeline/").content.decode()
    assert "Target Co" in page and "A — win within 3 months" in page
    sales_client.post(f"/pipeline/{p.pk}/move/", {"to": "B"})
    p.refresh_from_db()
    assert (p.status, p.tier) == ("target", "B")
    response = sales_client.post(f"/pipeline/{p.pk}/move/", {"to": "removed", "reason": ""}, follow=True)
    assert "Say why the prospect is dropped." in response.content.decode()
    p.refresh_from_db()
    assert p.status == "target"


def test_target_and_pace_pages(manager_client: Client, graded_book: list[Customer], sales: User) -> None:
    """It shows the target portrait and the pace table with the company row."""
    Prospect.objects.create(name="New", owner=sales, created_on=timezone.localdate())
    target = manager_client.get("/pipeline/target/").content.decode()
    assert "What our 3 best customers (grade A) of 6 have in common" in target
    pace = manager_client.get("/pipeline/pace/").content.decode()
    assert "Company" in pace and "sales1" in pace and 'id="pace-data"' in pace
    assert "Where targets come from" in pace and "Not recorded" in pace


def test_dashboard_shows_the_pace_chart(manager_client: Client) -> None:
    """It includes the pace panel on the manager dashboard."""
    page = manager_client.get("/dashboard/").content.decode()
    assert 'id="chart-pace"' in page and "pipeline/pace_chart.js" in page


def test_portrait_edit_and_panel(sales_client: Client, graded_book: list[Customer]) -> None:
    """It saves the edited portrait and shows it on the customer page next to the derived dimensions."""
    customer = graded_book[1]
    response = sales_client.post(
        f"/customers/{customer.pk}/portrait/",
        {
            "channel_role": "",
            "brand_role": "brand_user",
            "product_line": "Pigments",
            "attributes": "particle size, heavy metals",
            "new_products_rating": "4",
            "notes": "",
        },
    )
    assert response.status_code == 302
    portrait = CustomerPortrait.objects.get(customer=customer)
    assert portrait.attributes == ["particle size", "heavy metals"] and portrait.new_products_rating == 4
    page = sales_client.get(f"/customers/{customer.pk}/").content.decode()
    assert "particle size, heavy metals" in page and "Brand user" in page and "75%" in page


def test_a_colleagues_customer_portrait_cannot_be_edited(
    sales_client: Client, graded_book: list[Customer]
) -> None:
    """It answers 404 for a customer the user may not see."""
    assert sales_client.get(f"/customers/{graded_book[0].pk}/portrait/").status_code == 404


def test_pages_in_chinese(client: Client, manager: User, graded_book: list[Customer]) -> None:
    """It shows the pipeline pages in Chinese."""
    client.force_login(manager)
    client.cookies["django_language"] = "zh-hans"
    assert "询盘" in client.get("/inquiries/").content.decode()
    assert "目标客户画像" in client.get("/pipeline/target/").content.decode()


def test_opening_the_list_writes_nothing_and_the_book_rescore_scores_new_inquiries(
    sales_client: Client, graded_book: list[Customer], sales: User
) -> None:
    """A GET leaves an unscored inquiry unscored (shown as —); re-scoring the book scores it."""
    from laoke.cadence.services.book import rescore_book

    p = Prospect.objects.create(
        name="Unscored", owner=sales, created_on=timezone.localdate(), kind="distributor"
    )
    page = sales_client.get("/inquiries/").content.decode()
    p.refresh_from_db()
    assert "Unscored" in page and p.scored_on is None and p.lookalike_score is None
    report = rescore_book(as_of=timezone.localdate())
    p.refresh_from_db()
    assert report.inquiries == 1 and p.scored_on == timezone.localdate()


def test_winning_on_the_page_links_an_existing_customer_by_code(
    sales_client: Client, graded_book: list[Customer], sales: User
) -> None:
    """It links the customer named by its code (one the user may see) and creates none."""
    p = Prospect.objects.create(name="Known", owner=sales, created_on=timezone.localdate())
    before = Customer.objects.count()
    colleague = graded_book[0]
    sales_client.post(f"/pipeline/{p.pk}/move/", {"to": "won", "customer_code": colleague.code})
    p.refresh_from_db()
    assert p.status == "inquiry"  # the colleague's customer cannot be linked
    sales_client.post(f"/pipeline/{p.pk}/move/", {"to": "won", "customer_code": graded_book[1].code})
    p.refresh_from_db()
    assert p.status == "won" and p.customer == graded_book[1] and Customer.objects.count() == before
