"""Seeded synthetic order books for forecast tests."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

START = dt.date(2018, 1, 1)


def synthetic_book(n_customers: int = 300, years: int = 4, seed: int = 11) -> pl.DataFrame:
    """A book where each customer has its own gamma rhythm and some customers stop buying."""
    rng = np.random.default_rng(seed)
    rows: list[tuple[str, dt.date, float]] = []
    span = 365 * years
    for c in range(n_customers):
        mean_gap = float(rng.gamma(2.0, 25.0) + 7.0)
        shape = float(rng.choice([1.0, 4.0, 16.0]))
        t = float(rng.integers(0, span // 2))
        stop = float(rng.uniform(span * 0.4, span * 2.0))
        size = float(rng.lognormal(6.0, 0.8))
        while t < min(span, stop):
            rows.append((f"C{c:04d}", START + dt.timedelta(days=int(t)), size * float(rng.lognormal(0, 0.3))))
            t += float(rng.gamma(shape, mean_gap / shape)) + 1.0
    return pl.DataFrame(
        rows, schema={"customer_id": pl.String, "order_date": pl.Date, "amount": pl.Float64}, orient="row"
    )


def orders(rows: list[tuple[str, str, float]]) -> pl.DataFrame:
    """Order lines from ``(customer_id, 'YYYY-MM-DD', amount)`` tuples."""
    return pl.DataFrame(
        {
            "customer_id": [r[0] for r in rows],
            "order_date": [dt.date.fromisoformat(r[1]) for r in rows],
            "amount": [r[2] for r in rows],
        }
    )
