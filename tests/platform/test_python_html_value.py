"""``python_html.value`` draws a value as ``{{ value }}`` does: its fast paths (a string with
nothing to escape, a whole number) give the template engine's text, in both languages, escaping
or not, localising or not, with thousands grouped or not."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.template import Context, Engine
from django.template.base import render_value_in_context
from django.test import override_settings
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from laoke.platform.python_html import value

VALUES: list[Any] = [
    "",
    "plain words",
    "Müller & Söhne",
    "<b>bold</b>",
    'say "hi"',
    "it's",
    "北京 & 上海",
    "a > b < c",
    mark_safe("<i>safe</i>"),
    0,
    7,
    -3,
    1234,
    98765432,
    -1234567,
    True,
    False,
    1234.5,
    Decimal("12345.67"),
    dt.date(2025, 6, 30),
    None,
]


def _engine_text(shown: Any, autoescape: bool, use_l10n: bool) -> str:
    template = Engine(autoescape=autoescape).from_string("{{ v }}")
    return template.render(Context({"v": shown}, autoescape=autoescape, use_l10n=use_l10n))


@pytest.mark.parametrize("grouped", [False, True])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_value_is_what_the_template_engine_draws(language: str, grouped: bool) -> None:
    with override_settings(USE_THOUSAND_SEPARATOR=grouped), translation.override(language):
        for autoescape in (True, False):
            for use_l10n in (True, False, None):
                context = Context(autoescape=autoescape, use_l10n=use_l10n)
                for shown in VALUES:
                    expected = _engine_text(shown, autoescape, bool(use_l10n is not False))
                    assert value(shown, context) == expected, (shown, autoescape, use_l10n)
                    engine = render_value_in_context(shown, context)
                    assert type(value(shown, context)) is type(str(engine)), (shown, autoescape, use_l10n)


def test_a_grouped_whole_number_is_grouped() -> None:
    """The whole-number path steps aside when thousands are grouped (it would show ``1234567``)."""
    with override_settings(USE_THOUSAND_SEPARATOR=True), translation.override("en"):
        assert value(1234567, Context()) == "1,234,567"
    with override_settings(USE_THOUSAND_SEPARATOR=False), translation.override("en"):
        assert value(1234567, Context()) == "1234567"


def test_an_escaped_string_is_safe_html() -> None:
    for text in ("plain", "a & b"):
        shown = value(text, Context())
        assert isinstance(shown, SafeString)
    assert value("a & b", Context()) == "a &amp; b"
