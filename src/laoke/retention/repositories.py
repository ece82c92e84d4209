"""Queries that load the stored facts as the canonical frames of ``laoke.core.schema``.

All reads for the engine live here, so views and services stay free of ORM detail. Frames are built
from plain SQL rows (one query per table) — much faster than model instances for a million lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import polars as pl
from django.db import connection

from laoke.core.schema import (
    CUSTOMER_SCHEMA,
    INTERACTION_SCHEMA,
    ORDER_LINE_SCHEMA,
    PAYMENT_SCHEMA,
    PROMISE_SCHEMA,
)


def _fetch(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


#: Rows fetched per round trip when a table is read column by column.
FETCH_ROWS = 100_000


def _column(name: str, values: Sequence[Any], dtype: Any) -> pl.Series:
    """One fetched column as a typed series; dates may arrive as ISO text (SQLite, or cast in SQL)."""
    if dtype == pl.Date:
        raw = pl.Series(name, values, strict=False)
        if raw.dtype == pl.String:
            return raw.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
        return raw.cast(pl.Date, strict=False)
    return pl.Series(name, values, dtype=dtype, strict=False)


def _batches(sql: str, params: Sequence[Any], schema: dict[str, Any]) -> Iterator[pl.DataFrame]:
    """The query's rows as frames of ``schema``, one per ``FETCH_ROWS`` rows.

    The rows come straight from the driver (no ORM converters): Polars types them from the row
    tuples, or, when a column is a date (sent as text), column by column (``_by_columns``);
    numbers the query casts to floating point and dates cast to text are typed by Polars. Django
    stores "no value" in optional text fields as "", the core expects null: it is null here.
    """
    names = list(schema)
    # Without a date to parse, Polars reads the row tuples itself (in Rust): the order lines'
    # 791 k rows took 0.8-1.3 s of CPU to transpose in Python and 0.45-0.6 s this way.
    by_rows = pl.Date not in schema.values()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(FETCH_ROWS):
            if by_rows:
                part = pl.DataFrame(rows, schema=schema, orient="row", strict=False)
            else:
                part = _by_columns(rows, names, schema)
            del rows
            yield part.with_columns(pl.col(pl.String).replace("", None))


def _by_columns(rows: list[tuple[Any, ...]], names: list[str], schema: dict[str, Any]) -> pl.DataFrame:
    """Fetched rows as a frame of ``schema``, one typed series per column (dates parsed from text)."""
    columns = list(zip(*rows, strict=True))
    return pl.DataFrame([_column(name, columns[i], schema[name]) for i, name in enumerate(names)])


def _frame(sql: str, params: Sequence[Any], schema: dict[str, Any]) -> pl.DataFrame:
    """The query's rows as one frame of ``schema`` (see ``_batches``)."""
    return _stacked(_batches(sql, params, schema), schema)


def _stacked(parts: Iterable[pl.DataFrame], schema: dict[str, Any]) -> pl.DataFrame:
    """``parts`` one under the other, each column in one piece of memory.

    The columns are joined up one at a time, each column's pieces dropped as soon as it is
    whole: the frame is never held twice over, as ``pl.concat(parts, rechunk=True)`` would.
    """
    pieces: dict[str, list[pl.Series]] = {name: [] for name in schema}
    for part in parts:
        for name in schema:
            pieces[name].append(part[name])
        del part
    if not pieces or not next(iter(pieces.values())):
        return pl.DataFrame(schema=schema)
    return pl.DataFrame([pl.concat(pieces.pop(name), rechunk=True) for name in list(pieces)])


def load_order_lines() -> pl.DataFrame:
    """Every order line as the canonical order-line frame (amounts in home currency).

    The lines table is read alone (numbers as floats, no text but the currency) and joined in
    Polars to the small tables of orders, customers, products and users: the database sends no
    customer code, order number or SKU once per line, and no Decimal or date object is made.
    Each batch of lines is joined and cut to the canonical columns as it arrives, so the lines
    are never held both as read and as joined (a 10 M-line book is about 1.9 GB as this frame).
    """
    floats = ("quantity", "unit_price", "amount", "cost", "amount_original")
    orders = _frame(
        """
        SELECT o.id, o.order_no, CAST(o.order_date AS TEXT), c.code, c.country, u.username
        FROM orders_order o
        JOIN customers_customer c ON c.id = o.customer_id
        LEFT JOIN accounts_user u ON u.id = o.salesperson_id
        """,
        [],
        {
            "order_pk": pl.Int64,
            "order_id": pl.String,
            "order_date": pl.Date,
            "customer_id": pl.String,
            "country": pl.String,
            "salesperson": pl.String,
        },
    )
    products = _frame(
        """
        SELECT p.id, p.sku, cat.name
        FROM orders_product p
        LEFT JOIN orders_category cat ON cat.id = p.category_id
        """,
        [],
        {"product_pk": pl.Int64, "product": pl.String, "category": pl.String},
    )
    lines = _batches(
        "SELECT order_id, line_no, product_id, "
        + ", ".join(f"CAST({name} AS DOUBLE PRECISION)" for name in floats)
        + ", currency FROM orders_orderline",
        [],
        {
            "order_pk": pl.Int64,
            "line_no": pl.Int64,
            "product_pk": pl.Int64,
            **dict.fromkeys(floats, pl.Float64),
            "currency": pl.String,
        },
    )
    canonical = [pl.col(name).cast(dtype) for name, dtype in ORDER_LINE_SCHEMA.items()]
    return _stacked(
        (
            part.join(orders, on="order_pk", how="inner", maintain_order="left")
            .join(products, on="product_pk", how="left", maintain_order="left")
            .select(canonical)
            for part in lines
        ),
        ORDER_LINE_SCHEMA,
    )


