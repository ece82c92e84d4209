"""Store exchange rates (one, or a whole file's), keeping the history: a rate per currency and day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import polars as pl

from laoke.audit.models import AuditAction
from laoke.audit.services import record
from laoke.company.models import ExchangeRate

#: Digits kept after the decimal point (the column's ``decimal_places``).
RATE_PLACES = 8


@dataclass(frozen=True)
class RatesSaved:
    """How many rates were new and how many replaced the rate of the same currency and day."""

    created: int
    updated: int

    @property
    def total(self) -> int:
        """Rates written."""
        return self.created + self.updated


def _decimal(rate: float | Decimal) -> Decimal:
    return Decimal(str(rate)).quantize(Decimal(1).scaleb(-RATE_PLACES))


def save_rates(*, frame: pl.DataFrame, user: Any, source: str, username: str = "") -> RatesSaved:
    """Write every rate of ``frame`` (currency, rate_to_home, valid_from — all set), replacing the
    rate of the same currency and day; audit the change under ``source`` (a file name, "pasted"),
    by ``user`` (or ``username`` for a command)."""
    rows = [
        (str(r["currency"]), r["valid_from"], _decimal(r["rate_to_home"]))
        for r in frame.select("currency", "valid_from", "rate_to_home").iter_rows(named=True)
    ]
    existing = {
        (rate.currency, rate.valid_from): rate
        for rate in ExchangeRate.objects.filter(currency__in={c for c, _d, _r in rows})
    }
    new: list[ExchangeRate] = []
    changed: list[ExchangeRate] = []
    for currency, day, rate in rows:
        stored = existing.get((currency, day))
        if stored is None:
            new.append(ExchangeRate(currency=currency, valid_from=day, rate_to_home=rate))
        elif stored.rate_to_home != rate:
            stored.rate_to_home = rate
            changed.append(stored)
    ExchangeRate.objects.bulk_create(new, batch_size=1000)
    ExchangeRate.objects.bulk_update(changed, ["rate_to_home"], batch_size=1000)
    currencies = sorted({c for c, _d, _r in rows})
    record(
        user,
        AuditAction.COMPANY_SETUP,
        target=f"exchange rates from {source}"[:300],
        rows=len(new) + len(changed),
        detail={"created": len(new), "updated": len(changed), "currencies": currencies},
        username=username,
    )
    return RatesSaved(created=len(new), updated=len(changed))


def add_rate(*, currency: str, valid_from: dt.date, rate: Decimal, user: Any) -> ExchangeRate:
    """Store one rate (replacing that currency's rate of the same day) and audit it."""
    row, created = ExchangeRate.objects.update_or_create(
        currency=currency, valid_from=valid_from, defaults={"rate_to_home": _decimal(rate)}
    )
    record(
        user,
        AuditAction.COMPANY_SETUP,
        target=f"exchange rate {currency} {valid_from.isoformat()}",
        rows=1,
        detail={"rate": str(row.rate_to_home), "created": created},
    )
    return row


def delete_rate(*, rate: ExchangeRate, user: Any) -> None:
    """Delete one stored rate and audit it."""
    record(
        user,
        AuditAction.COMPANY_SETUP,
        target=f"exchange rate {rate.currency} {rate.valid_from.isoformat()} deleted",
        rows=1,
        detail={"rate": str(rate.rate_to_home)},
    )
    rate.delete()
