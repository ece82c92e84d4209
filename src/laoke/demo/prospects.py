"""Prospects with a history: inquiries years ago that became customers (or were dropped).

The pipeline page and the look-alike evaluation (``bench/lookalike.py``) need prospects whose
outcome is known: an inquiry recorded before a customer's first order, stating what such an
inquiry states (kind, size, expected yearly purchases, product line, terms), linked to the
customer it became; and inquiries that were dropped. A separate random stream keeps the rest of
the demo book unchanged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import polars as pl

from laoke.demo.people import company_name, pick_country

#: Attributes a paint and plastics buyer asks about, per top-level product line (002).
ATTRIBUTES = {
    "Pigments": ("colour strength", "particle size", "heavy metals", "light fastness", "REACH"),
    "Additives": ("purity", "foam control", "VOC", "REACH"),
    "Resins": ("solid content", "viscosity", "VOC", "REACH"),
}
TERMS = ("TT", "TT_ADVANCE", "LC", "OA")
DROP_REASONS = (
    "Far from our customer profile 与客户画像差距大",
    "Only wanted a price check 只是比价",
    "Volume too small for our MOQ 量太小，不到起订量",
    "Payment terms unacceptable 付款条件无法接受",
)


def _attributes(rng: np.random.Generator, line: str | None) -> list[str]:
    top = next((k for k in ATTRIBUTES if line and line.startswith(k[:5])), "Pigments")
    options = ATTRIBUTES[top]
    return sorted(str(a) for a in rng.choice(options, size=int(rng.integers(1, 3)), replace=False))


def history_prospects(
    *,
    seed: int,
    customers: pl.DataFrame,
    order_lines: pl.DataFrame,
    today: dt.date,
    start: dt.date,
    owners: list[str],
    skip: set[str],
) -> list[dict[str, Any]]:
    """Won prospects for customers who first ordered at least two years into the book, plus dropped ones.

    ``skip`` holds customers already linked to a prospect. Each won prospect was recorded 20–150
    days before the first order; its stated yearly purchases are the customer's first-year sales
    times a log-normal error (people guess), its size the customer's with ±25 % noise.
    """
    rng = np.random.default_rng([seed, 2])
    first_year = (
        order_lines.join(
            order_lines.group_by("customer_id").agg(first=pl.col("order_date").min()), on="customer_id"
        )
        .filter(pl.col("order_date") < pl.col("first") + dt.timedelta(days=365))
        .group_by("customer_id", "category")
        .agg(pl.col("amount").sum(), pl.col("first").first())
        .sort(["customer_id", "amount", "category"], descending=[False, True, False])
        .group_by("customer_id", maintain_order=True)
        .agg(pl.col("amount").sum().alias("first_year"), pl.col("category").first(), pl.col("first").first())
    )
    known = customers.join(first_year, on="customer_id").filter(
        (pl.col("first") >= start + dt.timedelta(days=365)) & ~pl.col("customer_id").is_in(list(skip))
    )
    rows: list[dict[str, Any]] = []
    for c in known.sort("customer_id").iter_rows(named=True):
        if rng.random() > 0.8:
            continue
        created = c["first"] - dt.timedelta(days=int(rng.integers(20, 150)))
        noisy = lambda v: None if v is None else float(v) * float(rng.uniform(0.75, 1.25))  # noqa: E731
        headcount = noisy(c["headcount"])
        rows.append(
            {
                "name": c["name"],
                "country": c["country"],
                "kind": c["kind"],
                "headcount": None if headcount is None or rng.random() < 0.3 else max(1, round(headcount)),
                "turnover": None if rng.random() < 0.3 else round(noisy(c["turnover"]) or 0, -3),
                "source_channel": c["source_channel"],
                "status": "won",
                "tier": str(rng.choice(["A", "B", "C"], p=[0.4, 0.35, 0.25])),
                "owner": c["owner"] if c["owner"] in owners else owners[len(rows) % len(owners)],
                "inquiry_text": "",
                "expected_value": round(float(c["first_year"]) * float(rng.lognormal(0.0, 0.6)), -2),
                "created_on": created,
                "removed_reason": "",
                "customer_id": c["customer_id"],
                "won_on": c["first"],
                "removed_on": None,
                "payment_terms": c["payment_terms"] if rng.random() < 0.7 else None,
                "delivery_sensitivity": c["delivery_sensitivity"] if rng.random() < 0.5 else None,
                "product_line": c["category"],
                "attributes": _attributes(rng, c["category"]),
            }
        )
    lines = order_lines["category"].drop_nulls().unique().sort().to_list()
    dropped = max(10, len(rows))
    span = max(1, (today - start).days - 395)
    for i in range(dropped):
        country = pick_country(rng)
        created = start + dt.timedelta(days=365 + int(rng.integers(0, span)))
        turnover = float(rng.lognormal(15.0, 1.2))
        line = str(rng.choice(lines)) if lines else None
        rows.append(
            {
                "name": company_name(rng, country),
                "country": country.code,
                "kind": str(rng.choice(["distributor", "importer", "brand_owner", "end_user", "trader"])),
                "headcount": int(max(3, turnover / rng.uniform(120_000, 400_000))),
                "turnover": round(turnover, -3) if rng.random() < 0.7 else None,
                "source_channel": str(rng.choice(["search", "field", "referral", "influencer"])),
                "status": "removed",
                "tier": "",
                "owner": owners[i % len(owners)],
                "inquiry_text": "",
                "expected_value": round(float(rng.lognormal(10.3, 1.1)), -2),
                "created_on": created,
                "removed_reason": str(rng.choice(DROP_REASONS)),
                "customer_id": None,
                "won_on": None,
                "removed_on": min(today, created + dt.timedelta(days=int(rng.integers(14, 200)))),
                "payment_terms": str(rng.choice(TERMS)) if rng.random() < 0.6 else None,
                "delivery_sensitivity": int(rng.integers(1, 6)) if rng.random() < 0.5 else None,
                "product_line": line,
                "attributes": _attributes(rng, line),
            }
        )
    return rows


def complete(
    rows: list[dict[str, Any]], *, seed: int, first_orders: dict[str, dt.date], today: dt.date
) -> list[dict[str, Any]]:
    """Give the current pipeline's won prospects their winning day and dropped ones their removal day."""
    rng = np.random.default_rng([seed, 3])
    out = []
    for row in rows:
        row = dict(row)
        if row["status"] == "won" and row.get("customer_id") in first_orders:
            first = first_orders[row["customer_id"]]
            row["won_on"] = first
            row["created_on"] = min(row["created_on"], first - dt.timedelta(days=int(rng.integers(15, 90))))
        if row["status"] == "removed":
            row["removed_on"] = min(today, row["created_on"] + dt.timedelta(days=int(rng.integers(7, 120))))
        out.append(row)
    return out