def load_customers() -> pl.DataFrame:
    """Every customer with the facts the scorecard uses, as ``CUSTOMER_SCHEMA``."""
    sql = """
        SELECT c.code, c.name, c.country, c.currency, c.kind, c.payment_terms, c.relationship_level,
               c.market_trend, c.lifespan_risk, c.delivery_sensitivity, u.username,
               CASE WHEN u.id IS NULL THEN NULL WHEN u.left_on IS NULL AND u.is_active THEN 1 ELSE 0 END,
               NULL
        FROM customers_customer c
        LEFT JOIN accounts_user u ON u.id = c.owner_id
    """
    frame = _frame(sql, [], {**CUSTOMER_SCHEMA, "owner_active": pl.Int64})
    return frame.with_columns(pl.col("owner_active").cast(pl.Boolean))


def load_payments() -> pl.DataFrame:
    """Every payment due, as ``PAYMENT_SCHEMA``."""
    sql = """
        SELECT c.code, o.order_no, pay.due_date, pay.paid_date, CAST(pay.amount AS DOUBLE PRECISION)
        FROM orders_payment pay
        JOIN customers_customer c ON c.id = pay.customer_id
        LEFT JOIN orders_order o ON o.id = pay.order_id
    """
    return _frame(sql, [], PAYMENT_SCHEMA)


def load_interactions() -> pl.DataFrame:
    """Every interaction, as ``INTERACTION_SCHEMA`` (dates in the stored time zone's calendar)."""
    sql = """
        SELECT c.code, i.occurred_at, i.kind, i.direction, i.reply_hours, i.outcome, i.resolved_at
        FROM interactions_interaction i
        JOIN customers_customer c ON c.id = i.customer_id
    """
    rows = _fetch(sql)
    if not rows:
        return pl.DataFrame(schema=INTERACTION_SCHEMA)
    raw = pl.DataFrame(
        rows,
        schema=["customer_id", "occurred_at", "kind", "direction", "reply_hours", "outcome", "resolved_at"],
        orient="row",
        infer_schema_length=None,
    )
    return raw.with_columns(
        _to_date(raw["occurred_at"]).alias("occurred_on"),
        _to_date(raw["resolved_at"]).alias("resolved_on"),
        pl.col("direction").cast(pl.String).replace("", None),
        pl.col("outcome").cast(pl.String).replace("", None),
    ).select([pl.col(n).cast(t, strict=False) for n, t in INTERACTION_SCHEMA.items()])


def load_promises() -> pl.DataFrame:
    """Every promise or rebate, as ``PROMISE_SCHEMA``."""
    sql = """
        SELECT c.code, pr.due_date, pr.kept, pr.kept_on
        FROM interactions_promise pr
        JOIN customers_customer c ON c.id = pr.customer_id
    """
    frame = _frame(sql, [], {**PROMISE_SCHEMA, "kept": pl.Int64})
    return frame.with_columns(pl.col("kept").cast(pl.Boolean))


def load_loss_records() -> pl.DataFrame:
    """The latest loss record of each lost customer: customer_id, lost_on, reason (reopened ones left out)."""
    sql = """
        SELECT c.code, r.lost_on, r.reason
        FROM retention_lossrecord r
        JOIN customers_customer c ON c.id = r.customer_id
        WHERE r.reopened_on IS NULL
        ORDER BY r.lost_on
    """
    frame = _frame(sql, [], {"customer_id": pl.String, "lost_on": pl.Date, "reason": pl.String})
    return frame.unique(subset="customer_id", keep="last", maintain_order=True)


def _to_date(values: pl.Series) -> pl.Series:
    """Datetimes (aware, from PostgreSQL) or UTC text (SQLite) to calendar dates in the site's time zone."""
    from django.conf import settings

    if values.dtype == pl.Null:
        return values.cast(pl.Date)
    if values.dtype == pl.String:
        moments = values.str.slice(0, 19).str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False)
        moments = moments.dt.replace_time_zone("UTC")
    else:
        moments = values.cast(pl.Datetime("us", "UTC"))
    return moments.dt.convert_time_zone(settings.TIME_ZONE).dt.date()
