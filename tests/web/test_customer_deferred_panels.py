"""The 360° page draws its panels below the fold (the interactions and the history row) when they
come into view: the page holds a placeholder that htmx replaces with the panel, drawn exactly as it
would be in the page; ``?show=NAME`` (the link without scripts) draws it in the page, and the
actions inside those panels come back to it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from laoke.accounts.models import User
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _customer(owner: User) -> object:
    cust = f.rich_customer(owner)
    f.interaction(cust, "call", subject="Asked for the spring prices", user=owner)
    f.task(
        cust,
        owner,
        timezone.localdate() + dt.timedelta(days=2),
        title_en="Call about the samples",
        title_zh="打电话谈样品",
    )
    return cust


def _section(page: str, element_id: str) -> str:
    """The element with this id (a ``div``, nested ``div`` counted) as drawn in ``page``."""
    start = page.index(f'<div id="{element_id}"')
    depth, pos = 0, start
    for tag in re.finditer(r"<(/?)div\b", page[start:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            pos = start + tag.start()
            break
    return page[start : page.index(">", pos) + 1]


def _unmasked(html: str) -> str:
    """The HTML with its CSRF tokens blanked (each drawing masks the token afresh)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', html)


def test_the_page_leaves_the_panels_below_the_fold_to_htmx(sales_client: Client, sales: User) -> None:
    """The first paint has neither the interactions nor the history, but a placeholder that asks for
    each when it comes into view, and a link that draws it in the page without scripts."""
    cust = _customer(sales)
    page = sales_client.get(f"/customers/{cust.pk}/").content.decode()
    assert "Asked for the spring prices" not in page and "Call about the samples" not in page
    assert f'hx-get="/customers/{cust.pk}/panels/timeline/" hx-trigger="revealed"' in page
    assert f'hx-get="/customers/{cust.pk}/panels/history/" hx-trigger="revealed"' in page
    assert f'href="/customers/{cust.pk}/?show=timeline#h-timeline"' in page
    assert f'href="/customers/{cust.pk}/?show=history#history"' in page


