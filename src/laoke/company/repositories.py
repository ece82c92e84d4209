"""Queries of the company's reference tables, as the frames the file readers take."""

from __future__ import annotations

import polars as pl

from laoke.company.models import ExchangeRate


def exchange_rates() -> pl.DataFrame:
    """The stored exchange rates as the reader's rates frame (currency, rate_to_home, valid_from)."""
    rows = list(ExchangeRate.objects.values_list("currency", "rate_to_home", "valid_from"))
    return pl.DataFrame(
        {
            "currency": [r[0] for r in rows],
            "rate_to_home": [float(r[1]) for r in rows],
            "valid_from": [r[2] for r in rows],
        },
        schema={"currency": pl.String, "rate_to_home": pl.Float64, "valid_from": pl.Date},
    )
