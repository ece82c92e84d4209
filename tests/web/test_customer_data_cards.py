"""The 360° page's lower cards drawn in Python (``laoke.web.customer_data_cards``: "Latest orders",
"Payments", "Facts set by hand", the win-back panel's and the portrait's includes) are the
templates' HTML, to the character; an edited template, ``DEBUG`` or a refused facts form gets the
template engine; a change to the orders, payments or facts shows on the next visit."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import timezone, translation

from laoke.accounts.models import User
from laoke.cadence.models import ReactivationPlan
from laoke.customers.book_cache import book_version, note_change
from laoke.customers.models import Customer, CustomerShare, DimensionChange
from laoke.orders.models import Order
from laoke.pipeline.models import CustomerPortrait
from laoke.web import customer_data_cards as cards
from laoke.web.customer_360 import OrderRow, PaymentRow, page_facts
from tests.web import factories as f

pytestmark = pytest.mark.django_db

_PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+"')
_CLOCK = re.compile(r'(name="occurred_at" value=")[^"]*')
_TEMPLATES = Path(cards.__file__).parent.parent


def _source(name: str) -> str:
    """The template's source as the app holds it (``web/…`` in web, ``cadence/…`` in cadence, …)."""
    app = name.split("/")[0]
    return (_TEMPLATES / app / "templates" / name).read_text()


def _masked(html: str) -> str:
    return _CLOCK.sub(r"\1", _PER_REQUEST.sub(r'\1…"', html))


def _card_rows(today: dt.date) -> tuple[list[OrderRow], list[dict[str, object]]]:
    orders = [
        OrderRow("SO-<1>&\"2'", dt.date(2025, 1, 31), "EUR", Decimal("1234567.49")),
        OrderRow("SO-2", dt.date(2024, 12, 1), "<X>", None),
    ]
    payments: list[dict[str, object]] = [
        {
            "payment": PaymentRow(
                today - dt.timedelta(days=40), today - dt.timedelta(days=30), Decimal("99.5")
            ),
            "days_late": 10,
            "days_overdue": None,
        },
        {
            "payment": PaymentRow(today - dt.timedelta(days=9), None, Decimal("1200")),
            "days_late": None,
            "days_overdue": 9,
        },
    ]
    return orders, payments


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("currency", ["USD", "<C&>"])
def test_the_order_and_payment_cards_are_the_templates(language: str, currency: str) -> None:
    """With rows and without, an escaped currency: the cards are what their templates draw."""
    orders, payments = _card_rows(timezone.localdate())
    assert cards.drawn_in_python()
    with translation.override(language):
        for draw, name, key, rows in (
            (cards.orders_card, cards.ORDERS, "orders", orders),
            (cards.payments_card, cards.PAYMENTS, "payments", payments),
        ):
            for shown in (rows, []):
                reference = Template(_source(name)).render(Context({"currency": currency, key: shown}))
                assert draw(currency, shown) == reference  # type: ignore[operator]
                assert ("<tbody>" in reference) == bool(shown)


def _shapes(sales: User, other_sales: User) -> list[Customer]:
    """Customers of every shape the cards show differently."""
    today = timezone.localdate()
    rich = f.rich_customer(sales, "Lyon <Outils> & Fils")
    for n, amount in enumerate(["1200.50", "-80"]):
        order = f.order(rich, today - dt.timedelta(days=40 * n + 3), amount)
        Order.objects.filter(pk=order.pk).update(order_no=f"A<{n}>")
    f.payment(rich, today - dt.timedelta(days=30), today - dt.timedelta(days=31))  # early
    f.payment(rich, today - dt.timedelta(days=90), today - dt.timedelta(days=20))  # late
    f.payment(rich, today - dt.timedelta(days=400), None)  # long overdue
    DimensionChange.objects.create(
        customer=rich,
        field="relationship_level",
        old_value="2",
        new_value="4",
        note="Met <them>\n& more",
        changed_by=sales,
    )
    DimensionChange.objects.create(
        customer=rich, field="market_trend", old_value="", new_value="-1", note="x"
    )
    DimensionChange.objects.create(
        customer=rich, field="payment_terms", old_value="TT", new_value="", note="y"
    )
    CustomerPortrait.objects.create(
        customer=rich, brand_role="brand_user", product_line="Pig<ments>", notes="line one\nline <two>"
    )
    bare = f.customer("Nothing Yet", owner=sales)  # no orders, payments, facts or portrait edits
    lost = f.customer("Gone & Lost", owner=sales)  # the win-back button
    f.score(lost, state="lost", grade="D")
    planned = f.customer("Planned", owner=sales)
    f.score(planned, state="lost", grade="D")
    ReactivationPlan.objects.create(customer=planned, started_on=today, left_because="price <too high>")
    shared = f.customer("Shared Only", owner=other_sales)  # seen, not managed
    f.order(shared, today - dt.timedelta(days=5), "10")
    DimensionChange.objects.create(
        customer=shared, field="relationship_level", old_value="1", new_value="2", note="z"
    )
    CustomerShare.objects.create(customer=shared, user=sales)
    return [rich, bare, lost, planned, shared]