@pytest.mark.parametrize("panel", ["timeline", "history"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_panel_is_drawn_as_it_is_in_the_page(
    manager_client: Client, sales: User, panel: str, language: str
) -> None:
    """What htmx swaps in is, byte for byte, the panel ``?show=`` draws in the page."""
    cust = _customer(sales)
    manager_client.cookies["django_language"] = language
    fragment = manager_client.get(f"/customers/{cust.pk}/panels/{panel}/")
    assert fragment.status_code == 200
    page = manager_client.get(f"/customers/{cust.pk}/?show={panel}").content.decode()
    drawn = _section(page, panel)
    assert _unmasked(fragment.content.decode().strip()) == _unmasked(drawn)
    if panel == "timeline":
        assert "Asked for the spring prices" in drawn
    else:
        task, mark_lost = (
            ("Call about the samples", "Mark lost") if language == "en" else ("打电话谈样品", "标记为已流失")
        )
        assert task in drawn and mark_lost in drawn


def test_the_history_has_no_loss_forms_for_who_may_not_manage(
    sales_client: Client, other_sales: User
) -> None:
    """A salesperson who sees a shared customer but may not change it gets no loss forms."""
    cust = _customer(other_sales)
    from laoke.customers.models import CustomerShare

    CustomerShare.objects.create(customer=cust, user=User.objects.get(username="sales1"))
    response = sales_client.get(f"/customers/{cust.pk}/panels/history/")
    assert response.status_code == 200
    assert "Call about the samples" in response.content.decode()
    assert "Mark lost" not in response.content.decode()


def test_a_panel_of_a_customer_one_may_not_see_is_not_found(sales_client: Client, other_sales: User) -> None:
    cust = _customer(other_sales)
    assert sales_client.get(f"/customers/{cust.pk}/panels/timeline/").status_code == 404
    assert sales_client.get(f"/customers/{cust.pk}/panels/history/").status_code == 404


def test_an_unknown_panel_is_not_found(sales_client: Client, sales: User) -> None:
    cust = _customer(sales)
    assert sales_client.get(f"/customers/{cust.pk}/panels/contacts/").status_code == 404


def test_marking_lost_comes_back_to_the_loss_card_drawn_in_the_page(
    sales_client: Client, sales: User
) -> None:
    """The redirect after an action in the history row asks for the row in the page, at the card."""
    cust = _customer(sales)
    today = timezone.localdate()
    response = sales_client.post(
        f"/customers/{cust.pk}/lost/",
        {"lost-reason": "competitor", "lost-lost_on": today.isoformat(), "lost-note": "Cheaper elsewhere."},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/customers/{cust.pk}/?show=history#h-loss"
    page = sales_client.get(response["Location"]).content.decode()
    assert 'id="h-loss"' in page and "Reopen the customer" in page


def test_a_refused_form_shows_every_panel_in_the_page(sales_client: Client, sales: User) -> None:
    """A refused loss mark shows the page again with the form and its errors, where it was."""
    cust = _customer(sales)
    response = sales_client.post(f"/customers/{cust.pk}/lost/", {"lost-reason": "competitor"})
    assert response.status_code == 400
    page = response.content.decode()
    assert '<details class="loss-form" open>' in page
    assert "Asked for the spring prices" in page and "Call about the samples" in page


def test_a_touch_logged_with_htmx_replaces_the_placeholder(sales_client: Client, sales: User) -> None:
    """Logging a touch sends the drawn timeline out of band: it takes the placeholder's place."""
    cust = _customer(sales)
    response = sales_client.post(
        f"/customers/{cust.pk}/interactions/",
        {
            "kind": "call",
            "subject": "Samples arrived",
            "occurred_at": timezone.now().strftime("%Y-%m-%dT%H:%M"),
        },
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert '<div id="timeline" hx-swap-oob="true">' in body and "Samples arrived" in body


def test_a_contacts_edit_form_is_drawn_when_its_edit_opens(sales_client: Client, sales: User) -> None:
    """The page has each contact's "Edit" closed and empty; opening it asks for the form, which is
    the form the link without scripts draws in the page, open."""
    cust = _customer(sales)
    anna = cust.contacts.get()
    page = sales_client.get(f"/customers/{cust.pk}/").content.decode()
    assert 'value="anna@example.com"' not in page
    assert f'hx-get="/customers/{cust.pk}/contacts/{anna.pk}/edit/" hx-trigger="toggle once"' in page
    assert f'href="/customers/{cust.pk}/?edit_contact={anna.pk}#contact-{anna.pk}"' in page
    fragment = sales_client.get(f"/customers/{cust.pk}/contacts/{anna.pk}/edit/").content.decode()
    assert 'value="anna@example.com"' in fragment
    shown = sales_client.get(f"/customers/{cust.pk}/?edit_contact={anna.pk}").content.decode()
    assert '<details class="mt-1" open>' in shown
    assert _unmasked(fragment.strip()) in _unmasked(shown)


def test_a_contacts_edit_form_is_for_who_may_change_it(sales_client: Client, other_sales: User) -> None:
    """Another's customer: not found; a shared one the salesperson may not change: refused, and no "Edit"."""
    from laoke.customers.models import CustomerShare

    cust = _customer(other_sales)
    anna = cust.contacts.get()
    assert sales_client.get(f"/customers/{cust.pk}/contacts/{anna.pk}/edit/").status_code == 404
    CustomerShare.objects.create(customer=cust, user=User.objects.get(username="sales1"))
    assert sales_client.get(f"/customers/{cust.pk}/contacts/{anna.pk}/edit/").status_code == 403
    assert f"/contacts/{anna.pk}/edit/" not in sales_client.get(f"/customers/{cust.pk}/").content.decode()


def test_a_refused_contact_edit_shows_its_form_open_with_the_error(sales_client: Client, sales: User) -> None:
    cust = _customer(sales)
    anna = cust.contacts.get()
    response = sales_client.post(f"/customers/{cust.pk}/contacts/{anna.pk}/", {"contact-name": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        '<details class="mt-1" open>' in page and f'action="/customers/{cust.pk}/contacts/{anna.pk}/"' in page
    )
