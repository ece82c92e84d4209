"""Derive each customer's portrait from the stored facts, overlaid with what the owner edited.

Derived (as of a date, nothing later is used): yearly purchases (volume, last 365 days), product
line (the category with the most sales in the last two years), responsiveness to new products
(share of the last two years' sales in products launched within a year before the order), payment
punctuality (mean days late of payments due so far; still-unpaid ones count until ``as_of``) and
loyalty (the scorecard's loyalty score / 100). Taken from the customer record: kind (→ distributor
or end user, brand owner or user), headcount, turnover, payment terms, delivery sensitivity.
Edited on the portrait: any of channel, brand, product line, attributes they care about, and a
1–5 rating of new-product responsiveness (mapped to 0–1), which win over the derived values.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from laoke.core.portrait.dimensions import (
    BRAND_KINDS,
    END_USER_KINDS,
    PORTRAIT_SCHEMA,
    RESELLER_KINDS,
    brand_from_kind,
    channel_from_kind,
)

YEAR = dt.timedelta(days=365)


def inquiry_portraits(inquiries: pl.DataFrame) -> pl.DataFrame:
    """Portrait frame of inquiries; an explicit channel or brand wins over the one read from ``kind``."""
    frame = inquiries
    for name in ("kind", "channel", "brand"):
        if name not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(name))
    frame = frame.with_columns(pl.col("kind", "channel", "brand").cast(pl.String).replace("", None))
    return frame.with_columns(
        channel=pl.coalesce(pl.col("channel"), channel_from_kind(pl.col("kind"))),
        brand=pl.coalesce(pl.col("brand"), brand_from_kind(pl.col("kind"))),
    )


def derive_portraits(
    customers: pl.DataFrame,
    orders: pl.DataFrame,
    *,
    as_of: dt.date,
    payments: pl.DataFrame | None = None,
    products: pl.DataFrame | None = None,
    edits: pl.DataFrame | None = None,
    scores: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One portrait row per customer as of ``as_of`` (see the module docstring).

    Parameters
    ----------
    customers
        ``customer_id`` with optional ``kind``, ``headcount``, ``turnover``, ``payment_terms``,
        ``delivery_sensitivity``.
    orders
        Order lines (``customer_id``, ``order_date``, ``amount``, optional ``product``, ``category``).
    payments
        ``customer_id``, ``due_date``, ``paid_date``.
    products
        ``product`` (the SKU of the order lines) and ``launched_on``.
    edits
        ``customer_id`` with optional ``channel``, ``brand``, ``product_line``, ``attributes``
        (list of text) and ``new_products_rating`` (1–5).
    scores
        ``customer_id``, ``grade`` and optional ``loyalty_score`` (0–100).

    Returns
    -------
    polars.DataFrame
        :data:`~laoke.core.portrait.dimensions.PORTRAIT_SCHEMA` (``id`` = customer id) plus ``grade``.
    """
    base = _with_columns(
        customers,
        {
            "kind": pl.String,
            "headcount": pl.Float64,
            "turnover": pl.Float64,
            "payment_terms": pl.String,
            "delivery_sensitivity": pl.Float64,
        },
    ).select(
        pl.col("customer_id").cast(pl.String),
        channel_from_kind(pl.col("kind")).alias("channel_kind"),
        brand_from_kind(pl.col("kind")).alias("brand_kind"),
        "headcount",
        "turnover",
        pl.col("payment_terms").replace("", None),
        "delivery_sensitivity",
    )
    lines = _with_columns(orders, {"product": pl.String, "category": pl.String}).filter(
        pl.col("order_date") <= as_of
    )
    volume = (
        lines.filter(pl.col("order_date") > as_of - YEAR)
        .group_by("customer_id")
        .agg(volume=pl.col("amount").sum().cast(pl.Float64))
    )
    recent = lines.filter(pl.col("order_date") > as_of - 2 * YEAR)
    line_of = (
        recent.filter(pl.col("category").is_not_null())
        .group_by("customer_id", "category")
        .agg(pl.col("amount").sum())
        .sort(["customer_id", "amount", "category"], descending=[False, True, False])
        .group_by("customer_id", maintain_order=True)
        .agg(product_line_derived=pl.col("category").first())
    )
    result = base.join(volume, on="customer_id", how="left").join(line_of, on="customer_id", how="left")
    if products is not None and products.height:
        launched = products.select(pl.col("product").cast(pl.String), pl.col("launched_on").cast(pl.Date))
        uptake = (
            recent.join(launched, on="product", how="left")
            .with_columns(
                new=(pl.col("launched_on").is_not_null())
                & (pl.col("launched_on") <= pl.col("order_date"))
                & (pl.col("launched_on") > pl.col("order_date") - YEAR)
            )
            .group_by("customer_id")
            .agg(
                new_products_derived=pl.when(pl.col("amount").sum() > 0)
                .then(pl.col("amount").filter(pl.col("new")).sum() / pl.col("amount").sum())
                .otherwise(None)
            )
        )
        result = result.join(uptake, on="customer_id", how="left")
    else:
        result = result.with_columns(new_products_derived=pl.lit(None, dtype=pl.Float64))
    if payments is not None and payments.height:
        late = (
            payments.filter(pl.col("due_date") <= as_of)
            .with_columns(
                settled=pl.when(pl.col("paid_date").is_not_null() & (pl.col("paid_date") <= as_of))
                .then(pl.col("paid_date"))
                .otherwise(pl.lit(as_of))
            )
            .group_by(pl.col("customer_id").cast(pl.String))
            .agg(
                punctuality=(pl.col("settled") - pl.col("due_date"))
                .dt.total_days()
                .clip(lower_bound=0)
                .mean()
                .cast(pl.Float64)
            )
        )
        result = result.join(late, on="customer_id", how="left")
    else:
        result = result.with_columns(punctuality=pl.lit(None, dtype=pl.Float64))
    edit_frame = _with_columns(
        edits if edits is not None else pl.DataFrame({"customer_id": []}, schema={"customer_id": pl.String}),
        {
            "channel": pl.String,
            "brand": pl.String,
            "product_line": pl.String,
            "attributes": pl.List(pl.String),
            "new_products_rating": pl.Float64,
        },
    ).select(
        pl.col("customer_id").cast(pl.String),
        pl.col("channel", "brand", "product_line").replace("", None),
        "attributes",
        "new_products_rating",
    )
    result = result.join(edit_frame, on="customer_id", how="left")
    score_frame = _with_columns(
        scores
        if scores is not None
        else pl.DataFrame({"customer_id": []}, schema={"customer_id": pl.String}),
        {"grade": pl.String, "loyalty_score": pl.Float64},
    ).select(pl.col("customer_id").cast(pl.String), pl.col("grade").replace("", None), "loyalty_score")
    result = result.join(score_frame, on="customer_id", how="left")
    return result.select(
        pl.col("customer_id").alias("id"),
        pl.coalesce("channel", "channel_kind").alias("channel"),
        pl.coalesce("brand", "brand_kind").alias("brand"),
        pl.col("headcount").cast(pl.Float64),
        pl.col("turnover").cast(pl.Float64),
        pl.col("volume").fill_null(0.0),
        "payment_terms",
        pl.col("delivery_sensitivity").cast(pl.Float64),
        pl.coalesce("product_line", "product_line_derived").alias("product_line"),
        pl.when(pl.col("attributes").list.len() > 0).then(pl.col("attributes")).alias("attributes"),
        pl.coalesce((pl.col("new_products_rating") - 1) / 4, pl.col("new_products_derived")).alias(
            "new_products"
        ),
        pl.col("punctuality").cast(pl.Float64),
        (pl.col("loyalty_score") / 100).alias("loyalty"),
        "grade",
    ).cast({k: v for k, v in PORTRAIT_SCHEMA.items()})


