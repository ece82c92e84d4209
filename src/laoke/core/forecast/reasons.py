"""Reasons behind a forecast: short machine codes with English and zh-Hans sentences."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import polars as pl

if TYPE_CHECKING:
    from laoke.core.forecast.design import Design

#: code -> (English, zh-Hans)
REASON_TEXTS: dict[str, tuple[str, str]] = {
    "book_pattern_high": (
        "Customers with a similar history usually order again.",
        "历史相似的客户通常会再次下单。",
    ),
    "book_pattern_low": (
        "Customers with a similar history rarely order again.",
        "历史相似的客户很少再次下单。",
    ),
    "due_by_rhythm": (
        "Its usual reorder interval says an order is due.",
        "按其惯常的翻单间隔，下一单快到了。",
    ),
    "not_due_yet": (
        "By its usual interval the next order is not due yet.",
        "按其惯常的翻单间隔，下一单还没到时候。",
    ),
    "many_orders": ("It has ordered many times.", "下单次数多。"),
    "few_orders": ("It has ordered only a few times.", "下单次数少。"),
    "recent_order": ("It ordered recently.", "最近刚下过单。"),
    "long_silence": ("It has not ordered for a long time.", "已经很久没有下单。"),
    "within_rhythm": (
        "The time since its last order is within its usual rhythm.",
        "距上次下单的时间仍在其正常节奏内。",
    ),
    "overdue": ("It is overdue against its own ordering rhythm.", "按其自身的下单节奏，已经逾期未下单。"),
    "long_relationship": ("A long-standing customer.", "合作时间长的老客户。"),
    "new_customer": ("A recent customer with a short history.", "新客户，历史较短。"),
    "active_lately": ("It ordered in the last three months.", "近三个月有下单。"),
    "quiet_lately": ("No or few orders in the last three months.", "近三个月没有或很少下单。"),
    "active_this_year": ("It ordered often in the last twelve months.", "近十二个月下单频繁。"),
    "quiet_this_year": ("It ordered little in the last twelve months.", "近十二个月下单很少。"),
    "growing": ("Its order frequency is growing.", "下单频率在上升。"),
    "declining": ("Its order frequency is falling.", "下单频率在下降。"),
    "seasonal_peak": ("This period is its usual buying season.", "这段时间是它惯常的采购季节。"),
    "off_season": ("It seldom buys in this period of the year.", "它在每年这段时间很少采购。"),
    "large_orders": ("It places large orders.", "单笔订单金额大。"),
    "small_orders": ("It places small orders.", "单笔订单金额小。"),
    "regular_rhythm": ("It orders at regular intervals.", "下单间隔很有规律。"),
    "irregular_rhythm": ("Its order intervals are irregular.", "下单间隔不规律。"),
    "broad_range": ("It buys a broad range of products.", "采购的产品种类多。"),
    "narrow_range": ("It buys only a few products.", "采购的产品种类少。"),
    "range_widening": ("It has been buying new products lately.", "最近开始采购新的产品。"),
    "range_narrowing": ("It has bought no new products lately.", "最近没有采购新的产品。"),
    "single_order": (
        "Only one order so far: the forecast follows the whole book.",
        "目前只有一单：预测参照整个客户群。",
    ),
}

#: How many reasons each forecast carries.
TOP_REASONS = 3


def explain(
    contributions: npt.NDArray[np.float64] | None,
    design: Design,
    features: tuple[tuple[str, str, str], ...] | None = None,
) -> npt.NDArray[np.object_]:
    """Pick each customer's largest feature contributions as reason codes.

    Parameters
    ----------
    contributions : numpy.ndarray or None
        Per customer and feature, the share of the logit relative to the book's average
        customer (``None`` when no stacked model was trained: rhythm and book reasons only).
    design : Design
        The customers' design at the forecast cutoff.
    features : tuple of (str, str, str), optional
        The columns of ``contributions`` with their reason codes (default: the design's).

    Returns
    -------
    numpy.ndarray
        ``(customers, TOP_REASONS)`` codes, ``None`` where a slot is empty. Single-order
        customers get ``single_order`` first.
    """
    from laoke.core.forecast.design import FEATURES

    features = FEATURES if features is None else features
    n_rows = design.matrix.shape[0]
    if contributions is None:
        contributions = np.zeros((n_rows, len(features)))
        if n_rows:
            contributions[:, :2] = design.matrix[:, :2] - design.matrix[:, :2].mean(axis=0)
    positive = np.array([f[1] for f in features], dtype=object)
    negative = np.array([f[2] for f in features], dtype=object)
    order = np.argsort(-np.abs(contributions), axis=1, kind="stable")[:, :TOP_REASONS]
    picked = np.take_along_axis(contributions, order, axis=1)
    codes = np.where(picked > 0, positive[order], negative[order])
    codes[np.abs(picked) < 0.05] = None  # too small to be worth saying
    single = design.n <= 1
    # Single-order customers: the book's pattern leads, say so first.
    codes[single] = np.column_stack(
        [np.full(int(single.sum()), "single_order", dtype=object), codes[single][:, : TOP_REASONS - 1]]
    )
    return np.asarray(codes, dtype=object)


def reason_columns(codes: npt.NDArray[np.object_]) -> list[pl.Expr]:
    """``reason_codes``, ``reasons_en`` and ``reasons_zh`` list columns from :func:`explain` codes."""
    slots = [
        pl.Series(f"_r{i}", codes[:, i].tolist() if codes.size else [], dtype=pl.String)
        for i in range(TOP_REASONS)
    ]
    listed = pl.concat_list([pl.lit(s) for s in slots]).list.drop_nulls()
    en = {k: v[0] for k, v in REASON_TEXTS.items()}
    zh = {k: v[1] for k, v in REASON_TEXTS.items()}
    return [
        listed.alias("reason_codes"),
        listed.list.eval(pl.element().replace_strict(en, return_dtype=pl.String)).alias("reasons_en"),
        listed.list.eval(pl.element().replace_strict(zh, return_dtype=pl.String)).alias("reasons_zh"),
    ]
