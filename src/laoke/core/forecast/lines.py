"""What the order lines say beyond the order dates: basket size and product range.

All optional: a book with only ``customer_id``, ``order_date`` and ``amount`` has no line
history and the forecaster uses the order dates alone. When the lines carry a ``product``
and/or a ``quantity`` column, each customer's baskets and product range at a cutoff become
extra features of the stacked models: lines per order day, quantity per order day, the
number of distinct products bought and how much of that range is new in the last 180 days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from laoke.core.forecast.transactions import exact_sum

FloatArray = npt.NDArray[np.float64]

#: Window (days) of "recent" products for the range growth.
RECENT_DAYS = 180

#: Feature columns (name, positive reason, negative reason), in the order they may appear.
BASKET_FEATURES: tuple[tuple[str, str, str], ...] = (("lines_per_order", "large_orders", "small_orders"),)
QUANTITY_FEATURES: tuple[tuple[str, str, str], ...] = (
    ("quantity_per_order", "large_orders", "small_orders"),
)
PRODUCT_FEATURES: tuple[tuple[str, str, str], ...] = (
    ("products", "broad_range", "narrow_range"),
    ("range_growth", "range_widening", "range_narrowing"),
)


@dataclass
class LineHistory:
    """Per customer-day baskets and each customer's first purchase of each product.

    Attributes
    ----------
    baskets : pl.DataFrame
        ``customer_id``, ``order_date``, ``lines`` and, with quantities, ``quantity``.
    first_purchases : pl.DataFrame or None
        ``customer_id``, ``first_date`` and ``first_products``: how many products the customer bought
        for the first time that day (None without a product column).
    features : tuple of (str, str, str)
        The feature columns this history gives, with their reason codes.
    """

    baskets: pl.DataFrame
    first_purchases: pl.DataFrame | None
    features: tuple[tuple[str, str, str], ...]


def _has_values(orders: pl.DataFrame, column: str) -> bool:
    return column in orders.columns and orders[column].null_count() < orders.height


def line_history(orders: pl.DataFrame, *, before: dt.date) -> LineHistory | None:
    """Summarise the order lines dated before ``before``; None when they carry no line detail.

    Parameters
    ----------
    orders : pl.DataFrame
        Order lines (``customer_id``, ``order_date``, optional ``product`` and ``quantity``).
    before : datetime.date
        Only lines dated strictly before this day are used.
    """
    has_quantity = _has_values(orders, "quantity")
    has_product = _has_values(orders, "product")
    if not (has_quantity or has_product):
        return None
    past = orders.lazy().filter(
        pl.col("customer_id").is_not_null()
        & pl.col("order_date").is_not_null()
        & (pl.col("order_date") < before)
    )
    past = past.with_columns(pl.col("customer_id").cast(pl.String), pl.col("order_date").cast(pl.Date))
    aggs = [pl.len().cast(pl.Float64).alias("lines")]
    if has_quantity:
        aggs.append(exact_sum(pl.col("quantity").cast(pl.Float64).fill_null(0.0), 1e6).alias("quantity"))
    baskets = past.group_by("customer_id", "order_date").agg(aggs).collect()
    features = BASKET_FEATURES + (QUANTITY_FEATURES if has_quantity else ())
    first = None
    if has_product:
        # Counted per customer-day: the features only count first purchases before a cutoff,
        # and every cutoff of a fit (60 on a first run) reads this frame; on Online Retail II it
        # is 33 k customer-days instead of 482 k (customer, product) pairs. Counts are integers,
        # so the sums at a cutoff are the per-product counts exactly.
        first = (
            past.filter(pl.col("product").is_not_null())
            .group_by("customer_id", pl.col("product").cast(pl.String))
            .agg(pl.col("order_date").min().alias("first_date"))
            .group_by("customer_id", "first_date")
            .agg(pl.len().alias("first_products"))
            .collect()
        )
        features += PRODUCT_FEATURES
    return LineHistory(baskets=baskets, first_purchases=first, features=features)


def line_features(history: LineHistory, customer_id: pl.Series, *, cutoff: dt.date) -> FloatArray:
    """The line features of ``customer_id`` (in that order) from the lines before ``cutoff``.

    Returns
    -------
    numpy.ndarray
        ``(customers, len(history.features))``; a customer without line detail gets 0.
    """
    recent = cutoff - dt.timedelta(days=RECENT_DAYS)
    aggs = [pl.col("lines").mean().log().alias("lines_per_order")]
    if "quantity" in history.baskets.columns:
        aggs.append(
            (exact_sum(pl.col("quantity").clip(0.0, None).log1p()) / pl.len()).alias("quantity_per_order")
        )
    frame = pl.DataFrame({"customer_id": customer_id}).join(
        history.baskets.lazy()
        .filter(pl.col("order_date") < cutoff)
        .group_by("customer_id")
        .agg(aggs)
        .collect(),
        on="customer_id",
        how="left",
    )
    if history.first_purchases is not None:
        ranges = (
            history.first_purchases.lazy()
            .filter(pl.col("first_date") < cutoff)
            .group_by("customer_id")
            .agg(
                pl.col("first_products").sum().cast(pl.Float64).alias("n_products"),
                pl.col("first_products")
                .filter(pl.col("first_date") >= recent)
                .sum()
                .cast(pl.Float64)
                .alias("n_new"),
            )
            .with_columns(
                pl.col("n_products").log1p().alias("products"),
                ((pl.col("n_new") + 1.0) / (pl.col("n_products") - pl.col("n_new") + 1.0))
                .log()
                .alias("range_growth"),
            )
            .collect()
        )
        frame = frame.join(ranges, on="customer_id", how="left")
    x = frame.select([f[0] for f in history.features]).to_numpy().astype(np.float64)
    return np.where(np.isfinite(x), x, 0.0)
