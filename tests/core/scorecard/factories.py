"""Hand-built frames for the scorecard tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from laoke.core.schema import CUSTOMER_SCHEMA, INTERACTION_SCHEMA, ORDER_LINE_SCHEMA, PAYMENT_SCHEMA

AS_OF = dt.date(2024, 6, 30)


def frame(rows: list[dict[str, Any]], schema: dict[str, Any]) -> pl.DataFrame:
    """A frame of ``schema`` from dict rows; missing keys are null."""
    return pl.DataFrame([{c: r.get(c) for c in schema} for r in rows], schema=schema)


def orders(*rows: dict[str, Any]) -> pl.DataFrame:
    """Order lines; each row needs customer_id, order_date and amount."""
    return frame(list(rows), ORDER_LINE_SCHEMA)


def line(customer: str, day: dt.date, amount: float, **extra: Any) -> dict[str, Any]:
    """One order line."""
    return {"customer_id": customer, "order_date": day, "amount": amount, **extra}


def customers(*rows: dict[str, Any]) -> pl.DataFrame:
    """Customer records."""
    return frame(list(rows), CUSTOMER_SCHEMA)


def interactions(*rows: dict[str, Any]) -> pl.DataFrame:
    """Interactions."""
    return frame(list(rows), INTERACTION_SCHEMA)


def payments(*rows: dict[str, Any]) -> pl.DataFrame:
    """Payments."""
    return frame(list(rows), PAYMENT_SCHEMA)


def monthly(
    customer: str, months: int, amount: float, end: dt.date = AS_OF, **extra: Any
) -> list[dict[str, Any]]:
    """One line a month for ``months`` months ending in the month of ``end``."""
    out = []
    for back in range(months):
        year, month = divmod(end.year * 12 + end.month - 1 - back, 12)
        out.append(line(customer, dt.date(year, month + 1, 15), amount, **extra))
    return out


def row(frame: pl.DataFrame, customer: str) -> dict[str, Any]:
    """The row of one customer as a dict."""
    found = frame.filter(pl.col("customer_id") == customer)
    assert found.height == 1, f"{customer} has {found.height} rows"
    return found.row(0, named=True)
