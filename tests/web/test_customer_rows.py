"""The customer list's rows drawn in Python (``laoke.web.customer_rows``) are the template's HTML."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template import Context
from django.template.loader import get_template
from django.test import Client
from django.utils import timezone, translation

from laoke.accounts.models import User
from laoke.customers.models import Customer
from laoke.web import customer_rows
from laoke.web.customer_query import CustomerFilter, filtered_customers, list_rows, rows_of
from tests.web import factories as f

pytestmark = pytest.mark.django_db

#: What differs between two requests: the CSRF token's mask and the script nonce.
_PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+"')


def _book(sales: User) -> None:
    """Rows of every shape: no scorecard, graded with a long treatment and reasons, no total, an
    unknown country, no owner, orders and open alerts, markup in names."""
    today = timezone.localdate()
    bare = f.customer("Bare <Co> & Sons", owner=sales, country="JP")
    full = f.customer("Müller O'Neil GmbH", owner=sales, country="DE")
    f.score(
        full,
        grade="A",
        state="at_risk",
        total=71.6,
        revenue_12m=123456.7,
        treatment_en="Visit twice a year, call monthly, and send the new catalogue before the season starts",
        treatment_zh="每年拜访两次，每月致电，旺季前寄送新目录",
        reasons=[{"en": "Bought <less> this year", "zh": "今年买得少"}, "plain reason", {"en": "third"}],
    )
    f.order(full, today - dt.timedelta(days=40), "2500")
    f.alert(full)
    untotalled = f.customer("No total Ltd", owner=None, country="ZZ")
    f.score(untotalled, grade="", state="", total=None, revenue_12m=0)
    f.order(bare, today - dt.timedelta(days=400))
    assert bare.pk and untotalled.pk


def _page(client: Client, monkeypatch: pytest.MonkeyPatch, *, fast: bool, path: str) -> str:
    monkeypatch.setattr(customer_rows, "source_unchanged", lambda: fast)
    html = client.get(path).content.decode()
    return _PER_REQUEST.sub(r'\1…"', html)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_customer_rows_drawn_in_python_are_the_template_html(
    manager_client: Client, sales: User, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    """The list reads the same, row for row, whether drawn by the template or in Python."""
    _book(sales)
    manager_client.cookies["django_language"] = language
    for path in ("/customers/", "/customers/?sort=-revenue", "/customers/?alerts=open"):
        fast = _page(manager_client, monkeypatch, fast=True, path=path)
        assert fast == _page(manager_client, monkeypatch, fast=False, path=path)
    fast = _page(manager_client, monkeypatch, fast=True, path="/customers/")
    assert "Bare &lt;Co&gt; &amp; Sons" in fast and "Müller O&#x27;Neil GmbH" in fast
    assert ("Bought &lt;less&gt; this year" if language == "en" else "今年买得少") in fast
    assert "third" not in fast  # two reasons a row


def test_an_edited_rows_template_is_drawn_by_the_template_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Python rows are used only while the template is the one they were written from."""
    monkeypatch.setattr(customer_rows, "_checked", {})
    assert customer_rows.source_unchanged()
    monkeypatch.setattr(customer_rows, "_checked", {})
    monkeypatch.setattr(customer_rows, "TEMPLATE_SHA1", "0" * 40)
    assert not customer_rows.source_unchanged()


def _sales_reasons(sales: float) -> list[dict[str, object]]:
    params = {"sales": sales, "months": 12, "ahead_of": 0.8}
    return [{"dimension": "volume", "explanation": [{"code": "scorecard.volume.sales", "params": params}]}]


