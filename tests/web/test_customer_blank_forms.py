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


def _contact_form(client: Client, customer_id: int, language: str) -> str:
    client.cookies["django_language"] = language
    html = client.get(f"/customers/{customer_id}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    start = html.index('<details class="contact-form"')
    # The CSRF token is masked anew on each response.
    return re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]+"', "", html[start : html.index("</details>", start)]
    )


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
