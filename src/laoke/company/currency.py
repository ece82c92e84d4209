"""The company's home currency: the one setting most pages and the scorecards read."""

from __future__ import annotations

from laoke.company.models import CompanySettings
from laoke.platform.prepared import PreparedRows

#: The id of the company's settings row (there is one).
SETTINGS_ID = 1
#: The home currency when none is set.
DEFAULT_CURRENCY = "USD"

#: The settings row's home currency: a query every page asks, compiled once (``PreparedRows``).
_HOME_CURRENCY = PreparedRows(
    lambda: CompanySettings.objects.filter(pk=SETTINGS_ID).order_by("pk").values_list("home_currency")[:1]
)


def home_currency() -> str:
    """The company's home currency (ISO 4217), which imports convert amounts to; USD when unset."""
    rows = _HOME_CURRENCY.rows()
    return currency_or_default(rows[0][0] if rows else None)


def currency_or_default(stored: str | None) -> str:
    """The home currency as stored in the settings row (None: no row), or the default when unset:
    for a caller that read the column with other things (the 360° page)."""
    return stored or DEFAULT_CURRENCY
