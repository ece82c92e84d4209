"""The company's home currency: the one setting most pages and the scorecards read."""

from __future__ import annotations

from laoke.company.models import CompanySettings
from laoke.platform.prepared import PreparedRows

#: The settings row's home currency: a query every page asks, compiled once (``PreparedRows``).
_HOME_CURRENCY = PreparedRows(
    lambda: CompanySettings.objects.filter(pk=1).order_by("pk").values_list("home_currency")[:1]
)


def home_currency() -> str:
    """The company's home currency (ISO 4217), which imports convert amounts to; USD when unset."""
    rows = _HOME_CURRENCY.rows()
    return (rows[0][0] if rows else None) or "USD"
