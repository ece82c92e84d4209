"""Company set-up: settings, exchange rates, country and currency risk. Each change is audited;
none commits on its own (the caller owns the transaction)."""

from laoke.company.services.rates import RatesSaved, add_rate, delete_rate, save_rates
from laoke.company.services.setup import (
    delete_country_policy,
    delete_currency_policy,
    save_country_policy,
    save_currency_policy,
    save_settings,
)

__all__ = [
    "RatesSaved",
    "add_rate",
    "delete_country_policy",
    "delete_currency_policy",
    "delete_rate",
    "save_country_policy",
    "save_currency_policy",
    "save_rates",
    "save_settings",
]
