"""The board's cards drawn in Python (``laoke.pipeline.board_cards``) are the template's HTML."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from laoke.accounts.models import User
from laoke.pipeline import board_cards
from laoke.pipeline.models import Prospect
from laoke.pipeline.services.board import move_prospect
from laoke.pipeline.services.inquiries import create_inquiry

pytestmark = pytest.mark.django_db

#: What differs between two requests: the CSRF token's mask and the script nonce.
_PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+"')


def _pipeline(sales: User, other_sales: User) -> None:
    """Cards of every shape: inquiries (one clashing with a colleague's), targets of each tier with
    their follow-up (one overdue), won, dropped with a reason, no owner, no source."""
    today = timezone.localdate()
    create_inquiry(owner=sales, fields={"name": "Nordic <Tools> & AB"}, as_of=today)
    create_inquiry(owner=other_sales, fields={"name": "nordic tools"}, as_of=today)
    for n, (to, source) in enumerate([("A", "expo"), ("B", ""), ("C", "website"), ("won", "referral")]):
        p = Prospect.objects.create(
            name=f"Prospect {n} O'Brien",
            owner=sales,
            created_on=today - dt.timedelta(days=30 + n),
            lookalike_score=0.1 * n,
            expected_value=12345.6 * n,
            source_channel=source,
        )
        move_prospect(prospect=p, to=to, user=sales, today=today - dt.timedelta(days=20))
    late = Prospect.objects.create(
        name="Late follow-up Co", owner=sales, created_on=today - dt.timedelta(days=200)
    )
    move_prospect(prospect=late, to="A", user=sales, today=today - dt.timedelta(days=120))
    dropped = Prospect.objects.create(name="Dropped Ltd", owner=sales, created_on=today)
    move_prospect(prospect=dropped, to="removed", user=sales, today=today, reason="Price <too> high & slow")
    Prospect.objects.create(name="Nobody's inquiry", owner=None, created_on=today, lookalike_score=None)


def _page(client: Client, monkeypatch: pytest.MonkeyPatch, *, fast: bool) -> str:
    monkeypatch.setattr(board_cards, "source_unchanged", lambda: fast)
    html = client.get("/pipeline/").content.decode()
    return _PER_REQUEST.sub(r'\1…"', html)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("who", ["sales", "manager"])
def test_board_cards_drawn_in_python_are_the_template_html(
    client: Client,
    sales: User,
    other_sales: User,
    manager: User,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    who: str,
) -> None:
    """The board reads the same, card for card, whether drawn by the template or in Python."""
    _pipeline(sales, other_sales)
    client.force_login(sales if who == "sales" else manager)
    client.cookies["django_language"] = language
    fast = _page(client, monkeypatch, fast=True)
    assert fast == _page(client, monkeypatch, fast=False)
    assert fast.count("prospect-card") >= 7
    assert "Nordic &lt;Tools&gt; &amp; AB" in fast and "Price &lt;too&gt; high &amp; slow" in fast
    if language == "en":
        assert "Possible clash" in fast and "days in tier" in fast and "next: follow up by" in fast
    else:
        assert "可能撞单" in fast and "Prospect 0 O&#x27;Brien" in fast


def test_an_empty_column_says_none_the_same_way(
    sales_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A board with nothing on it says "None." in each column, drawn either way."""
    fast = _page(sales_client, monkeypatch, fast=True)
    assert fast == _page(sales_client, monkeypatch, fast=False) and fast.count("None.") == 6


def test_an_edited_cards_template_is_drawn_by_the_template_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Python cards are used only while the template is the one they were written from."""
    monkeypatch.setattr(board_cards, "_checked", {})
    assert board_cards.source_unchanged()
    monkeypatch.setattr(board_cards, "_checked", {})
    monkeypatch.setattr(board_cards, "TEMPLATE_SHA1", "0" * 40)
    assert not board_cards.source_unchanged()
