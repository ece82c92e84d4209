"""The customer list's rows drawn in Python (``laoke.web.customer_rows``) are the template's HTML."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from laoke.accounts.models import User
from laoke.web import customer_rows
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
