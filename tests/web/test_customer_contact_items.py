"""The 360° page's contacts drawn in Python (``laoke.web.customer_cards.contact_items``) are the
template's HTML (``web/customer/_contact_items.html``), to the character."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from laoke.accounts.models import User
from laoke.customers.models import Contact
from laoke.web import customer_cards
from tests.web import factories as f

_REFERENCE = Path(customer_cards.__file__).with_name("templates") / "web/customer/_contact_items.html"
TODAY = dt.date(2025, 6, 30)


def _contacts() -> list[tuple[Contact, dt.date | None, object]]:
    """Contacts of every shape: escaped text everywhere, every channel or none, a birthday today,
    later or none, a role and/or a language (known, unknown), a primary one, an academic title."""
    full = Contact(
        pk=7,
        name='Dr <Li> & "Wang"',
        academic_title="Prof. <x>",
        role="Buyer & <boss>",
        language="de",
        phone="+49 30 1234 <5>",
        whatsapp="0049 170 123'45",
        email="li&wang@example.com",
        skype="li.<wang>",
        wechat="wx&<id>",
        interests='Tea, "golf" & <b>sailing</b>',
        is_primary=True,
    )
    return [
        (full, TODAY, None),
        (Contact(pk=12345, name="Anna", role="Purchasing"), TODAY + dt.timedelta(days=40), None),
        (Contact(pk=9, name="张伟", language="zh"), None, None),
        (Contact(pk=10, name="X", language="xx-unknown", phone="123"), dt.date(2026, 2, 28), None),
        (Contact(pk=11, name="Y", role="Sales", language="en", email="y@example.com"), None, None),
    ]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("may_manage", [True, False])
@pytest.mark.parametrize("shape", ["contacts", "none"])
def test_the_contacts_drawn_in_python_are_the_template(
    language: str, may_manage: bool, shape: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    contacts = _contacts() if shape == "contacts" else []
    values = {
        "contacts": contacts,
        "today": TODAY,
        "may_manage": may_manage,
        "customer": SimpleNamespace(pk=31),
    }
    by_template = customer_cards.by_template
    monkeypatch.setattr(customer_cards, "by_template", None)  # drawn in Python, not by the template
    with translation.override(language):
        drawn = Template("{% load laoke_web %}{% contact_items contacts %}").render(Context(values))
        reference = Template(_REFERENCE.read_text()).render(Context(values))
    monkeypatch.setattr(customer_cards, "by_template", by_template)
    assert drawn == reference
    if shape == "contacts":
        assert drawn.count("<li ") == len(contacts)
        assert "Dr &lt;Li&gt; &amp; &quot;Wang&quot;" in drawn
        assert ('hx-get="/customers/31/contacts/7/edit/"' in drawn) is may_manage


@pytest.mark.django_db
def test_an_edit_form_drawn_in_the_page_gets_the_template(sales_client: Client, sales: User) -> None:
    """``?edit_contact=`` draws that contact's form in the card (the template draws it)."""
    customer = f.customer("Lyon Outils", owner=sales)
    contact = Contact.objects.create(customer=customer, name="Marie <Curie>", phone="+33 1 23")
    html = sales_client.get(f"/customers/{customer.pk}/?edit_contact={contact.pk}").content.decode()
    assert f'id="contact-{contact.pk}"' in html and "Marie &lt;Curie&gt;" in html
    assert '<details class="mt-1" open>' in html


def test_the_source_checked_is_the_template_this_module_draws() -> None:
    customer_cards._contact_checked.clear()
    assert customer_cards.templates_unchanged(
        customer_cards.CONTACT_TEMPLATES, customer_cards._contact_checked
    )
