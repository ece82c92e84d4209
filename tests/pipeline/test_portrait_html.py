"""The 360° page's "Profile for the similarity score" card drawn in Python
(``laoke.pipeline.portrait_html``) is ``pipeline/_portrait_panel.html``'s HTML, to the character."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from laoke.accounts.models import User
from laoke.core.portrait.dimensions import DIMENSIONS
from laoke.customers.book_cache import note_change
from laoke.pipeline import portrait_html, presentation
from laoke.pipeline.models import CustomerPortrait
from tests.web import factories as f

pytestmark = pytest.mark.django_db

_PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+"')
_CLOCK = re.compile(r'(name="occurred_at" value=")[^"]*')
_TEMPLATE = Path(portrait_html.__file__).parent / "templates" / portrait_html.TEMPLATE
#: Portraits of every shape: nothing known; everything, with values to escape and unknown choices.
_PORTRAITS: list[dict[str, Any]] = [
    {},
    {
        "channel": "distributor",
        "brand": "owner",
        "headcount": 12500,
        "turnover": 1234567.5,
        "volume": 99.5,
        "payment_terms": "TT",
        "delivery_sensitivity": 3.0,
        "product_line": "Pumps <& valves>",
        "attributes": ["REACH", "<b>purity</b>", 'size & "grade"'],
        "new_products": 0.25,
        "punctuality": 4.6,
        "loyalty": 1.0,
    },
    {"channel": "unknown-role", "payment_terms": "XX", "attributes": [], "delivery_sensitivity": 2.5},
]


def _draw(
    monkeypatch: pytest.MonkeyPatch, customer: Any, portrait: dict[str, Any], edited: Any
) -> tuple[str, ...]:
    context = Context({"currency": "EUR"})
    drawn = []
    for fast in (True, False):
        monkeypatch.setattr(portrait_html, "source_unchanged", lambda fast=fast: fast)
        drawn.append(str(portrait_html.portrait_panel(context, customer, portrait, edited)))
    values = {"customer": customer, "rows": presentation.portrait_rows(portrait, "EUR"), "edited": edited}
    reference = Template(_TEMPLATE.read_text()).render(Context(values))
    return (*drawn, reference)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_card_drawn_in_python_is_the_template(
    language: str, sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    customer = f.customer("Portrayed", owner=sales)
    noted = CustomerPortrait.objects.create(customer=customer, notes="Line <one>\nline & two")
    cards = []
    with translation.override(language):
        for portrait in _PORTRAITS:
            for edited in (None, noted, CustomerPortrait(customer=customer, notes="")):
                fast, slow, reference = _draw(monkeypatch, customer, portrait, edited)
                assert fast == slow == reference
                assert fast.count("<dt ") == len(DIMENSIONS)
                cards.append(fast)
    assert sum("Line &lt;one&gt;<br>line &amp; two" in card for card in cards) == len(_PORTRAITS)
    assert sum("Pumps &lt;&amp; valves&gt;" in card for card in cards) == 3


def test_the_labels_kept_follow_the_language(sales: User, monkeypatch: pytest.MonkeyPatch) -> None:
    """The label cells kept in the process are those of the reader's language."""
    customer = f.customer("Labelled", owner=sales)
    monkeypatch.setattr(portrait_html, "source_unchanged", lambda: True)
    drawn = {}
    for language in ("en", "zh-hans", "en"):
        with translation.override(language):
            drawn[language] = str(portrait_html.portrait_panel(Context({}), customer, _PORTRAITS[1], None))
            label = presentation.dimension_label("headcount")
            assert f'<dt class="col-6">{label[0].upper()}{label[1:]}</dt>' in drawn[language]
    assert drawn["en"] != drawn["zh-hans"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_page_is_the_same_drawn_either_way(
    language: str, client: Client, sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    customer = f.rich_customer(sales)
    CustomerPortrait.objects.create(customer=customer, product_line="Tools <x>", notes="a\nb")
    client.force_login(sales)
    client.cookies["django_language"] = language
    pages = {}
    for fast in (True, False):
        monkeypatch.setattr(portrait_html, "source_unchanged", lambda fast=fast: fast)
        note_change()  # a new book version: the portrait is worked out again
        html = client.get(f"/customers/{customer.pk}/").content.decode()
        pages[fast] = _CLOCK.sub(r"\1", _PER_REQUEST.sub(r'\1…"', html))
    assert pages[True] == pages[False]
    assert 'id="customer-portrait"' in pages[True] and "Tools &lt;x&gt;" in pages[True]


def test_the_source_drawn_is_the_template() -> None:
    portrait_html._checked.clear()
    assert portrait_html.source_unchanged()
