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
import functools
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern
from django.utils import formats
from django.utils.translation import get_language, to_locale

from laoke.core.messages import Message

#: How one parameter is shown; it receives the stored value (number, ISO date text, code).
Format = Callable[[Any], str]


def reads_chinese() -> bool:
    """Whether the reader's language (the active one) is Chinese."""
    return (get_language() or "").lower().startswith("zh")


def listed(items: Iterable[Any]) -> str:
    """Items as the reader's language lists them: ``a, b`` or ``a、b``."""
    return ("、" if reads_chinese() else ", ").join(str(i) for i in items)


def _locale() -> str:
    return to_locale(get_language() or "en")


@functools.cache
def _babel_locale(name: str) -> Locale:
    """Babel's locale of that name, parsed once per process (``format_decimal`` parses it again on
    every call, as it parses the pattern: half of the time of a figure)."""
    return Locale.parse(name)


@functools.cache
def _pattern(text: str) -> NumberPattern:
    return parse_pattern(text)


def number(value: Any, decimals: int = 0) -> str:
    """A number grouped in the reader's locale, rounded to ``decimals``: ``173,514``, ``3.5``."""
    pattern = _pattern("#,##0" + ("." + "0" * decimals if decimals else ""))
    # What format_decimal(value, format=…, locale=…) does, with the locale and pattern parsed once.
    return str(pattern.apply(Decimal(str(value)), _babel_locale(_locale()), numbering_system="latn"))


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
    # What format_currency(value, currency, format="¤#,##0", currency_digits=False, locale=…) does.
    return str(
        _pattern("¤#,##0").apply(
            Decimal(str(value)),
            _babel_locale(_locale()),
            currency=currency,
            currency_digits=False,
            numbering_system="latn",
        )
    )


@functools.cache
def _country_names() -> Mapping[str, tuple[str, str]]:
    """Each ISO code's (English, Chinese) name, built once a process (a table of ~250 countries the
    scorecard's explanations built again for every country they named)."""
    from laoke.fileio.countries import country_names  # the file readers' package loads Polars

    return MappingProxyType(country_names())


def country(value: Any) -> str:
    """An ISO country code as the country's name in the reader's language (CLDR): ``BR`` → 巴西."""
    code = str(value or "").upper()
    names = _country_names().get(code)
    if names is None:
        return code
    return names[1] if reads_chinese() else names[0]


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
    separator = "" if reads_chinese() else " "
    return separator.join(s for s in sentences if s)


# --- Stored messages of any app --------------------------------------------------------------
#
# Tasks and alerts are stored by the retention app but made by several (the follow-up plan, the
# forecast's warnings, the pipeline…): a stored row keeps its messages as ``[{"code", "params"}]``
# and whichever app owns a code registers its wording here (in its ``AppConfig.ready``), so the
# row is worded at display time without the storing app importing the app that made it.

_REGISTRY: dict[str, Wording] = {}
#: Catalogues registered by dotted path, imported when a stored row is first worded.
_PENDING: list[str] = []
_PENDING_LOCK = threading.Lock()


def register(catalogue: Catalogue | str) -> None:
    """Make a catalogue's codes renderable from stored rows (:func:`render_stored`).

    A dotted path (``"package.module.NAME"``) registers the catalogue without importing its
    module: it is imported the first time a stored row is worded, so a command that words no row
    (``laoke --help``, ``laoke migrate``) does not pay for the module and what it imports.
    Registering the same wording again is harmless; a code worded twice differently is an error.
    """
    if isinstance(catalogue, str):
        with _PENDING_LOCK:
            _PENDING.append(catalogue)
        return
    _add(catalogue)


def _add(catalogue: Catalogue) -> None:
    for code, wording in catalogue.items():
        known = _REGISTRY.get(code)
        if known is not None and known is not wording:
            raise ValueError(f"message code {code!r} is worded by two catalogues")
        _REGISTRY[code] = wording


def _registry() -> dict[str, Wording]:
    """Every registered wording, the catalogues registered by path imported first."""
    if _PENDING:
        from django.utils.module_loading import import_string

        with _PENDING_LOCK:
            while _PENDING:
                _add(import_string(_PENDING[0]))
                _PENDING.pop(0)
    return _REGISTRY


def registered(code: str) -> bool:
    """Whether some app words ``code``."""
    return code in _registry()


def to_stored(messages: Message | Iterable[Message] | None) -> list[dict[str, Any]] | None:
    """Messages as stored in a JSON column: a list of ``{"code", "params"}`` (None for none)."""
    if messages is None:
        return None
    items = [messages] if isinstance(messages, Message) else list(messages)
    return [m.to_json() for m in items] or None


def stored_messages(stored: Any) -> list[Message]:
    """The messages of a stored JSON value (one object or a list of them); bad items skipped."""
    items = stored if isinstance(stored, list) else [stored] if isinstance(stored, Mapping) else []
    return [Message.from_json(m) for m in items if isinstance(m, Mapping) and m.get("code")]


def render_stored(stored: Any, *, currency: str = "") -> str:
    """Stored messages as one paragraph in the reader's language, from every registered catalogue.

    A message with a ``currency`` parameter shows its amounts in that currency.
    """
    return join_sentences(
        render(m, _registry(), currency=str(m.params.get("currency") or currency))
        for m in stored_messages(stored)
    )


def shown(stored: Any, english: str = "", chinese: str = "") -> str:
    """What a row says in the reader's language: its messages, else the text it was saved with.

    Rows written before messages were codes (and what people type, such as a personal task's
    title) carry their own text; it shows in the reader's language when the row has it.
    """
    if stored:
        text = render_stored(stored)
        if text:
            return text
    first, second = (chinese, english) if reads_chinese() else (english, chinese)
    return first or second or ""
