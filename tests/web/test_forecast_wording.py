"""The customer page states the forecast's chance and next-order window in words, in both languages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from laoke.accounts.models import User
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _page(client: Client, owner: User, language: str) -> str:
    cust = f.customer("Hamburg Tools GmbH", owner=owner)
    f.forecast(cust, dt.date(2027, 3, 3), dt.date(2027, 4, 20), p_order_90d=0.15)
    client.force_login(owner)
    client.cookies["django_language"] = language
    return client.get(reverse("customer_detail", args=[cust.pk])).content.decode()


def test_customer_page_states_the_chance_and_window_in_english(client: Client, sales: User) -> None:
    page = _page(client, sales, "en")
    assert "About 1 in 7 chance of an order in the next 90 days" in page
    assert "If they order within a year, most likely between" in page
    assert "about 8 in 10 such orders fall in this window" in page
    # The bare percentage is no longer the headline.
    assert "Chance of an order within 90 days" not in page


def test_customer_page_states_the_chance_and_window_in_chinese(client: Client, sales: User) -> None:
    page = _page(client, sales, "zh-hans")
    assert "未来90天内下单的可能性约七分之一" in page
    assert "若一年内下单，最可能在" in page
    assert "约八成" in page
    assert "If they order within a year" not in page
