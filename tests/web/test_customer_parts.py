"""The 360° page's header, scorecard rows and "Profile" card drawn in Python
(``laoke.web.customer_parts``) are their templates' HTML, to the character."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import timezone, translation

from laoke.accounts.models import User
from laoke.customers.book_cache import note_change
from laoke.customers.models import Customer
from laoke.retention.models import CustomerScore
from laoke.web import customer_parts
from laoke.web.customer_360 import DimensionRow
from tests.web import factories as f

pytestmark = pytest.mark.django_db

_PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+"')
_CLOCK = re.compile(r'(name="occurred_at" value=")[^"]*')
_TEMPLATES = Path(customer_parts.__file__).parent / "templates"


def _customers(owner: User) -> list[tuple[Customer, CustomerScore | None]]:
    """Customers of every shape: all facts set (names to escape, a left owner, a state), none set
    (shared pool, no scorecard), and in between (zero and negative values, unknown choices)."""
    left = f.user("gone", first_name="Old <Owner>", left_on=timezone.localdate() - dt.timedelta(days=3))
    full = f.customer(
        'Lyon <Outils> & "Fils"',
        owner=left,
        is_target=True,
        country="FR",
        currency="EUR",
        kind="brand_owner",
        headcount=12500,
        turnover=Decimal("1234567.89"),
        founded_year=1987,
        payment_terms="TT",
        credit_days=45,
        source_channel="referral",
        market_trend=-2,
        lifespan_risk=4,
        delivery_sensitivity=5,
        relationship_level=3,
        notes="First line <b>\nsecond & last",
    )
    empty = f.customer("Bare", code="B&<1>", country="", currency="", owner=None)
    between = f.customer(
        "Mid",
        owner=owner,
        country="ZZ",
        kind="trader",
        headcount=0,
        market_trend=0,
        payment_terms="OA",
        relationship_level=5,
        source_channel="other",
    )
    odd = f.customer("Odd", owner=owner, kind="unheard-of", market_trend=2, relationship_level=1)
    # A book that names its customers by number (Online Retail II): the name is the code.
    numbered = f.customer("14952", code="14952", owner=None)
    return [
        (full, f.score(full, grade="A", state="at_risk", total=71.5, revenue_12m=1234567.0)),
        (empty, None),
        (between, f.score(between, grade="", state="", total=0.49, revenue_12m=0)),
        (odd, f.score(odd, grade="C+", state="active", total=None, revenue_12m=5.0)),
        (numbered, None),
    ]


def _rows() -> list[DimensionRow]:
    """Rows of every shape: unknown, rounding half up, zero, 100, a level and an explanation to escape."""
    return [
        DimensionRow("profit", "Profit <margin>", 72.5, "High & rising", "Sales up <b>20%</b>"),
        DimensionRow("payment_risk", "Payment risk", None, "", ""),
        DimensionRow("volume", "Volume", 0.0, "Low", "None at all"),
        DimensionRow("growth", "Growth", 100.0, "Very high", "Doubled"),
        DimensionRow("loyalty", "Loyalty", 49.5, "", "“quoted”"),
        DimensionRow("x", "X", 0.4, "", ""),
    ]


def _both(
    monkeypatch: pytest.MonkeyPatch, source: str, reference: str, values: dict[str, Any]
) -> tuple[str, str, str]:
    """``source`` drawn in Python and by the template engine, and the template file drawn as it is."""
    drawn = {}
    for fast in (True, False):
        monkeypatch.setattr(customer_parts, "sources_unchanged", lambda fast=fast: fast)
        drawn[fast] = Template("{% load laoke_web %}" + source).render(Context(values))
    with open(_TEMPLATES / reference) as template:
        referenced = Template(template.read()).render(Context(values))
    return drawn[True], drawn[False], referenced


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_header_and_profile_drawn_in_python_are_the_templates(
    language: str, sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    shapes = _customers(sales)
    with translation.override(language):
        for n, (customer, score) in enumerate(shapes):
            for dossier, shares in ((False, 0), (True, 3), (True, 1234)):
                values = {
                    "customer": customer,
                    "score": score,
                    "currency": "USD",
                    "has_dossier": dossier,
                    "share_count": shares,
                }
                fast, slow, reference = _both(
                    monkeypatch, "{% customer_header %}", "web/customer/_header.html", values
                )
                assert fast == slow == reference
                assert customer.name.replace("<", "&lt;")[:8] in fast
                heading = fast.split("<h1")[1].split("</h1>")[0]
                assert ("<small" in heading) is (customer.code != customer.name)
            fast, slow, reference = _both(
                monkeypatch, "{% customer_profile %}", "web/customer/_portrait.html", values
            )
            assert fast == slow == reference
            assert (n != 0) or "&lt;b&gt;<br>second &amp; last" in fast
    if language == "en":
        monkeypatch.setattr(customer_parts, "sources_unchanged", lambda: True)
        values = {"customer": shapes[0][0], "score": shapes[0][1], "currency": "USD"}
        with translation.override("en"):
            full_header = customer_parts.header(Context(values))
        assert "left the company" in full_header and "Brand owner" in full_header and "●●●○○" in full_header


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_scorecard_rows_drawn_in_python_are_the_template(
    language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _rows()
    with translation.override(language):
        fast, slow, reference = _both(
            monkeypatch,
            "{% dimension_rows rows %}",
            "web/customer/_dimension_rows.html",
            {"rows": rows, "dimensions": rows},
        )
    assert fast == slow == reference
    assert fast.count("<tr>") == len(rows)
    assert ">73</td>" in fast and ">50</td>" in fast and ">0</td>" in fast  # half up, as floatformat


def test_choice_labels_and_scores_are_kept_per_language(sales: User) -> None:
    """The labels and rounded scores kept in the process follow the reader's language."""
    customer = f.customer("Kept", owner=sales, kind="distributor", payment_terms="LC")
    score = f.score(customer, state="at_risk")
    values = {"customer": customer, "score": score, "currency": "USD"}
    with translation.override("en"):
        english = customer_parts.header(Context(values)) + customer_parts.profile(Context(values))
    with translation.override("zh-hans"):
        chinese = customer_parts.header(Context(values)) + customer_parts.profile(Context(values))
        assert customer_parts._display(score, "state", "zh-hans") == str(score.get_state_display())
        assert customer_parts._display(customer, "kind", "zh-hans") == str(customer.get_kind_display())
        chinese_kind = str(customer.get_kind_display())
    with translation.override("en"):  # the language passed down, whichever is active
        customer_parts._CHOICES.clear()
        assert customer_parts._display(customer, "kind", "zh-hans") == chinese_kind
        assert customer_parts._display(customer, "kind", "en") == "Distributor"
    assert "Distributor" in english and "Distributor" not in chinese
    assert str(score.get_state_display()) not in english or translation.get_language() == "en"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_page_is_the_same_drawn_either_way(
    language: str, sales_client: Client, sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rich customer's page (header, scorecard rows, profile) is the same drawn in Python or by
    the templates."""
    customer = f.rich_customer(sales, name="Hamburg <Tools> & Co")
    Customer.objects.filter(pk=customer.pk).update(
        headcount=4200, turnover=Decimal("98765.4"), market_trend=1, notes="a\nb"
    )
    sales_client.cookies["django_language"] = language
    pages = {}
    for fast in (True, False):
        monkeypatch.setattr(customer_parts, "sources_unchanged", lambda fast=fast: fast)
        note_change()
        html = sales_client.get(f"/customers/{customer.pk}/").content.decode()
        pages[fast] = _CLOCK.sub(r"\1", _PER_REQUEST.sub(r'\1…"', html))
    assert pages[True] == pages[False]
    assert 'class="dimension-table"' in pages[True] or "dimension-table" in pages[True]
    assert "Hamburg &lt;Tools&gt; &amp; Co" in pages[True]


def test_the_sources_drawn_are_the_templates() -> None:
    """The sources checked are those of the templates this module was written from."""
    customer_parts._checked.clear()
    assert customer_parts.sources_unchanged()


def test_an_edited_template_is_drawn_by_the_template_engine(
    sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(customer_parts.TEMPLATES, "web/customer/_portrait.html", "0" * 40)
    monkeypatch.setattr(customer_parts, "_checked", {})
    customer = f.customer("Edited", owner=sales)
    values = {"customer": customer, "currency": "USD"}
    drawn = customer_parts.profile(Context(values))
    with open(_TEMPLATES / "web/customer/_portrait.html") as template:
        assert drawn == Template(template.read()).render(Context(values))
    assert not customer_parts.sources_unchanged()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_deferred_panels_drawn_in_python_are_the_template(
    language: str, sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    customer = f.customer("Deferred", owner=sales)
    with translation.override(language):
        for panel, anchor, label in (
            ("timeline", "h-timeline", "Show the interactions"),
            ("history", "history", "Show tasks, promises, state history and losses"),
        ):
            source = f'{{% deferred_panel "{panel}" "{anchor}" _("{label}") %}}'
            values = {
                "customer": customer,
                "panel": panel,
                "anchor": anchor,
                "label": translation.gettext(label),
            }
            fast, slow, reference = _both(monkeypatch, source, "web/customer/_deferred.html", values)
            assert fast == slow == reference
            assert f'hx-get="/customers/{customer.pk}/panels/{panel}/"' in fast
            assert f"?show={panel}#{anchor}" in fast
            assert translation.gettext(label) in fast


def _forecasts(owner: User) -> list[Any]:
    """Forecasts of every shape: none; no date; a date with its window, chance, expected sales and
    more than four reasons (one a sentence to escape); unlikely within its year; no window, no
    expected sales, no reasons."""
    today = timezone.localdate()
    reasons = [
        {"code": "forecast.due_by_rhythm", "params": {}},
        {"code": "forecast.not_due_yet", "params": {}},
        "An old <sentence> & more",
        {"code": "forecast.book_pattern_high", "params": {}},
        {"code": "forecast.book_pattern_low", "params": {}},
    ]
    shapes: list[Any] = [None]
    for n, fields in enumerate(
        [
            {"next_order_on": None},
            {"expected_value_365d": 12345.6, "reasons": reasons, "p_order_90d": 0.33},
            {"details": {"p_order_365d": 0.04}, "expected_value_365d": 0.0, "p_order_90d": 0.01},
            {"window_start": None, "p_order_90d": None},
        ]
    ):
        customer = f.customer(f"Forecast {n}", owner=owner)
        start = fields.pop("window_start", today + dt.timedelta(days=20))
        shapes.append(
            f.forecast(customer, today + dt.timedelta(days=20), today + dt.timedelta(days=80), **fields)
        )
        if start is None:
            shapes[-1].window_start = None
    return shapes


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_forecast_drawn_in_python_is_the_template(
    language: str, sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    cards = []
    with translation.override(language):
        for forecast in _forecasts(sales):
            values = {"forecast": forecast, "currency": "USD"}
            fast, slow, reference = _both(
                monkeypatch, "{% customer_forecast %}", "web/customer/_forecast.html", values
            )
            assert fast == slow == reference
            cards.append(fast)
    assert "empty-state" in cards[0] and "empty-state" in cards[1]
    assert cards[2].count("<li>") == 4 and "&lt;sentence&gt; &amp; more" in cards[2]
    assert 'data-forecast="unlikely"' in cards[3] and 'data-forecast="date"' in cards[2]
    assert 'id="forecast-window"' not in cards[4] and "<strong>" not in cards[4].split("forecast-chance")[1]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_scorecard_drawn_in_python_is_the_template(
    language: str, sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not scored yet; scored without dimensions; scored with rows and a treatment typed by the
    company (to escape), and with rows but no treatment."""
    customer = f.customer("Scored", owner=sales)
    typed = f.score(customer, treatment_en="Visit <soon> & call", treatment_zh="尽快<拜访>")
    bare = CustomerScore(customer=customer, as_of=timezone.localdate(), grade="C", total=1.0, revenue_12m=0)
    cards = []
    with translation.override(language):
        for score, rows in ((None, []), (bare, []), (typed, _rows()), (bare, _rows()[:2])):
            values = {"score": score, "dimensions": rows}
            fast, slow, reference = _both(
                monkeypatch, "{% customer_scorecard %}", "web/customer/_scorecard.html", values
            )
            assert fast == slow == reference
            cards.append(fast)
    assert "empty-state" in cards[0] and "empty-state" in cards[1] and "as of" not in cards[0]
    assert cards[2].count("<tr>") == 7 and ("&lt;soon&gt; &amp;" in cards[2] or "&lt;拜访&gt;" in cards[2])
    assert "<strong>" not in cards[3]
