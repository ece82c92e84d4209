"""Currency and country names in the reader's language, for the set-up pages' lists.

Neither Babel nor pycountry is installed, so currency names are kept here (translated in this
app's catalogue) and country names come from the file readers' own table
(:func:`laoke.fileio.countries.country_names`), which knows each market in English and Chinese.
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from laoke.fileio.countries import country_names

#: ISO 4217 codes exporters deal in, with their names (the home currency is chosen from these).
CURRENCY_NAMES = {
    "CNY": _("Chinese yuan"),
    "USD": _("US dollar"),
    "EUR": _("euro"),
    "GBP": _("pound sterling"),
    "JPY": _("Japanese yen"),
    "HKD": _("Hong Kong dollar"),
    "AUD": _("Australian dollar"),
    "CAD": _("Canadian dollar"),
    "CHF": _("Swiss franc"),
    "SGD": _("Singapore dollar"),
    "KRW": _("South Korean won"),
    "TWD": _("New Taiwan dollar"),
    "INR": _("Indian rupee"),
    "RUB": _("Russian rouble"),
    "BRL": _("Brazilian real"),
    "MXN": _("Mexican peso"),
    "AED": _("UAE dirham"),
    "SAR": _("Saudi riyal"),
    "TRY": _("Turkish lira"),
    "ZAR": _("South African rand"),
    "NZD": _("New Zealand dollar"),
    "SEK": _("Swedish krona"),
    "NOK": _("Norwegian krone"),
    "DKK": _("Danish krone"),
    "PLN": _("Polish złoty"),
    "CZK": _("Czech koruna"),
    "HUF": _("Hungarian forint"),
    "THB": _("Thai baht"),
    "MYR": _("Malaysian ringgit"),
    "IDR": _("Indonesian rupiah"),
    "PHP": _("Philippine peso"),
    "VND": _("Vietnamese dong"),
    "ILS": _("Israeli new shekel"),
    "EGP": _("Egyptian pound"),
    "NGN": _("Nigerian naira"),
    "KZT": _("Kazakhstani tenge"),
    "CLP": _("Chilean peso"),
    "COP": _("Colombian peso"),
    "PEN": _("Peruvian sol"),
    "ARS": _("Argentine peso"),
    "PKR": _("Pakistani rupee"),
    "BDT": _("Bangladeshi taka"),
    "KWD": _("Kuwaiti dinar"),
    "QAR": _("Qatari riyal"),
}


def currency_name(code: str) -> str:
    """The currency's name in the active language ("" for a code not in the list)."""
    name = CURRENCY_NAMES.get(code)
    return str(name) if name is not None else ""


def currency_choices() -> list[tuple[str, str]]:
    """(code, "code · name") for a select, in the active language."""
    return [(code, f"{code} · {name}") for code, name in CURRENCY_NAMES.items()]


def _chinese() -> bool:
    return (get_language() or "").lower().startswith("zh")


def country_name(code: str) -> str:
    """The country's name in the active language (the code itself when unknown)."""
    names = country_names().get(code)
    if names is None:
        return code
    return names[1] if _chinese() else names[0]


def country_choices() -> list[tuple[str, str]]:
    """(code, "name (code)") for a select, sorted by the name in the active language."""
    index = 1 if _chinese() else 0
    names = sorted(country_names().items(), key=lambda item: item[1][index])
    return [(code, f"{pair[index]} ({code})") for code, pair in names]