def _list(client: Client, language: str) -> str:
    client.cookies["django_language"] = language
    return client.get("/customers/", HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_reasons_follow_the_reader_language_back_and_forth(manager_client: Client, sales: User) -> None:
    """The same stored reasons read in English, then Chinese, then English again: each visit words
    them in the reader's language, never in the one worded first."""
    f.score(f.customer("Alpha", owner=sales), reasons=_sales_reasons(123456.7))
    english = "in the last 12 months, ahead of 80% of customers."
    chinese = "高于80%的客户。"
    first = _list(manager_client, "en")
    assert english in first and chinese not in first
    second = _list(manager_client, "zh-hans")
    assert "近12个月销售额" in second and chinese in second and english not in second
    third = _list(manager_client, "en")
    assert english in third and chinese not in third


@pytest.mark.parametrize(
    ("language", "before", "after"),
    [
        ("en", "ahead of 80% of customers", "No sales in the last 12 months."),
        ("zh-hans", "高于80%", "近12个月没有销售。"),
    ],
)
def test_a_rescore_shows_the_new_reasons_on_the_next_visit(
    manager_client: Client, sales: User, language: str, before: str, after: str
) -> None:
    """A re-score that rewrites a customer's reasons shows the new ones at once (and another
    customer with the old reasons keeps them)."""
    alpha, bravo = f.customer("Alpha", owner=sales), f.customer("Bravo", owner=sales)
    f.score(alpha, reasons=_sales_reasons(5000.0))
    f.score(bravo, reasons=_sales_reasons(5000.0))
    assert _list(manager_client, language).count(before) == 2
    alpha.score.delete()
    no_sales = [{"code": "scorecard.volume.no_sales", "params": {"months": 12}}]
    f.score(alpha, reasons=[{"dimension": "volume", "explanation": no_sales}])
    html = _list(manager_client, language)
    assert html.count(before) == 1 and html.count(after) == 1
    assert html.index("Alpha") < html.index(after) < html.index("Bravo") < html.index(before)


def test_a_row_seen_before_shows_what_changed_since(
    manager_client: Client, manager: User, sales: User
) -> None:
    """A row drawn once and drawn again after changes shows them all: an alert dismissed (updated in
    place), the customer renamed, its owner renamed, a new scorecard."""
    from laoke.retention.services.alerts import dismiss_alert

    alpha = f.customer("Alpha", owner=sales)
    f.score(alpha, grade="B", reasons=_sales_reasons(5000.0))
    first_alert = f.alert(alpha)
    f.alert(alpha)
    html = _list(manager_client, "en")
    assert '<span class="badge text-bg-warning">2</span>' in html and "<td>Li</td>" in html
    dismiss_alert(alert=first_alert, user=manager, note="done")
    html = _list(manager_client, "en")
    assert '<span class="badge text-bg-warning">1</span>' in html
    alpha.name = "Alpha Renamed"
    alpha.save()
    sales.first_name, sales.last_name = "Mei", "Wang"
    sales.save()
    alpha.score.delete()
    f.score(alpha, grade="A", reasons=_sales_reasons(5000.0))
    html = _list(manager_client, "en")
    assert "Alpha Renamed" in html and "<td>Mei Wang</td>" in html
    assert 'class="badge grade grade-a"' in html and 'class="badge grade grade-b"' not in html


@pytest.mark.parametrize(("first", "then"), [("en", "zh-hans"), ("zh-hans", "en")])
def test_cells_drawn_before_follow_the_language_and_the_new_values(
    manager_client: Client, sales: User, monkeypatch: pytest.MonkeyPatch, first: str, then: str
) -> None:
    """The cells kept per value (country, grade and treatment, state, total, last order) are the
    template's in each language, and a new order, a moved customer or a new scorecard shows at once."""
    alpha = f.customer("Alpha", owner=sales, country="DE")
    f.score(
        alpha, grade="A", state="at_risk", total=71.6, treatment_en="Call monthly", treatment_zh="每月致电"
    )
    f.order(alpha, dt.date(2024, 3, 5))
    bravo = f.customer("Bravo", owner=sales, country="DE")
    f.score(
        bravo, grade="A", state="at_risk", total=71.6, treatment_en="Call monthly", treatment_zh="每月致电"
    )
    f.order(bravo, dt.date(2024, 3, 5))
    for language in (first, then, first):
        manager_client.cookies["django_language"] = language
        assert _page(manager_client, monkeypatch, fast=True, path="/customers/") == _page(
            manager_client, monkeypatch, fast=False, path="/customers/"
        )
    f.order(alpha, dt.date(2025, 1, 9))
    alpha.country = "FR"
    alpha.save()
    alpha.score.delete()
    f.score(alpha, grade="B", state="active", total=40.0, treatment_en="Visit", treatment_zh="拜访")
    for language in (first, then):
        manager_client.cookies["django_language"] = language
        fast = _page(manager_client, monkeypatch, fast=True, path="/customers/")
        assert fast == _page(manager_client, monkeypatch, fast=False, path="/customers/")
        alpha_row, bravo_row = fast.split('class="fw-semibold">Alpha')[1].split('class="fw-semibold">Bravo')
        assert 'title="FR"' in alpha_row and "grade-b" in alpha_row and ">40<" in alpha_row
        assert ("Visit" if language == "en" else "拜访") in alpha_row
        assert 'title="DE"' in bravo_row and "grade-a" in bravo_row and ">72<" in bravo_row
        assert ("2025" in alpha_row or "25" in alpha_row) and "2025" not in bravo_row


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_rows_read_as_values_draw_what_the_customers_draw(
    manager: User, sales: User, other_sales: User, language: str
) -> None:
    """``list_rows`` reads values, not model instances: its rows draw, through the template and in
    Python, the HTML the customers themselves (with their scorecards and owners) draw through the
    template: owners with and without a family name, none, no scorecard, no total."""
    _book(sales)
    sales.last_name = "Wei"
    sales.save()
    f.customer("Unnamed owner Co", owner=f.user("nameless"), country="FR")
    f.customer("Other's Co", owner=other_sales, country="FR")
    ids = list(Customer.objects.order_by("-name").values_list("pk", flat=True))
    models = rows_of(filtered_customers(user=manager, flt=CustomerFilter()), ids)
    light = list_rows(user=manager, ids=ids)
    assert len(light) == len(ids) == 5
    assert not any(isinstance(row, Customer) for row in light)
    template = get_template(customer_rows.TEMPLATE).template
    with translation.override(language):
        expected = template.render(Context({"rows": models, "currency": "EUR"}))
        assert "Li Wei" in expected and "nameless" in expected
        assert template.render(Context({"rows": light, "currency": "EUR"})) == expected
        assert customer_rows.customer_rows(Context(), light, "EUR") == expected


def _alert_badges(html: str) -> dict[str, str]:
    """The open alerts' cell of each row, by customer name."""
    found = re.findall(
        r'class="fw-semibold">([^<]+)</a>.*?<td class="text-end">(<span[^>]*>[^<]*</span>)</td>', html, re.S
    )
    return dict(found)


def test_alert_counts_kept_per_value_are_the_template_html_and_follow_each_change(
    manager_client: Client, manager: User, sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The open alerts' badge is kept per count and language: rows with the same count, another
    count or none read as the template draws them, and a new or dismissed alert shows at once."""
    from laoke.retention.services.alerts import dismiss_alert

    counts = {"Alpha": 0, "Bravo": 1, "Charlie": 2, "Delta": 2, "Echo": 12}
    alerts = {}
    for name, n in counts.items():
        c = f.customer(name, owner=sales)
        alerts[name] = [f.alert(c) for _n in range(n)]
    warn = '<span class="badge text-bg-warning">{}</span>'
    expected = {
        n: warn.format(c) if c else '<span class="text-body-secondary">0</span>' for n, c in counts.items()
    }
    for language in ("en", "zh-hans", "en"):
        manager_client.cookies["django_language"] = language
        fast = _page(manager_client, monkeypatch, fast=True, path="/customers/")
        assert fast == _page(manager_client, monkeypatch, fast=False, path="/customers/")
        assert _alert_badges(fast) == expected
    f.alert(Customer.objects.get(name="Alpha"))
    dismiss_alert(alert=alerts["Charlie"][0], user=manager, note="done")
    for name in ("Echo", "Bravo"):
        for alert in alerts[name]:
            dismiss_alert(alert=alert, user=manager, note="done")
    expected = {**expected, "Alpha": warn.format(1), "Charlie": warn.format(1)}
    expected["Echo"] = expected["Bravo"] = '<span class="text-body-secondary">0</span>'
    for language in ("zh-hans", "en"):
        manager_client.cookies["django_language"] = language
        fast = _page(manager_client, monkeypatch, fast=True, path="/customers/")
        assert fast == _page(manager_client, monkeypatch, fast=False, path="/customers/")
        assert _alert_badges(fast) == expected


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_name_that_is_the_code_is_shown_once_and_the_count_is_grouped(language: str) -> None:
    """A book that names its customers by number (Online Retail II) showed ``14646`` twice in each
    row; the count above the list reads ``1,234`` in both languages (it read ``5942 个客户``)."""
    from django.test import Client

    from laoke.accounts.models import RoleChoices

    boss = f.user("boss", role=RoleChoices.MANAGER)
    f.customer("14646", code="14646")
    f.customer("Hamburg Tools", code="HT-1")
    client = Client()
    client.force_login(boss)
    client.cookies["django_language"] = language
    page = client.get("/customers/").content.decode()
    assert page.count(">14646<") == 1 and '<div class="small text-body-secondary">HT-1</div>' in page
    with pytest.MonkeyPatch.context() as patch:
        from django.core.paginator import Paginator

        patch.setattr(Paginator, "count", property(lambda self: 1234))
        counted = client.get("/customers/?q=zz").content.decode()
    assert ("1,234 customers" if language == "en" else "1,234 个客户") in counted
