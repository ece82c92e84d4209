"""The 360° page's blank "Log a touch" form put together from parts kept per language
(``laoke.web.touch_form``) is the template's HTML, to the character, and shows each page's own
customer, token, clock and contacts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template import Context
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone, translation

from laoke.accounts.models import User
from laoke.customers.models import Contact
from laoke.web import touch_form
from laoke.web.forms import InteractionQuickForm
from tests.web import factories as f

pytestmark = pytest.mark.django_db

_TOKEN = re.compile(r'csrfmiddlewaretoken" value="[^"]+"')

#: Names the options must show escaped, and ones that look like the parts' stand-ins.
_NAMES = ["Anna <b>\"&'</b>", "Bo 987654321", "touchContactStandIn1", "1901-02-03T04:05", "李雷"]


def _template(customer: object, contacts: list[Contact], token: str) -> str:
    form = InteractionQuickForm(customer=customer, contacts=contacts)  # type: ignore[arg-type]
    return str(
        render_to_string(touch_form.TEMPLATE, {"customer": customer, "form": form, "csrf_token": token})
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("shown", [0, 1, 2, 5])
def test_the_kept_parts_make_the_templates_form(language: str, shown: int) -> None:
    customer = f.customer("Kunde")
    contacts = [f.contact(customer, name) for name in _NAMES[:shown]]
    with translation.override(language):
        for token in ("abcDEF123", ""):
            drawn = touch_form.touch_form_html(Context({"csrf_token": token}), customer, contacts)
            assert drawn == _template(customer, contacts, token)
    assert str(customer.pk) in str(drawn)


def test_the_clock_is_now_to_the_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    customer = f.customer()
    moment = timezone.make_aware(dt.datetime(2031, 7, 9, 23, 58, 41, 5))
    monkeypatch.setattr(timezone, "now", lambda: moment)
    drawn = touch_form.touch_form_html(Context({}), customer, [])
    assert 'name="occurred_at" value="2031-07-09T23:58"' in str(drawn)
    assert drawn == _template(customer, [], "")


def test_the_page_shows_a_new_contact_and_each_customers_own_form(client: Client, sales: User) -> None:
    client.force_login(sales)
    first, second = f.customer("A", owner=sales), f.customer("B", owner=sales)
    page = client.get(f"/customers/{first.pk}/").content.decode()
    assert f'action="/customers/{first.pk}/interactions/"' in page
    assert "Zhang Wei" not in page
    f.contact(first, "Zhang Wei")
    page = client.get(f"/customers/{first.pk}/").content.decode()
    contact = Contact.objects.get(name="Zhang Wei")
    assert f'<option value="{contact.pk}">Zhang Wei</option>' in page
    other = client.get(f"/customers/{second.pk}/").content.decode()
    assert f'hx-post="/customers/{second.pk}/interactions/"' in other
    assert "Zhang Wei" not in other
    assert len(_TOKEN.findall(other)) >= 2  # the form's token is the page's (not a stand-in)
    assert touch_form._TOKEN not in other


def test_a_template_that_cannot_be_cut_is_drawn_as_it_is(
    client: Client, sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(touch_form, "_KEPT", {})
    monkeypatch.setattr(touch_form, "_cut", lambda: None)
    client.force_login(sales)
    customer = f.customer("A", owner=sales)
    f.contact(customer, "Zhang Wei")
    page = client.get(f"/customers/{customer.pk}/").content.decode()
    assert 'id="touch-form"' in page
    assert ">Zhang Wei</option>" in page
