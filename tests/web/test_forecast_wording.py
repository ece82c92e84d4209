"""The customer page states the forecast's chance and next-order window in words, in both languages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

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


def _dormant_page(client: Client, owner: User, language: str, p_year: float) -> str:
    """A customer page whose forecast gives ``p_year`` chance of an order within its year."""
    cust = f.customer("Souza Tintas Ltda", owner=owner)
    f.forecast(
        cust,
        dt.date(2027, 1, 20),
        dt.date(2027, 5, 10),
        next_order_on=dt.date(2027, 2, 22),
        p_order_90d=p_year / 3,
        details={"p_order_365d": p_year},
    )
    client.force_login(owner)
    client.cookies["django_language"] = language
    return client.get(reverse("customer_detail", args=[cust.pk])).content.decode()


@pytest.mark.parametrize(
    ("language", "headline", "year", "window"),
    [
        (
            "en",
            "Unlikely to order in the next 365 days",
            "About 1 in 20 chance of an order in the next 365 days.",
            "If they order within a year, most likely between",
        ),
        (
            "zh-hans",
            "未来365天内不太可能下单",
            "未来365天内下单的可能性约二十分之一。",
            "若一年内下单，最可能在",
        ),
    ],
)
def test_an_unlikely_order_is_not_headed_by_a_date(
    client: Client, sales: User, language: str, headline: str, year: str, window: str
) -> None:
    """A dormant customer with 1 in 20 chance within the year: the headline says an order is
    unlikely, with the year's chance; the date's window stays as the conditional, secondary text."""
    page = _dormant_page(client, sales, language, 0.05)
    assert f'data-forecast="unlikely">{headline}</span>' in page
    assert year in page
    assert window in page
    assert 'data-forecast="date"' not in page


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_likely_order_is_headed_by_its_date(client: Client, sales: User, language: str) -> None:
    """From 1 in 10 within the year up, the next-order date heads the forecast as before."""
    page = _dormant_page(client, sales, language, 0.1)
    assert 'data-forecast="date">' in page
    assert 'data-forecast="unlikely"' not in page
    assert ("Unlikely to order" if language == "en" else "不太可能下单") not in page


def _today(client: Client, owner: User, language: str) -> str:
    client.force_login(owner)
    client.cookies["django_language"] = language
    return client.get(reverse("home")).content.decode()


@pytest.mark.parametrize(
    ("language", "chance"),
    [
        ("en", "About 1 in 7 chance of an order in the next 90 days."),
        ("zh-hans", "未来90天内下单的可能性约七分之一。"),
    ],
)
def test_today_states_the_chance_on_tasks_driven_by_the_forecast(
    client: Client, sales: User, language: str, chance: str
) -> None:
    """A pre-season task and an overdue alert's task say the customer's chance in words, as the
    customer page does; a monthly mail does not."""
    today = timezone.localdate()
    season = f.customer("Season Buyer GmbH", owner=sales)
    f.forecast(season, today + dt.timedelta(days=60), today + dt.timedelta(days=120), p_order_90d=0.15)
    f.task(season, sales, today, kind="pre_season", title_en="Send samples", title_zh="寄样品")
    late = f.customer("Late Buyer Ltd", owner=sales)
    f.forecast(late, today + dt.timedelta(days=30), today + dt.timedelta(days=200), p_order_90d=0.15)
    f.task(late, sales, today, kind="alert", details={"code": "overdue"}, title_en="Call", title_zh="致电")
    mail = f.customer("Mail Only SA", owner=sales)
    f.forecast(mail, today + dt.timedelta(days=30), today + dt.timedelta(days=90), p_order_90d=0.5)
    f.task(mail, sales, today, title_en="Monthly mail", title_zh="月度邮件")
    page = _today(client, sales, language)
    assert page.count(f'data-task="chance">{chance}</div>') == 2
    assert ("About 5 in 10" if language == "en" else "约五成") not in page
