"""Rendering the core's messages (:mod:`laoke.core.messages`) for a reader.

The core says *what* (a code and raw figures); an app's catalogue says *how* (a gettext string
per code and how each figure is formatted); this module puts them together at display time, in
the active language, with CLDR number formats (Babel: Django's zh-Hans format leaves large
numbers ungrouped, ``173514``). Nothing rendered is stored.

An app declares its wordings once::

    CATALOGUE = {
        "scorecard.volume.sales": Wording(
            gettext_lazy("Sales of %(sales)s in the last %(months)s months."), {"sales": money}
        ),
    }

and renders with ``render(message, CATALOGUE, currency="USD")``. Plural wordings use
``ngettext_lazy(singular, plural, "count")``: the ``count`` parameter stays a raw integer so
gettext can choose the form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from babel.numbers import format_currency, format_decimal
from django.utils import formats
from django.utils.translation import get_language, to_locale

from laoke.core.messages import Message

#: How one parameter is shown; it receives the stored value (number, ISO date text, code).
Format = Callable[[Any], str]


def _locale() -> str:
    return to_locale(get_language() or "en")


def number(value: Any, decimals: int = 0) -> str:
    """A number grouped in the reader's locale, rounded to ``decimals``: ``173,514``, ``3.5``."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return str(format_decimal(Decimal(str(value)), format=pattern, locale=_locale()))


def decimal1(value: Any) -> str:
    """A number with one decimal: ``3.5``."""
    return number(value, 1)


def percent(value: Any) -> str:
    """A fraction as a whole percentage: ``0.254`` → ``25%``."""
    return f"{number(float(value) * 100.0)}%"


def percent1(value: Any) -> str:
    """A fraction as a percentage with one decimal: ``0.2546`` → ``25.5%``."""
    return f"{number(float(value) * 100.0, 1)}%"


def money(value: Any, currency: str = "") -> str:
    """An amount without decimals, grouped, with the currency's sign when given: ``US$173,514``."""
    if not currency:
        return number(value)
    return str(
        format_currency(
            Decimal(str(value)), currency, format="¤#,##0", currency_digits=False, locale=_locale()
        )
    )


def date(value: Any) -> str:
    """A date (``datetime.date`` or ISO text) in the reader's short date format."""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return str(formats.date_format(day, "SHORT_DATE_FORMAT"))


@dataclass(frozen=True)
class Wording:
    """The gettext text of one message code and the format of each parameter.

    Parameters without a format are shown as they are (small counts, codes).
    """

    text: Any  # a lazy translation (gettext_lazy / ngettext_lazy)
    formats: Mapping[str, Format] = field(default_factory=dict)


Catalogue = Mapping[str, Wording]


def render(message: Message, catalogue: Catalogue, *, currency: str = "") -> str:
    """The message in the active language; ``""`` for a code the catalogue does not know.

    ``currency`` (ISO 4217) is the currency of the :func:`money` parameters, shown with them.
    """
    wording = catalogue.get(message.code)
    if wording is None:
        return ""
    values: dict[str, Any] = {}
    for name, value in message.params.items():
        shown = wording.formats.get(name)
        if shown is money:
            values[name] = money(value, currency)
        else:
            values[name] = shown(value) if shown is not None else value
    try:
        return str(wording.text % values)
    except (KeyError, TypeError, ValueError):
        # A stored message from an older catalogue whose parameters no longer match: say nothing
        # rather than fail the page.
        return ""


def join_sentences(sentences: Iterable[str]) -> str:
    """Sentences as one paragraph: spaced in Western languages, run together in Chinese."""
    separator = "" if (get_language() or "").lower().startswith("zh") else " "
    return separator.join(s for s in sentences if s)
