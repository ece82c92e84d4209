"""The canonical frames that flow between the adapters and the core.

Every adapter (file import, database repositories, demo generator) hands the core frames with
these column names and types; the core never guesses other names.
"""

from __future__ import annotations

import polars as pl

#: One row per order line. ``amount`` and ``cost`` are in the company's home currency;
#: ``amount_original`` and ``currency`` keep what the source file said.
ORDER_LINE_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "customer_id": pl.String,  # the customer's key (code or name as imported)
    "order_id": pl.String,  # invoice / order number; null when the source has none
    "line_no": pl.Int64,  # position of the line inside the order (1-based)
    "order_date": pl.Date,
    "product": pl.String,  # SKU or product name; null when unknown
    "category": pl.String,
    "quantity": pl.Float64,
    "unit_price": pl.Float64,
    "amount": pl.Float64,  # home currency; negative for returns/credit notes
    "cost": pl.Float64,  # home currency; null when the source has no cost data
    "currency": pl.String,  # ISO 4217 of the original amount
    "amount_original": pl.Float64,
    "country": pl.String,  # ISO 3166-1 alpha-2 when known
    "salesperson": pl.String,
}

#: Columns the core requires; the rest may be absent or null.
REQUIRED_ORDER_COLUMNS = ("customer_id", "order_date", "amount")

#: One row per customer, the facts the scorecard and forecasts use beyond orders.
CUSTOMER_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "customer_id": pl.String,
    "name": pl.String,
    "country": pl.String,
    "currency": pl.String,
    "kind": pl.String,  # distributor / importer / brand_owner / brand_user / end_user / trader
    "payment_terms": pl.String,  # TT / LC / OA / DP / DA / CAD
    "relationship_level": pl.Int64,  # 1..5, set by the owner; null when unset
    "market_trend": pl.Int64,  # -2..2 manual rating; null when unknown
    "lifespan_risk": pl.Int64,  # 1..5 manual rating (5 = highest risk); null when unknown
    "delivery_sensitivity": pl.Int64,  # 1..5 manual rating (5 = most sensitive); null when unknown
    "owner": pl.String,  # username of the owning salesperson
    "owner_active": pl.Boolean,  # False when the owner has left the company
    "first_seen": pl.Date,
}

#: One row per payment (or invoice due). Amount in home currency.
PAYMENT_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "customer_id": pl.String,
    "order_id": pl.String,
    "due_date": pl.Date,
    "paid_date": pl.Date,  # null while unpaid
    "amount": pl.Float64,
}

#: One row per interaction. ``kind`` is one of laoke.core.schema.INTERACTION_KINDS.
INTERACTION_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "customer_id": pl.String,
    "occurred_on": pl.Date,
    "kind": pl.String,
    "direction": pl.String,  # "out" / "in" / null
    "reply_hours": pl.Float64,  # for e-mails: hours until the reply; null when unanswered
    "outcome": pl.String,  # free text or a code (e.g. "stayed" / "switched" for a terms test)
    "resolved_on": pl.Date,  # for complaints
}

INTERACTION_KINDS = (
    "email_out",
    "email_in",
    "call",
    "visit",
    "meeting",
    "sample_sent",
    "quotation",
    "complaint",
    "price_dispute",
    "terms_test",
    "note",
)

#: One row per promise or rebate made to a customer (003, reason 2).
PROMISE_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "customer_id": pl.String,
    "due_date": pl.Date,
    "kept": pl.Boolean,  # null while still open
    "kept_on": pl.Date,
}

#: The six loss reasons of seed 003.
LOSS_REASONS = (
    "competitor",  # 1. competitor approach / poaching
    "broken_promise",  # 2. promises or rebates not delivered
    "neglected_small",  # 3. imbalance: small customers neglected
    "owner_left",  # 4. the salesperson left and took the customer
    "market",  # 5. market turbulence
    "details",  # 6. neglected details (quality, delivery, service)
)


def empty_frame(schema: dict[str, pl.DataType | type[pl.DataType]]) -> pl.DataFrame:
    """Return an empty frame with the given schema."""
    return pl.DataFrame(schema=schema)
