"""A forecast chance as a fraction with its window, as a message code (the adapters word it)."""

from __future__ import annotations

import pytest

from laoke.core.forecast.wording import DATE_HEADLINE_FROM, chance_fraction, chance_message, unlikely_message
from laoke.core.messages import Message


@pytest.mark.parametrize(
    ("p", "said"),
    [
        (0.005, Message("forecast.chance.below", {"days": 90})),
        (float("nan"), Message("forecast.chance.below", {"days": 90})),
        (0.15, Message("forecast.chance.one_in", {"n": 7, "days": 90})),
        (0.1, Message("forecast.chance.one_in", {"n": 10, "days": 90})),
        (0.2, Message("forecast.chance.one_in", {"n": 5, "days": 90})),
        (0.04, Message("forecast.chance.one_in", {"n": 25, "days": 90})),
        (0.25, Message("forecast.chance.tenths", {"tenths": 3, "days": 90})),
        (0.34, Message("forecast.chance.tenths", {"tenths": 3, "days": 90})),
        (0.5, Message("forecast.chance.tenths", {"tenths": 5, "days": 90})),
        (0.72, Message("forecast.chance.tenths", {"tenths": 7, "days": 90})),
        (0.97, Message("forecast.chance.above", {"days": 90})),
    ],
)
def test_chance_message(p: float, said: Message) -> None:
    assert chance_message(p, 90) == said


def test_the_window_is_a_figure() -> None:
    assert chance_message(0.15, 30).params == {"n": 7, "days": 30}


def test_words_stay_near_the_chance() -> None:
    """The fraction never claims a chance more than a few points from the figure it replaces."""
    for k in range(1, 96):
        p = k / 100
        a, b = chance_fraction(p)
        assert abs(a / b - p) <= (0.05 if p >= 0.25 else 0.03) + 1e-9, (p, a, b)


def test_the_date_heads_the_forecast_from_one_in_ten() -> None:
    """Below 1 in 10 within the horizon the forecast is headed "unlikely", not by its date."""
    assert unlikely_message(DATE_HEADLINE_FROM / 2, 365) == Message("forecast.unlikely", {"days": 365})
    assert unlikely_message(float("nan"), 365) == Message("forecast.unlikely", {"days": 365})
    assert unlikely_message(DATE_HEADLINE_FROM, 365) is None
    assert unlikely_message(0.6, 365) is None
