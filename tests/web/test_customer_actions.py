"""The 360° page's actions: quick interaction entry and alert dismissal."""

from __future__ import annotations

import pytest
from django.test import Client

from laoke.accounts.models import User
from laoke.interactions.models import Interaction
from tests.web import factories as f

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def test_quick_entry_logs_an_interaction_and_refreshes_the_timeline(
    sales_client: Client, sales: User
) -> None:
    """It saves the interaction for the customer and user and shows it at the top of the timeline."""
    cust = f.customer("Lyon Import", owner=sales)
    buyer = f.contact(cust, "Marie")
    response = sales_client.post(
        f"/customers/{cust.pk}/interactions/",
        {"kind": "visit", "occurred_at": "2025-03-01T10:30", "contact": buyer.pk, "subject": "Factory tour"},
        **HX,
    )
    saved = Interaction.objects.get(customer=cust)
    assert (saved.kind, saved.user, saved.contact, saved.direction) == ("visit", sales, buyer, "out")
    html = response.content.decode()
    assert "Factory tour" in html and "Saved." in html


def test_quick_entry_with_errors_keeps_nothing_and_shows_them(sales_client: Client, sales: User) -> None:
    """It stores nothing when the date is missing and returns the form with the error."""
    cust = f.customer(owner=sales)
    response = sales_client.post(f"/customers/{cust.pk}/interactions/", {"kind": "call"}, **HX)
    assert not Interaction.objects.exists()
    assert "text-danger" in response.content.decode()


def test_quick_entry_refuses_a_contact_of_another_customer(sales_client: Client, sales: User) -> None:
    """It rejects a contact that belongs to a different customer."""
    cust = f.customer(owner=sales)
    stranger = f.contact(f.customer(owner=sales), "Stranger")
    sales_client.post(
        f"/customers/{cust.pk}/interactions/",
        {"kind": "call", "occurred_at": "2025-03-01T10:30", "contact": stranger.pk},
        **HX,
    )
    assert not Interaction.objects.exists()


def test_quick_entry_on_anothers_customer_is_404(sales_client: Client, other_sales: User) -> None:
    """It answers 404 for a customer the salesperson does not own."""
    cust = f.customer(owner=other_sales)
    response = sales_client.post(
        f"/customers/{cust.pk}/interactions/", {"kind": "call", "occurred_at": "2025-03-01T10:30"}, **HX
    )
    assert response.status_code == 404
    assert not Interaction.objects.exists()


def test_dismissing_an_alert_keeps_the_note_and_who(sales_client: Client, sales: User) -> None:
    """It dismisses the alert with the note and the user, and the page no longer lists it as open."""
    cust = f.customer(owner=sales)
    alert = f.alert(cust)
    response = sales_client.post(f"/alerts/{alert.pk}/dismiss/", {"note": "They ordered by phone"}, **HX)
    alert.refresh_from_db()
    assert alert.dismissed_at is not None and alert.dismissed_by == sales
    assert alert.dismissed_note == "They ordered by phone"
    assert "Dismissed" in response.content.decode()
    page = sales_client.get(f"/customers/{cust.pk}/").content.decode()
    assert "No open alerts for this customer." in page


def test_dismissing_needs_a_note(sales_client: Client, sales: User) -> None:
    """It keeps the alert open when no reason is given."""
    alert = f.alert(f.customer(owner=sales))
    response = sales_client.post(f"/alerts/{alert.pk}/dismiss/", {"note": " "}, **HX)
    alert.refresh_from_db()
    assert alert.dismissed_at is None
    assert "Please say why." in response.content.decode()


def test_salesperson_cannot_dismiss_anothers_alert(sales_client: Client, other_sales: User) -> None:
    """It answers 404 for an alert on someone else's customer."""
    alert = f.alert(f.customer(owner=other_sales))
    assert sales_client.post(f"/alerts/{alert.pk}/dismiss/", {"note": "x"}, **HX).status_code == 404
    alert.refresh_from_db()
    assert alert.dismissed_at is None


def test_the_page_forms_post_without_htmx_and_come_back_to_the_customer(
    sales_client: Client, sales: User
) -> None:
    """A click before htmx has run (slow phone, scripts off) posts the form as a page: the alert is
    dismissed and the touch logged all the same, and the browser lands back on the customer's page
    saying so (before, the forms had no method and the click only reloaded the page with ?note=…)."""
    cust = f.customer(owner=sales)
    alert = f.alert(cust)
    page = sales_client.get(f"/customers/{cust.pk}/").content.decode()
    assert f'method="post" action="/alerts/{alert.pk}/dismiss/"' in page
    assert f'method="post" action="/customers/{cust.pk}/interactions/"' in page
    assert page.count("csrfmiddlewaretoken") >= 2

    response = sales_client.post(f"/alerts/{alert.pk}/dismiss/", {"note": "Spoke to them yesterday"})
    assert response.status_code == 302
    assert response["Location"] == f"/customers/{cust.pk}/#h-alerts"
    alert.refresh_from_db()
    assert alert.dismissed_note == "Spoke to them yesterday"
    shown = sales_client.get(response["Location"]).content.decode()
    assert "Alert dismissed: Spoke to them yesterday" in shown

    response = sales_client.post(
        f"/customers/{cust.pk}/interactions/",
        {"kind": "call", "occurred_at": "2025-03-01T10:30", "subject": "Spring order"},
    )
    assert response.status_code == 302
    assert Interaction.objects.get(customer=cust).subject == "Spring order"
    assert "Saved." in sales_client.get(response["Location"]).content.decode()


def test_a_page_post_without_a_reason_keeps_the_alert_and_says_why(sales_client: Client, sales: User) -> None:
    """Posted as a page with an empty reason, the alert stays open and the page asks for one."""
    cust = f.customer(owner=sales)
    alert = f.alert(cust)
    response = sales_client.post(f"/alerts/{alert.pk}/dismiss/", {"note": ""}, follow=True)
    alert.refresh_from_db()
    assert alert.dismissed_at is None
    assert "Please say why." in response.content.decode()
    missing = sales_client.post(f"/customers/{cust.pk}/interactions/", {"kind": "call"}, follow=True)
    assert not Interaction.objects.exists()
    assert "The interaction was not saved" in missing.content.decode()
