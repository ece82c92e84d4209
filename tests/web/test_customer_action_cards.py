"""The 360° page's "Log a touch", "Contacts", "Alerts" and "Complaints" cards drawn in Python
(``laoke.web.customer_action_cards``) are their templates' HTML, to the character; an edited
template, DEBUG and a refused form shown again get the template engine."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import timezone, translation

from laoke.accounts.models import User
from laoke.customers.book_cache import note_change
from laoke.customers.models import Customer
from laoke.interactions.models import Interaction
from laoke.platform import python_html
from laoke.retention.models import Alert
from laoke.retention.services.activity import COMPLAINT_TASK_KIND
from laoke.web import customer_360 as c360
from laoke.web import customer_action_cards as cards
from laoke.web.customer_forms import ComplaintForm, ContactForm, PersonalTaskForm, ResolveComplaintForm
from laoke.web.customer_panels import action_panels
from tests.web import factories as f

pytestmark = pytest.mark.django_db

_PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+"')
_CLOCK = re.compile(r'(name="occurred_at" value=")[^"]*')
_TEMPLATES = Path(cards.__file__).parent / "templates"
#: Each card: its tag and the template it draws.
_CARDS = {
    "act": ("{% customer_act %}", "web/customer/_act.html"),
    "contacts": ("{% customer_contacts %}", "web/customer/_contacts.html"),
    "alerts": ("{% customer_alerts %}", "web/customer/_alerts.html"),
    "complaints": ("{% customer_complaints %}", "web/customer/_complaints.html"),
}
_NASTY = 'Line one <b>\nline "two" & <i>three</i>\n\nlast'


def _evening(days: int) -> dt.datetime:
    """A moment ``days`` ago at 20:30 UTC: the next day in Shanghai (the page shows the local day)."""
    return (timezone.now() - dt.timedelta(days=days)).replace(hour=20, minute=30, tzinfo=dt.UTC)


def _complaint(customer: Customer, **fields: Any) -> Interaction:
    fields.setdefault("occurred_at", timezone.now() - dt.timedelta(days=9))
    return f.interaction(customer, COMPLAINT_TASK_KIND, **fields)


def _full(owner: User, other: User) -> Customer:
    """A customer with everything: contacts (the first with a phone to cut, names to escape), open
    alerts and dismissed ones (by someone, by no one), open complaints (deadline past, future,
    none; a subject or only a snippet; a body with newlines and ``<&"``; an id past a thousand) and
    resolved ones (with and without who and how)."""
    today = timezone.localdate()
    now = timezone.now()
    customer = f.customer('Lyon <Outils> & "Fils"', owner=owner)
    f.contact(customer, 'Zoë "Z" <Boss>', phone="+49 40 123 45 & 6", is_primary=True, email="z@x.org")
    f.contact(customer, "Ann", whatsapp="0049 170 1", role="Buyer <3>")
    f.alert(customer, severity=3, reason_en="Silent <90> & more", reason_zh="沉默 <90> & 更多")
    f.alert(customer, severity=1, confidence=0.5)
    f.alert(
        customer,
        dismissed_at=_evening(3),
        dismissed_by=other,
        dismissed_note='Not "now" <ok> & fine',
    )
    f.alert(customer, severity=2, dismissed_at=now - dt.timedelta(days=40), dismissed_note="")
    _complaint(
        customer,
        subject="Late <box>",
        body=_NASTY,
        deadline=today - dt.timedelta(days=1),
        user=owner,
        occurred_at=_evening(12),
    )
    _complaint(customer, snippet="Only a snippet & more", deadline=today + dt.timedelta(days=6))
    late = _complaint(customer, subject="No deadline", body="x\r\ny", deadline=None, user=other)
    Interaction.objects.filter(pk=late.pk).update(id=12345)
    _complaint(
        customer,
        subject="Fixed <now>",
        resolved_at=_evening(2),
        resolved_by=other,
        resolution=_NASTY,
    )
    _complaint(customer, snippet="Fixed quietly", resolved_at=now - dt.timedelta(days=3), resolution="")
    return customer


def _shapes(owner: User, other: User) -> list[Customer]:
    """Customers of every shape: everything (:func:`_full`); nothing at all; a first contact
    without a phone (no call link) and only resolved complaints; only open alerts and one open
    complaint, owned by someone else."""
    bare = f.customer("Bare", owner=owner)
    quiet = f.customer("Quiet", owner=owner)
    f.contact(quiet, "Ada", is_primary=True)
    f.contact(quiet, "Bob", phone="+1 555 0100")
    _complaint(quiet, subject="Done", resolved_at=timezone.now(), resolution="ok")
    theirs = f.customer("Theirs", owner=other)
    f.alert(theirs)
    _complaint(theirs, subject="Open one", deadline=timezone.localdate())
    return [_full(owner, other), bare, quiet, theirs]


def _values(user: User, customer: Customer, **forms: Any) -> dict[str, Any]:
    """What the 360° view gives these cards (its own functions), with a CSRF token."""
    today = timezone.localdate()
    panels = action_panels(user, customer, today=today, forms=forms)
    open_alerts, dismissed = c360.alert_cards(customer)
    return {
        "customer": customer,
        "alerts": open_alerts,
        "dismissed_alerts": dismissed,
        "touch_contacts": [c for c, _day, _form in panels["contacts"]],
        "today": today,
        "currency": "USD",
        "csrf_token": "tok<en>",
        **panels,
    }


def _drawn(monkeypatch: pytest.MonkeyPatch, card: str, values: dict[str, Any]) -> tuple[str, str, str]:
    """``card`` drawn in Python, by the template engine through the tag, and its template file as it
    is (the touch form's clock masked)."""
    tag, name = _CARDS[card]
    drawn = {}
    for fast in (True, False):
        monkeypatch.setattr(cards, "sources_unchanged", lambda fast=fast: fast)
        drawn[fast] = Template("{% load laoke_web %}" + tag).render(Context(values))
    with open(_TEMPLATES / name) as template:
        reference = Template(template.read()).render(Context(values))
    return tuple(_CLOCK.sub(r"\1", html) for html in (drawn[True], drawn[False], reference))  # type: ignore[return-value]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_cards_drawn_in_python_are_the_templates(
    language: str, manager: User, sales: User, other_sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    shapes = _shapes(sales, other_sales)
    seen: dict[str, list[str]] = {card: [] for card in _CARDS}
    managed = set()
    with translation.override(language):
        for customer in shapes:
            for user in (manager, sales):
                values = _values(user, customer)
                managed.add(values["may_manage"])
                for card in _CARDS:
                    fast, slow, reference = _drawn(monkeypatch, card, values)
                    assert fast == slow == reference, (card, customer.name, user.username)
                    seen[card].append(fast)
    assert managed == {True, False}  # the sales user does not manage the customer of another
    act, contacts, alerts, complaints = (seen[card][0] for card in _CARDS)  # the full one, the manager
    assert 'href="tel:+494012345&amp;6"' in act and "Zoë &quot;Z&quot; &lt;Boss&gt;</a>" in act
    assert "tel:" not in seen["act"][2] and "tel:" not in seen["act"][4]  # none; no phone first
    assert 'class="contact-form"' in contacts and 'class="contact-form"' not in seen["contacts"][7]
    assert alerts.count('class="alert-card') == 2 and alerts.count("<li>") == 2
    assert "Not &quot;now&quot; &lt;ok&gt; &amp; fine" in alerts and "empty-state" in seen["alerts"][2]
    assert complaints.count("complaint-open") == 3 and complaints.count("complaint-resolved") == 2
    assert complaints.count('class="text-danger fw-semibold"') == 1 and 'class=""' in complaints
    assert "&lt;b&gt;<br>line &quot;two&quot; &amp; &lt;i&gt;three&lt;/i&gt;<br><br>last" in complaints
    assert 'id="complaint-12345"' in complaints or 'id="complaint-12,345"' in complaints
    assert 'action="/complaints/12345/resolve/"' in complaints or "12345/resolve" in complaints
    assert 'name="resolve-12345-note"' in complaints and 'for="id_resolve-12345-resolved_on"' in complaints
    assert complaints.count('value="tok&lt;en&gt;"') == 4
    assert "Only a snippet &amp; more" in complaints and "empty-state" in seen["complaints"][2]


def test_the_kept_resolve_form_follows_the_language(sales: User, monkeypatch: pytest.MonkeyPatch) -> None:
    """The blank resolve form drawn once per language is not shown in another."""
    customer = f.customer("Kept", owner=sales)
    _complaint(customer, subject="Open")
    monkeypatch.setattr(cards, "_RESOLVE_FORMS", {})
    values = _values(sales, customer)
    with translation.override("en"):
        english = cards.complaints(Context(values))
    with translation.override("zh-hans"):
        chinese = cards.complaints(Context(values))
        label = str(ResolveComplaintForm.base_fields["note"].label)
    assert label in chinese and label not in english
    assert len(cards._RESOLVE_FORMS) == 2


def test_refused_forms_are_drawn_again_with_their_errors(
    manager: User, sales: User, other_sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refused task, contact, complaint or resolve form is shown again, open, with its errors."""
    customer = _full(sales, other_sales)
    first_open = Interaction.objects.filter(customer=customer, resolved_at=None).order_by("deadline").first()
    assert first_open is not None
    refused: dict[str, dict[str, Any]] = {
        "act": {"task_form": PersonalTaskForm(data={"title": ""})},
        "contacts": {"contact_form": ContactForm(data={"name": "", "email": "not an address"})},
        "complaints": {"complaint_form": ComplaintForm(data={"subject": ""}, days=7)},
    }
    resolve = ResolveComplaintForm(data={}, complaint_id=first_open.pk)
    with translation.override("en"):
        for card, forms in [
            *refused.items(),
            ("complaints", {"resolve_id": first_open.pk, "resolve_form": resolve}),
        ]:
            values = _values(manager, customer, **forms)
            fast, slow, reference = _drawn(monkeypatch, card, values)
            assert fast == slow == reference
            assert "This field is required." in fast and "open>" in fast


def test_an_edited_template_is_drawn_by_the_template_engine(
    manager: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A template whose source is not the one this module was written from (here: an app's
    override) is drawn by the template engine, its edit shown."""

    def edited(name: str) -> _Wrap:
        with open(_TEMPLATES / name) as template:
            return _Wrap(template.read().replace("<section ", "<section data-edited ", 1))

    for name in cards.TEMPLATES:
        monkeypatch.setitem(cards.TEMPLATES, name, "0" * 40)
    monkeypatch.setattr(cards, "_checked", {})
    # The fallback draws through python_html.by_template, which reads the template there.
    monkeypatch.setattr(python_html, "get_template", edited)
    values = _values(manager, f.rich_customer(manager))
    with translation.override("en"):
        for tag, name in _CARDS.values():
            html = Template("{% load laoke_web %}" + tag).render(Context(values))
            assert "<section data-edited " in html, name
    assert not cards.sources_unchanged()


class _Wrap:
    """A template as ``get_template(...)`` gives it (``.template`` is the engine's own)."""

    def __init__(self, source: str) -> None:
        self.template = Template(source)


def test_the_sources_drawn_are_the_templates(settings: Any) -> None:
    """The sources checked are those of the templates this module was written from; under DEBUG
    (templates edited while the process runs) the template engine draws them."""
    cards._checked.clear()
    assert cards.sources_unchanged()
    settings.DEBUG = True
    assert not cards.sources_unchanged()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_page_is_the_same_drawn_either_way(
    language: str,
    manager_client: Client,
    sales: User,
    other_sales: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The whole 360° page of a customer with everything is the same with the cards drawn in
    Python or by their templates."""
    customer = _full(sales, other_sales)
    manager_client.cookies["django_language"] = language
    pages = {}
    for fast in (True, False):
        monkeypatch.setattr(cards, "sources_unchanged", lambda fast=fast: fast)
        note_change()
        html = manager_client.get(f"/customers/{customer.pk}/").content.decode()
        pages[fast] = _CLOCK.sub(r"\1", _PER_REQUEST.sub(r'\1…"', html))
    assert pages[True] == pages[False]
    assert pages[True].count("complaint-open") == 3 and 'id="act"' in pages[True]
    assert Alert.objects.filter(customer=customer).count() == 4
