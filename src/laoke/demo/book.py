"""The demo book as plain data: a few dataclasses and one Polars frame per table.

The frames use the canonical column names of :mod:`laoke.core.schema` where one exists, so the
core can read a generated book directly; extra columns carry what the database needs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

import polars as pl

from laoke.core.schema import ORDER_LINE_SCHEMA

DEMO_PASSWORD = "laoke-demo"
COMPANY_NAME = "Demo Trading Co. (演示数据)"

#: The archetypes, each a behaviour a later feature must recognise (see ``archetypes.py``).
ARCHETYPES = (
    "regular",
    "seasonal_january",
    "seasonal_spring",
    "growing",
    "declining",
    "dropping_grower",
    "churned",
    "dormant",
    "trial_grower",
    "one_off",
    "new",
    "silent",
    "neglected_small",
)


@dataclass(frozen=True)
class DemoCompany:
    """The exporter the demo book belongs to."""

    name: str
    home_currency: str
    fiscal_year_start_month: int


@dataclass(frozen=True)
class DemoUser:
    """A demo login: a salesperson, the manager or the admin."""

    username: str
    first_name: str
    last_name: str
    role: str  # salesperson / manager / admin
    email: str
    is_superuser: bool
    left_on: dt.date | None

    @property
    def is_active(self) -> bool:
        return self.left_on is None


CUSTOMER_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "customer_id": pl.String,  # the customer code
    "name": pl.String,
    "country": pl.String,
    "currency": pl.String,
    "kind": pl.String,
    "headcount": pl.Int64,
    "turnover": pl.Float64,  # home currency a year
    "founded_year": pl.Int64,
    "payment_terms": pl.String,
    "credit_days": pl.Int64,
    "source_channel": pl.String,
    "owner": pl.String,
    "relationship_level": pl.Int64,
    "market_trend": pl.Int64,
    "lifespan_risk": pl.Int64,
    "delivery_sensitivity": pl.Int64,
    "archetype": pl.String,
    "margin": pl.Float64,  # the customer's typical gross margin
    "payer": pl.String,  # punctual / slow / bad
    "first_order": pl.Date,
    "stop_date": pl.Date,  # last day the customer could order (lost, dormant, one-off); null if active
    "notes": pl.String,
}

CONTACT_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "customer_id": pl.String,
    "name": pl.String,
    "role": pl.String,
    "email": pl.String,
    "phone": pl.String,
    "birthday": pl.Date,
    "language": pl.String,
    "is_primary": pl.Boolean,
}

PRODUCT_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "sku": pl.String,
    "name": pl.String,
    "category": pl.String,
    "launched_on": pl.Date,
    "base_price": pl.Float64,  # home currency per kg
}

CATEGORY_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {"name": pl.String, "parent": pl.String}

ORDER_LINE_COLUMNS = dict(ORDER_LINE_SCHEMA)

PAYMENT_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "customer_id": pl.String,
    "order_id": pl.String,
    "due_date": pl.Date,
    "paid_date": pl.Date,
    "amount": pl.Float64,
    "amount_original": pl.Float64,
    "currency": pl.String,
}

RATE_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "currency": pl.String,
    "valid_from": pl.Date,
    "rate_to_home": pl.Float64,
}

INTERACTION_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "customer_id": pl.String,
    "user": pl.String,  # username, null for the system
    "kind": pl.String,
    "direction": pl.String,  # "out" / "in" / ""
    "occurred_at": pl.Datetime("us"),  # local time of the exporter's office (Asia/Shanghai)
    "subject": pl.String,
    "body": pl.String,
    "reply_hours": pl.Float64,
    "outcome": pl.String,
    "resolved_at": pl.Datetime("us"),
}

PROMISE_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "customer_id": pl.String,
    "kind": pl.String,  # promise / rebate
    "description": pl.String,
    "amount": pl.Float64,
    "made_on": pl.Date,
    "due_date": pl.Date,
    "kept": pl.Boolean,
    "kept_on": pl.Date,
    "made_by": pl.String,
}

LOSS_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "customer_id": pl.String,
    "lost_on": pl.Date,
    "reason": pl.String,
    "came_for": pl.String,
    "note": pl.String,
    "recorded_by": pl.String,
}

PROSPECT_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "name": pl.String,
    "country": pl.String,
    "kind": pl.String,
    "headcount": pl.Int64,
    "turnover": pl.Float64,
    "source_channel": pl.String,
    "status": pl.String,
    "tier": pl.String,
    "owner": pl.String,
    "inquiry_text": pl.String,
    "expected_value": pl.Float64,
    "created_on": pl.Date,
    "removed_reason": pl.String,
    "customer_id": pl.String,  # the customer it became, when won
    "won_on": pl.Date,
    "removed_on": pl.Date,
    "payment_terms": pl.String,
    "delivery_sensitivity": pl.Int64,
    "product_line": pl.String,
    "attributes": pl.List(pl.String),
}

TASK_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "customer_id": pl.String,
    "assignee": pl.String,
    "kind": pl.String,
    "title_en": pl.String,
    "title_zh": pl.String,
    "why_en": pl.String,
    "why_zh": pl.String,
    "due_on": pl.Date,
    "priority": pl.Float64,
}

COUNTRY_POLICY_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "country": pl.String,
    "risk": pl.Int64,
    "note": pl.String,
}

CURRENCY_POLICY_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "currency": pl.String,
    "volatility_pct": pl.Float64,
    "note": pl.String,
}


@dataclass(frozen=True)
class DemoBook:
    """Everything ``laoke demo`` writes, generated from a seed and a reference date."""

    seed: int
    today: dt.date
    company: DemoCompany
    users: tuple[DemoUser, ...]
    categories: pl.DataFrame
    products: pl.DataFrame
    customers: pl.DataFrame
    contacts: pl.DataFrame
    exchange_rates: pl.DataFrame
    order_lines: pl.DataFrame
    payments: pl.DataFrame
    interactions: pl.DataFrame
    promises: pl.DataFrame
    losses: pl.DataFrame
    prospects: pl.DataFrame
    tasks: pl.DataFrame
    country_policies: pl.DataFrame
    currency_policies: pl.DataFrame

    def frames(self) -> dict[str, pl.DataFrame]:
        """Return every table of the book by name."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.type == "pl.DataFrame"}

    @property
    def departed(self) -> DemoUser:
        """The salesperson who has left the company."""
        return next(u for u in self.users if u.left_on is not None)


def frame(rows: list[dict[str, Any]], schema: dict[str, pl.DataType | type[pl.DataType]]) -> pl.DataFrame:
    """Build a frame with exactly ``schema``'s columns from row dicts (missing keys become null)."""
    columns = {name: [row.get(name) for row in rows] for name in schema}
    return pl.DataFrame(columns, schema=schema)
