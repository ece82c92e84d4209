"""The 360° page's blank "Add a contact" fields are drawn once per language and kept: each visit shows
them in the reader's language, and a refused form (with what was typed and its errors) is drawn
apart and leaves nothing behind for the next visit."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from laoke.accounts.models import User
from laoke.web.customer_forms import ContactForm
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _details(client: Client, customer_id: int, css: str, language: str) -> str:
    """The customer page's ``<details class="{css}">`` form as ``language`` reads it."""
    client.cookies["django_language"] = language
    html = client.get(f"/customers/{customer_id}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    start = html.index(f'<details class="{css}"')
    # The CSRF token is masked anew on each response.
    return re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]+"', "", html[start : html.index("</details>", start)]
    )


def _contact_form(client: Client, customer_id: int, language: str) -> str:
    return _details(client, customer_id, "contact-form", language)


def test_the_blank_contact_form_follows_the_reader_language(sales_client: Client, sales: User) -> None:
    """English, Chinese, English again: the labels, the button and the language choices each time."""
    customer = f.customer(owner=sales)
    english = _contact_form(sales_client, customer.pk, "en")
    assert "Save the contact" in english and "保存联系人" not in english
    chinese = _contact_form(sales_client, customer.pk, "zh-hans")
    assert "Save the contact" not in chinese
    assert _contact_form(sales_client, customer.pk, "en") == english
    assert english != chinese


def test_the_kept_fields_are_those_of_a_blank_form(sales_client: Client, sales: User) -> None:
    """What the page shows is the partial drawn with a new ContactForm, for another customer too."""
    first, second = f.customer(owner=sales), f.customer(owner=sales)
    _contact_form(sales_client, first.pk, "en")
    with translation.override("en"):
        drawn = render_to_string("web/partials/contact_fields.html", {"form": ContactForm()})
    assert drawn in _contact_form(sales_client, second.pk, "en")


def test_a_refused_contact_keeps_its_values_and_the_next_visit_is_blank(
    sales_client: Client, sales: User
) -> None:
    """A refused new contact shows the form open with what was typed and the error; the next visit
    shows the blank fields again."""
    customer = f.customer(owner=sales)
    blank = _contact_form(sales_client, customer.pk, "en")
    response = sales_client.post(
        f"/customers/{customer.pk}/contacts/", {"contact-name": "Marie", "contact-email": "marie-at-lyon"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    refused = page[page.index('<details class="contact-form"') :]
    assert refused.startswith('<details class="contact-form" open>')
    assert 'value="Marie"' in refused and "Enter a valid email address." in refused
    assert _contact_form(sales_client, customer.pk, "en") == blank
    assert 'value="Marie"' not in blank


def _facts_form(client: Client, customer_id: int, language: str = "en") -> str:
    return _details(client, customer_id, "manual-facts-form", language)


def _selected(form: str, name: str) -> str:
    select = form[form.index(f'name="facts-{name}"') :]
    select = select[: select.index("</select>")]
    found = re.search(r'<option value="([^"]*)"[^>]*selected', select)
    return found.group(1) if found else ""


def test_the_facts_form_shows_each_customers_values_after_a_change(sales_client: Client, sales: User) -> None:
    """Two customers with other hand-set facts, then a change saved: each form shows its customer's
    values as they are now, in either language."""
    first = f.customer(owner=sales, relationship_level=2, payment_terms="TT")
    second = f.customer(owner=sales, relationship_level=5)
    assert _selected(_facts_form(sales_client, first.pk), "relationship_level") == "2"
    assert _selected(_facts_form(sales_client, first.pk), "payment_terms") == "TT"
    assert _selected(_facts_form(sales_client, second.pk), "relationship_level") == "5"
    assert _selected(_facts_form(sales_client, second.pk), "payment_terms") == ""
    response = sales_client.post(
        f"/customers/{first.pk}/facts/",
        {
            "facts-relationship_level": "4",
            "facts-market_trend": "-1",
            "facts-payment_terms": "TT",
            "facts-note": "Met them at the fair",
        },
    )
    assert response.status_code == 302
    for language in ("en", "zh-hans"):
        form = _facts_form(sales_client, first.pk, language)
        assert _selected(form, "relationship_level") == "4"
        assert _selected(form, "market_trend") == "-1"
    assert "Why the change?" in _facts_form(sales_client, first.pk, "en")
    assert "Why the change?" not in _facts_form(sales_client, first.pk, "zh-hans")
    assert _selected(_facts_form(sales_client, second.pk), "relationship_level") == "5"


def test_a_refused_facts_change_keeps_what_was_chosen(sales_client: Client, sales: User) -> None:
    """Without the note the change is refused: the form opens with the values chosen and the error;
    the next visit shows the stored values."""
    customer = f.customer(owner=sales, relationship_level=2)
    before = _facts_form(sales_client, customer.pk)
    response = sales_client.post(f"/customers/{customer.pk}/facts/", {"facts-relationship_level": "5"})
    assert response.status_code == 400
    page = response.content.decode()
    refused = page[page.index('<details class="manual-facts-form"') :]
    refused = refused[: refused.index("</details>")]
    assert refused.startswith('<details class="manual-facts-form" open>')
    assert _selected(refused, "relationship_level") == "5" and "This field is required." in refused
    assert _facts_form(sales_client, customer.pk) == before
