"""On the demo book, every seasonal buyer's next order is forecast in its season, as stored by
``laoke score`` and as the customer page states it (English and Chinese)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import formats, translation

from laoke.accounts.models import User
from laoke.demo.generator import DEFAULT_SEED, generate_book
from laoke.retention.models import Forecast

pytestmark = pytest.mark.django_db

#: The demo's last day; ``laoke score`` forecasts from the day after (mid-November: the January
#: buyers' season is a few weeks ahead, the spring buyers' four months).
TODAY = dt.date(2025, 11, 14)
AS_OF = TODAY + dt.timedelta(days=1)


def test_demo_seasonal_buyers_are_forecast_in_their_season_on_the_customer_page(client: Client) -> None:
    """Christmas buyers are expected in January, pre-summer buyers from March to May: the stored
    forecast, and the date and window the customer page shows in both languages."""
    call_command("demo", "--today", TODAY.isoformat(), stdout=StringIO(), stderr=StringIO())
    call_command("score", as_of=AS_OF.isoformat(), stdout=StringIO(), stderr=StringIO())
    customers = generate_book(seed=DEFAULT_SEED, today=TODAY).customers
    archetype = dict(zip(customers["customer_id"].to_list(), customers["archetype"].to_list(), strict=True))
    forecasts = list(Forecast.objects.select_related("customer"))
    january = [f for f in forecasts if archetype[f.customer.code] == "seasonal_january"]
    spring = [f for f in forecasts if archetype[f.customer.code] == "seasonal_spring"]
    assert len(january) >= 10 and len(spring) >= 5
    for forecast in january:
        assert forecast.next_order_on is not None and forecast.next_order_on.month == 1
        assert forecast.next_order_on.year == 2026
        assert forecast.window_start is not None and forecast.window_start >= dt.date(2026, 1, 1)
        assert forecast.window_end is not None and forecast.window_end <= dt.date(2026, 3, 31)
    for forecast in spring:
        assert forecast.next_order_on is not None and 3 <= forecast.next_order_on.month <= 5
        assert forecast.next_order_on.year == 2026
        assert forecast.window_start is not None and forecast.window_start >= dt.date(2026, 3, 1)
        assert forecast.window_end is not None and forecast.window_end <= dt.date(2026, 5, 31)

    client.force_login(User.objects.get(username="manager"))
    for forecast in (january[0], spring[0]):
        for language, sentence in (
            ("en", "If they order within a year, most likely between {start} and {end}"),
            ("zh-hans", "若一年内下单，最可能在{start}至{end}之间"),
        ):
            client.cookies["django_language"] = language
            html = client.get(f"/customers/{forecast.customer.pk}/").content.decode()
            with translation.override(language):
                shown = formats.date_format(forecast.next_order_on, "DATE_FORMAT")
                start = formats.date_format(forecast.window_start, "DATE_FORMAT")
                end = formats.date_format(forecast.window_end, "DATE_FORMAT")
            assert shown in html
            assert sentence.format(start=start, end=end) in html
