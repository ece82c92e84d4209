"""The customer page states the forecast's chance and next-order window in words, in both languages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from laoke.accounts.models import User
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _page(client: Client, owner: User, language: str, p_order: float = 0.15) -> str:
    cust = f.customer("Hamburg Tools GmbH", owner=owner)
    f.forecast(cust, dt.date(2027, 3, 3), dt.date(2027, 4, 20), p_order_90d=p_order)
    client.force_login(owner)
    client.cookies["django_language"] = language
    return client.get(reverse("customer_detail", args=[cust.pk])).content.decode()


def test_customer_page_states_the_chance_and_window_in_english(client: Client, sales: User) -> None:
    page = _page(client, sales, "en")
    # A sentence of its own (the message forecast.chance.one_in), followed by the expected sales.
    assert "About 1 in 7 chance of an order in the next 90 days.</strong>" in page
    assert "If they order within a year, most likely between" in page
    assert "about 8 in 10 such orders fall in this window" in page
    # The bare percentage is no longer the headline.
    assert "Chance of an order within 90 days" not in page


def test_customer_page_states_the_chance_and_window_in_chinese(client: Client, sales: User) -> None:
    page = _page(client, sales, "zh-hans")
    assert "未来90天内下单的可能性约七分之一。</strong>" in page
    assert "若一年内下单，最可能在" in page
    assert "约八成" in page
    assert "If they order within a year" not in page


@pytest.mark.parametrize(
    ("p_order", "en", "zh"),
    [
        (0.34, "About 3 in 10 chance of an order in the next 90 days.", "未来90天内下单的可能性约三成。"),
        (
            0.04,
            "About 1 in 25 chance of an order in the next 90 days.",
            "未来90天内下单的可能性约二十五分之一。",
        ),
        (
            0.004,
            "Less than 1 in 100 chance of an order in the next 90 days.",
            "未来90天内下单的可能性不到百分之一。",
        ),
        (
            0.97,
            "More than 9 in 10 chance of an order in the next 90 days.",
            "未来90天内下单的可能性超过九成。",
        ),
    ],
)
def test_every_kind_of_chance_reads_in_both_languages(
    client: Client, sales: User, p_order: float, en: str, zh: str
) -> None:
    """Tenths, one in N (Chinese numerals in Chinese) and both ends of the scale."""
    assert en in _page(client, sales, "en", p_order)
    assert zh in _page(client, sales, "zh-hans", p_order)
