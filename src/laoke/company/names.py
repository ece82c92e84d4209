"""Currency and country names in the reader's language, for the set-up pages' lists.

Currency names come from Babel's CLDR data (English and simplified Chinese), country names from
the file readers' table (:func:`laoke.fileio.countries.country_names`, CLDR too).
"""

from __future__ import annotations

from functools import cache

from babel.numbers import get_currency_name
from django.utils.translation import get_language

from laoke.fileio.countries import country_names

#: ISO 4217 codes exporters deal in, most common first (the home currency is chosen from these).
CURRENCY_CODES = (
    "CNY",
    "USD",
    "EUR",
    "GBP",
    "JPY",
    "HKD",
    "AUD",
    "CAD",
    "CHF",
    "SGD",
    "KRW",
    "TWD",
    "INR",
    "RUB",
    "BRL",
    "MXN",
    "AED",
    "SAR",
    "TRY",
    "ZAR",
    "NZD",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "CZK",
    "HUF",
    "THB",
    "MYR",
    "IDR",
    "PHP",
    "VND",
    "ILS",
    "EGP",
    "NGN",
    "KZT",
    "CLP",
    "COP",
    "PEN",
    "ARS",
    "PKR",
    "BDT",
    "KWD",
    "QAR",
)


def _chinese() -> bool:
    return (get_language() or "").lower().startswith("zh")


def currency_name(code: str) -> str:
    """The currency's CLDR name in the active language ("" for a code CLDR does not know)."""
    locale = "zh_Hans" if _chinese() else "en"
    name = get_currency_name(code, locale=locale)
    return "" if name == code else name


def currency_choices() -> list[tuple[str, str]]:
    """(code, "code · name") for a select, in the active language."""
    return [(code, f"{code} · {currency_name(code)}") for code in CURRENCY_CODES]


@cache
def _country_names() -> dict[str, tuple[str, str]]:
    # CLDR's names do not change while the process runs; building the table took about as long
    # as drawing a row of the customer list, once per row.
    return country_names()


def country_name(code: str) -> str:
    """The country's name in the active language (the code itself when unknown)."""
    names = _country_names().get(code)
    if names is None:
        return code
    return names[1] if _chinese() else names[0]


def country_choices() -> list[tuple[str, str]]:
    """(code, "name (code)") for a select, sorted by the name in the active language."""
    index = 1 if _chinese() else 0
    names = sorted(_country_names().items(), key=lambda item: item[1][index])
    return [(code, f"{pair[index]} ({code})") for code, pair in names]