def _pages(
    client: Client, customers: list[Customer], fast: bool, monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    monkeypatch.setattr(cards, "drawn_in_python", lambda: fast)
    note_change()  # a new book version: the order cards are drawn again
    pages = []
    for customer in customers:
        response = client.get(f"/customers/{customer.pk}/")
        assert response.status_code == 200
        pages.append(_masked(response.content.decode()))
    return pages


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_page_is_the_same_drawn_in_python_or_by_the_templates(
    language: str, sales: User, other_sales: User, manager: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every shape, seen by the owner (may manage), by a salesperson it is shared with (may not)
    and by a manager: the page drawn in Python is the page drawn by the templates."""
    customers = _shapes(sales, other_sales)
    clients = {}
    for user in (sales, manager):
        clients[user] = client = Client()
        client.force_login(user)
        client.cookies["django_language"] = language
        fast = _pages(client, customers, True, monkeypatch)
        slow = _pages(client, customers, False, monkeypatch)
        for customer, one, other in zip(customers, fast, slow, strict=True):
            assert one == other, customer.name
    rich, bare, lost, planned, shared = _pages(clients[sales], customers, True, monkeypatch)
    assert rich.count('class="border-top py-1"') == 3 and "Met &lt;them&gt;<br>&amp; more" in rich
    assert 'id="h-orders"' in rich and "<tbody><tr><td>A&lt;0&gt;</td>" in rich
    assert "line one<br>line &lt;two&gt;" in rich
    assert 'class="manual-facts-form"' in rich and 'class="manual-facts-form"' not in shared
    assert 'empty-state">' in bare and 'id="h-winback"' not in bare
    assert 'id="h-winback"' in lost and "price &lt;too high&gt;" in planned
    if language == "en":
        assert (
            "No orders yet." in bare
            and "No payments recorded." in bare
            and "No changes recorded yet." in bare
        )
        assert "400 overdue" in rich


def test_an_edited_template_is_drawn_by_the_template_engine(
    sales_client: Client, sales: User, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The sources checked are those this module was written from; another source (an edited
    template) is not drawn in Python: the page shows the edit."""
    cards._checked.clear()
    assert cards.drawn_in_python()
    customer = f.customer("Edited", owner=sales)
    edited = _source(cards.MANUAL_FACTS).replace("Facts set by hand", "Facts EDITED by hand")
    (tmp_path / "web" / "customer").mkdir(parents=True)
    (tmp_path / "web" / "customer" / "_manual_facts.html").write_text(edited)
    from django.conf import settings
    from django.template import engines

    engine = engines["django"].engine  # type: ignore[attr-defined]
    monkeypatch.setattr(engine, "dirs", [str(tmp_path), *engine.dirs])
    for loader in engine.template_loaders:
        loader.reset()
    cards._checked.clear()
    try:
        assert not cards.drawn_in_python()
        page = sales_client.get(f"/customers/{customer.pk}/").content.decode()
        assert "Facts EDITED by hand" in page
    finally:
        monkeypatch.undo()
        for loader in engine.template_loaders:
            loader.reset()
        cards._checked.clear()
    assert cards.drawn_in_python()
    assert settings.DEBUG is False


def test_under_debug_the_template_engine_draws(settings: object) -> None:
    """Under ``DEBUG`` (templates edited while the server runs) the cards are the templates'."""
    assert cards.drawn_in_python()
    settings.DEBUG = True  # type: ignore[attr-defined]
    assert not cards.drawn_in_python()


def test_a_refused_facts_form_shows_its_errors(sales_client: Client, sales: User) -> None:
    """A change without a note is refused: the card comes back open, with the choice and the error."""
    customer = f.customer(owner=sales, relationship_level=2)
    response = sales_client.post(f"/customers/{customer.pk}/facts/", {"facts-relationship_level": "5"})
    assert response.status_code == 400
    page = response.content.decode()
    assert '<details class="manual-facts-form" open>' in page and "This field is required." in page


def test_changes_show_on_the_next_visit(sales_client: Client, sales: User) -> None:
    """A new order, a paid payment and a new fact are on the next visit (the book version moves)."""
    today = timezone.localdate()
    customer = f.customer("Changing", owner=sales)
    first = sales_client.get(f"/customers/{customer.pk}/").content.decode()
    assert (
        "No orders yet." in first and "No payments recorded." in first and "No changes recorded yet." in first
    )
    order = f.order(customer, today - dt.timedelta(days=2), "777")
    Order.objects.filter(pk=order.pk).update(order_no="NEW-ORDER-1")
    payment = f.payment(customer, today - dt.timedelta(days=5), None, amount="4321")
    second = sales_client.get(f"/customers/{customer.pk}/").content.decode()
    assert "NEW-ORDER-1" in second and "4,321" in second and "5 overdue" in second
    assert "No orders yet." not in second and "No payments recorded." not in second
    type(payment).objects.filter(pk=payment.pk).update(paid_date=today)
    note_change()
    response = sales_client.post(
        f"/customers/{customer.pk}/facts/", {"facts-relationship_level": "5", "facts-note": "Fair <met>"}
    )
    assert response.status_code == 302
    third = sales_client.get(f"/customers/{customer.pk}/").content.decode()
    assert (
        "5 overdue" not in third and "Fair &lt;met&gt;" in third and "No changes recorded yet." not in third
    )


def test_the_page_facts_read_the_book_version(sales: User) -> None:
    """The version read with the page's facts (one query less) is :func:`book_version`'s, and
    moves with it when the book changes: the kept cards are not shown after a change."""
    customer = f.customer(owner=sales)
    before = book_version()
    assert page_facts(customer.pk).version == before
    note_change()
    f.order(customer, timezone.localdate(), "5")
    after = book_version()
    assert after != before and page_facts(customer.pk).version == after


def test_the_scorecards_words_are_kept_per_language_currency_and_explanation(
    sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dimension rows' labels and explanations are those worded afresh, in each language and
    currency, drawn again from the memo; another explanation is worded again."""
    from laoke.retention.messages import explanation_text
    from laoke.web import customer_360

    score = f.score(f.customer(owner=sales), dimensions=f.DIMENSIONS)
    other = {
        **f.DIMENSIONS,
        "payment_risk": {
            **f.DIMENSIONS["payment_risk"],
            "explanation": [f.said("scorecard.payment_risk.days_late", days=35.0)],
        },
    }
    other_score = f.score(f.customer(owner=sales), dimensions=other)
    customer_360._EXPLAINED.clear()
    customer_360._WORDS.clear()
    worded: list[object] = []

    def counted(dim: object, *, currency: str = "") -> str:
        worded.append(dim)
        return explanation_text(dim, currency=currency)

    monkeypatch.setattr(customer_360, "explanation_text", counted)
    seen = {}
    for language, currency in (
        ("en", "USD"),
        ("zh-hans", "USD"),
        ("en", "EUR"),
        ("en", "USD"),
        ("zh-hans", "USD"),
    ):
        with translation.override(language):
            for kept_score in (score, other_score):
                rows = customer_360.dimension_rows(kept_score, currency=currency)
                dims = kept_score.dimensions
                assert [(r.code, r.label, r.level, r.explanation) for r in rows] == [
                    (
                        code,
                        str(customer_360.DIMENSION_LABELS.get(code, code)),
                        customer_360._level_label(dims[code]["level"]),
                        explanation_text(dims[code], currency=currency),
                    )
                    for code in [r.code for r in rows]
                ]
                seen[(language, currency, kept_score.pk)] = rows
    assert seen[("en", "USD", score.pk)] != seen[("zh-hans", "USD", score.pk)]
    # Worded once per language, currency and explanation: 5 of the first score, the second's
    # other payment risk, for three (language, currency) pairs; the repeats came from the memo.
    assert len(worded) == 3 * (len(f.DIMENSIONS) + 1)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("autoescape", [True, False])
def test_a_value_is_shown_as_the_template_engine_shows_it(language: str, autoescape: bool) -> None:
    """``python_html.value`` (every card's values) is ``{{ value }}``: plain text escaped, safe HTML
    as it is, numbers, amounts, days, lazy words and None localised; safe HTML comes back safe."""
    from django.template.base import render_value_in_context
    from django.utils.safestring import SafeString, mark_safe
    from django.utils.translation import gettext_lazy

    from laoke.platform.python_html import value

    values: list[object] = [
        "a <b> & \"c\" 'd'",
        "",
        mark_safe("<em>safe &amp;</em>"),
        gettext_lazy("Payments"),
        1234567,
        Decimal("1234.5"),
        2.5,
        dt.date(2025, 3, 1),
        None,
        True,
    ]
    with translation.override(language):
        context = Context(autoescape=autoescape)
        for shown in values:
            expected = str(render_value_in_context(shown, context))
            assert value(shown, context) == expected, shown
            if autoescape:
                assert isinstance(value(shown, context), SafeString), shown
    assert value("<x>", Context()) == "&lt;x&gt;"