def _with_columns(frame: pl.DataFrame, wanted: dict[str, pl.DataType | type[pl.DataType]]) -> pl.DataFrame:
    missing = [
        pl.lit(None, dtype=dtype).alias(name) for name, dtype in wanted.items() if name not in frame.columns
    ]
    out = frame.with_columns(missing) if missing else frame
    return out.with_columns([pl.col(name).cast(dtype, strict=False) for name, dtype in wanted.items()])


def derive_portrait(
    *,
    customer_id: str,
    as_of: dt.date,
    customer: dict[str, object],
    lines: list[tuple[dt.date, float, str | None, dt.date | None]],
    products_known: bool,
    payments: list[tuple[dt.date, dt.date | None]],
    edit: dict[str, object] | None = None,
    grade: str | None = None,
    loyalty_score: float | None = None,
) -> dict[str, object]:
    """One customer's portrait as :func:`derive_portraits` derives it, in plain Python.

    For one customer on a page: a few dozen rows, where building frames costs more than the rules.

    Parameters
    ----------
    customer
        Optional ``kind``, ``headcount``, ``turnover``, ``payment_terms``, ``delivery_sensitivity``.
    lines
        The customer's order lines as ``(order_date, amount, category, launched_on)``, ``launched_on``
        being the line's product's launch date (None: no product or no launch date).
    products_known
        Whether any product exists in the book: without one, new-product uptake is unknown
        rather than 0 (as in :func:`derive_portraits`, which is given no product frame then).
    payments
        ``(due_date, paid_date)`` of the customer's payments.
    edit
        Optional ``channel``, ``brand``, ``product_line``, ``attributes`` (list of text),
        ``new_products_rating`` (1–5).
    grade, loyalty_score
        From the stored scorecard (loyalty 0–100).

    Returns
    -------
    dict
        ``id``, one value per dimension (None = unknown) and ``grade``.
    """
    kind = customer.get("kind")
    channel_kind = "distributor" if kind in RESELLER_KINDS else "end_user" if kind in END_USER_KINDS else None
    brand_kind = kind if kind in BRAND_KINDS else None
    last_year = as_of - YEAR
    two_years = as_of - 2 * YEAR
    volume = 0.0
    by_category: dict[str, float] = {}
    total = new = 0.0
    recent_lines = 0
    for order_date, amount, category, launched_on in lines:
        if order_date > as_of:
            continue
        if order_date > last_year:
            volume += amount
        if order_date <= two_years:
            continue
        recent_lines += 1
        if category is not None:
            by_category[category] = by_category.get(category, 0.0) + amount
        total += amount
        if launched_on is not None and order_date - YEAR < launched_on <= order_date:
            new += amount
    # Most sold first; a tie goes to the category first in alphabetical order.
    derived_line = min(by_category, key=lambda c: (-by_category[c], c)) if by_category else None
    new_derived = new / total if products_known and recent_lines and total > 0 else None
    late = [
        max(((paid if paid is not None and paid <= as_of else as_of) - due).days, 0)
        for due, paid in payments
        if due <= as_of
    ]
    edit = edit or {}
    rating = _number(edit.get("new_products_rating"))
    attributes = edit.get("attributes")
    return {
        "id": customer_id,
        "channel": _text(edit.get("channel")) or channel_kind,
        "brand": _text(edit.get("brand")) or brand_kind,
        "headcount": _number(customer.get("headcount")),
        "turnover": _number(customer.get("turnover")),
        "volume": volume,
        "payment_terms": _text(customer.get("payment_terms")),
        "delivery_sensitivity": _number(customer.get("delivery_sensitivity")),
        "product_line": _text(edit.get("product_line")) or derived_line,
        "attributes": [str(a) for a in attributes] if isinstance(attributes, list) and attributes else None,
        "new_products": (rating - 1) / 4 if rating is not None else new_derived,
        "punctuality": sum(late) / len(late) if late else None,
        "loyalty": loyalty_score / 100 if loyalty_score is not None else None,
        "grade": _text(grade),
    }


def _text(value: object) -> str | None:
    """Empty text is "not stated"."""
    return str(value) if value is not None and value != "" else None


def _number(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]
