"""The frames the KPIs read. Customers and users are database ids; owners are the *current* owners."""

from __future__ import annotations

import polars as pl

Schema = dict[str, pl.DataType | type[pl.DataType]]

#: One row per order (or order line): the customer, the date, the amount in home currency.
KPI_ORDER_SCHEMA: Schema = {"customer_id": pl.Int64, "order_date": pl.Date, "amount": pl.Float64}

#: One row per customer: who owns it now (null: nobody).
CUSTOMER_OWNER_SCHEMA: Schema = {"customer_id": pl.Int64, "owner_id": pl.Int64}

#: One row per lifecycle state change (``active``, ``at_risk``, ``dormant``, ``lost``, ``target``).
KPI_STATE_SCHEMA: Schema = {"customer_id": pl.Int64, "changed_on": pl.Date, "state": pl.String}

#: One row per interaction: who handled it, what kind, when, and the reply time in hours.
KPI_INTERACTION_SCHEMA: Schema = {
    "user_id": pl.Int64,
    "kind": pl.String,
    "occurred_on": pl.Date,
    "reply_hours": pl.Float64,
}

#: One row per recorded loss (one of the six reasons of seed 003).
KPI_LOSS_SCHEMA: Schema = {"customer_id": pl.Int64, "lost_on": pl.Date, "reason": pl.String}


def conform(frame: pl.DataFrame | pl.LazyFrame | None, schema: Schema) -> pl.DataFrame:
    """``frame`` with exactly the columns of ``schema``, cast (a missing frame is an empty one)."""
    if frame is None:
        return pl.DataFrame(schema=schema)
    return frame.lazy().select([pl.col(c).cast(t) for c, t in schema.items()]).collect()
