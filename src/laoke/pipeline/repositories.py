"""Queries of the pipeline app: the facts portraits are derived from, as core frames."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from django.db.models import QuerySet

from laoke.accounts.models import User
from laoke.customers.models import Customer
from laoke.customers.visibility import visible_owned
from laoke.orders.models import OrderLine, Payment, Product
from laoke.pipeline.models import CustomerPortrait, Prospect
from laoke.retention.models import CustomerScore

#: Portraits look back this far in the orders (product line, new products: two years).
LOOKBACK = dt.timedelta(days=2 * 365)


def visible_prospects(user: User) -> QuerySet[Prospect]:
    """Prospects and inquiries the user may see (``visible_owned``: a team manager sees the team's)."""
    return visible_owned(user, Prospect.objects.select_related("owner", "customer"))


def customers_frame(ids: list[int] | None = None) -> pl.DataFrame:
    """Customers with the portrait facts of their record (``customer_id`` = the primary key as text)."""
    qs = Customer.objects.all() if ids is None else Customer.objects.filter(pk__in=ids)
    rows = qs.values_list("pk", "kind", "headcount", "turnover", "payment_terms", "delivery_sensitivity")
    return pl.DataFrame(
        [(str(r[0]), r[1], r[2], None if r[3] is None else float(r[3]), r[4], r[5]) for r in rows],
        schema={
            "customer_id": pl.String,
            "kind": pl.String,
            "headcount": pl.Float64,
            "turnover": pl.Float64,
            "payment_terms": pl.String,
            "delivery_sensitivity": pl.Float64,
        },
        orient="row",
    )


def order_lines_frame(as_of: dt.date, ids: list[int] | None = None) -> pl.DataFrame:
    """The last two years of order lines up to ``as_of``: customer, date, amount, SKU, category."""
    qs = OrderLine.objects.filter(order__order_date__gt=as_of - LOOKBACK, order__order_date__lte=as_of)
    if ids is not None:
        qs = qs.filter(order__customer_id__in=ids)
    rows = qs.values_list(
        "order__customer_id", "order__order_date", "amount", "product__sku", "product__category__name"
    )
    return pl.DataFrame(
        [(str(r[0]), r[1], float(r[2]), r[3], r[4]) for r in rows],
        schema={
            "customer_id": pl.String,
            "order_date": pl.Date,
            "amount": pl.Float64,
            "product": pl.String,
            "category": pl.String,
        },
        orient="row",
    )


def products_frame() -> pl.DataFrame:
    """SKU and launch date of every product."""
    rows = Product.objects.values_list("sku", "launched_on")
    return pl.DataFrame(list(rows), schema={"product": pl.String, "launched_on": pl.Date}, orient="row")


def payments_frame(as_of: dt.date, ids: list[int] | None = None) -> pl.DataFrame:
    """Payments due in the last two years up to ``as_of``."""
    qs = Payment.objects.filter(due_date__gt=as_of - LOOKBACK, due_date__lte=as_of)
    if ids is not None:
        qs = qs.filter(customer_id__in=ids)
    rows = qs.values_list("customer_id", "due_date", "paid_date")
    return pl.DataFrame(
        [(str(r[0]), r[1], r[2]) for r in rows],
        schema={"customer_id": pl.String, "due_date": pl.Date, "paid_date": pl.Date},
        orient="row",
    )


def edits_frame(ids: list[int] | None = None) -> pl.DataFrame:
    """What owners edited on the portraits."""
    qs = (
        CustomerPortrait.objects.all()
        if ids is None
        else CustomerPortrait.objects.filter(customer_id__in=ids)
    )
    rows = qs.values_list(
        "customer_id", "channel_role", "brand_role", "product_line", "attributes", "new_products_rating"
    )
    return pl.DataFrame(
        [(str(r[0]), r[1], r[2], r[3], [str(a) for a in (r[4] or [])], r[5]) for r in rows],
        schema={
            "customer_id": pl.String,
            "channel": pl.String,
            "brand": pl.String,
            "product_line": pl.String,
            "attributes": pl.List(pl.String),
            "new_products_rating": pl.Float64,
        },
        orient="row",
    )


def scores_frame(ids: list[int] | None = None) -> pl.DataFrame:
    """Grade and loyalty score (0–100) from the stored scorecards."""
    qs = CustomerScore.objects.all() if ids is None else CustomerScore.objects.filter(customer_id__in=ids)
    rows: list[tuple[Any, ...]] = []
    for customer_id, grade, dimensions in qs.values_list("customer_id", "grade", "dimensions"):
        loyalty = (dimensions or {}).get("loyalty") or {}
        rows.append((str(customer_id), grade, loyalty.get("score")))
    return pl.DataFrame(
        rows, schema={"customer_id": pl.String, "grade": pl.String, "loyalty_score": pl.Float64}, orient="row"
    )
