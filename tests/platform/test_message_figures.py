"""Figures in messages (:mod:`laoke.platform.messages`) read as Babel's own functions write them.

``number`` and ``money`` keep Babel's locale and pattern parsed once instead of calling
``format_decimal`` and ``format_currency`` (which parse both on every call): the text must not move.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from babel.numbers import format_currency, format_decimal
from django.utils import translation

from laoke.platform.messages import money, number

#: Amounts a scorecard and a forecast show: zero, halves (rounding), negatives, large and small.
VALUES = [0, 0.5, 1.5, 2.5, -0.5, -1234.5, 999.95, 1234567.891, 0.04, 173514, 1e9 + 0.5]


@pytest.mark.parametrize(("language", "locale"), [("en", "en"), ("zh-hans", "zh_Hans")])
def test_numbers_and_amounts_read_as_babel_writes_them(language: str, locale: str) -> None:
    draw = random.Random(20)
    values = (
        VALUES + [draw.uniform(-1e7, 1e7) for _ in range(300)] + [draw.randint(-999, 999) for _ in range(50)]
    )
    with translation.override(language):
        for value in values:
            amount = Decimal(str(value))
            for decimals in (0, 1, 2):
                pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
                assert number(value, decimals) == format_decimal(amount, format=pattern, locale=locale)
            for currency in ("USD", "CNY", "EUR", "JPY"):
                expected = format_currency(
                    amount, currency, format="¤#,##0", currency_digits=False, locale=locale
                )
                assert money(value, currency) == expected
    with translation.override(language):
        assert money(1234.5, "") == number(1234.5)
