"""Retail data conventions shared by import, analysis and backtests.

Online-retail exports (such as UCI Online Retail) mix sales with cancellations and
adjustments. The reference baselines (``shared/data/README.md``) drop cancelled invoices
(numbers starting with ``C``), lines without a customer, and lines whose quantity or unit price is
not positive. The same conventions apply by default when Laoke analyses or backtests a file.
"""

from __future__ import annotations

import polars as pl


def clean_retail_lines(lines: pl.DataFrame) -> pl.DataFrame:
    """Drop cancellations, anonymous lines and non-positive quantities or prices.

    Parameters
    ----------
    lines : pl.DataFrame
        Canonical order lines (``laoke.core.schema.ORDER_LINE_SCHEMA``). The optional columns
        ``order_id``, ``quantity`` and ``unit_price`` are used when present.

    Returns
    -------
    pl.DataFrame
        The kept lines, in their original order and schema.
    """
    keep = pl.col("customer_id").is_not_null() & (pl.col("customer_id").cast(pl.String) != "")
    if "order_id" in lines.columns:
        keep &= ~pl.col("order_id").cast(pl.String).str.starts_with("C").fill_null(False)
    if "quantity" in lines.columns:
        keep &= pl.col("quantity").is_null() | (pl.col("quantity") > 0)
    if "unit_price" in lines.columns:
        keep &= pl.col("unit_price").is_null() | (pl.col("unit_price") > 0)
    return lines.filter(keep)
