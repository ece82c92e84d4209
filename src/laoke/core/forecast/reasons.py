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
    "many_orders": (
        "Orders so far: {n}, more than the typical customer's {median}.",
        "累计下单{n}次，多于一般客户的{median}次。",
    ),
    "few_orders": (
        "Orders so far: only {n}, fewer than the typical customer's {median}.",
        "累计只下过{n}次单，少于一般客户的{median}次。",
    ),
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

#: Reason codes that state a fact about one design column: the code, the column, and whether it
#: says the customer's value is above (``True``) or below (``False``) the book's median. A reason
#: is only given when the customer's own figure agrees with it.
FACT_CODES: dict[str, tuple[int, bool]] = {
    "many_orders": (2, True),
    "few_orders": (2, False),
    "long_silence": (3, True),
    "recent_order": (3, False),
    "overdue": (4, True),
    "within_rhythm": (4, False),
    "long_relationship": (5, True),
    "new_customer": (5, False),
    "active_lately": (6, True),
    "quiet_lately": (6, False),
    "active_this_year": (7, True),
    "quiet_this_year": (7, False),
    "growing": (8, True),
    "declining": (8, False),
    "seasonal_peak": (9, True),
    "off_season": (9, False),
    "large_orders": (10, True),
    "small_orders": (10, False),
    "regular_rhythm": (11, True),
    "irregular_rhythm": (11, False),
}


def book_medians(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The book's median of each column, taken as a value of the data (the lower middle one)."""
    return np.asarray(np.quantile(values, 0.5, axis=0, method="lower"))


def fact_agrees(codes: npt.NDArray[np.object_], matrix: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """Whether each code's fact holds for its customer (codes without a fact always hold).

    ``codes`` is ``(customers, k)``; ``matrix`` is the design matrix, whose column medians over
    the book are the thresholds ("more than the typical customer" = above the median).
    """
    agrees = np.ones(codes.shape, dtype=bool)
    if not codes.size:
        return agrees
    medians = book_medians(matrix)
    for code, (column, above) in FACT_CODES.items():
        hit = codes == code
        if not hit.any() or column >= matrix.shape[1]:
            continue
        value = np.broadcast_to(matrix[:, column : column + 1], codes.shape)
        holds = value > medians[column] if above else value < medians[column]
        agrees &= ~hit | holds
    return agrees


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
    order = np.argsort(-np.abs(contributions), axis=1, kind="stable")
    picked = np.take_along_axis(contributions, order, axis=1)
    codes = np.where(picked > 0, positive[order], negative[order])
    codes[np.abs(picked) < 0.05] = None  # too small to be worth saying
    # A reason that contradicts the customer's own figures is dropped (a model may lower the
    # chance of a customer with many orders for what it did lately: that is not "few orders").
    codes[~fact_agrees(codes, design.matrix)] = None
    codes = _first_codes(codes, TOP_REASONS)
    single = design.n <= 1
    # Single-order customers: the book's pattern leads, say so first.
    codes[single] = np.column_stack(
        [np.full(int(single.sum()), "single_order", dtype=object), codes[single][:, : TOP_REASONS - 1]]
    )
    return np.asarray(codes, dtype=object)


def _first_codes(codes: npt.NDArray[np.object_], k: int) -> npt.NDArray[np.object_]:
    """The first ``k`` non-empty codes of each row, in order, padded with ``None``."""
    out = np.full((codes.shape[0], k), None, dtype=object)
    for i, row in enumerate(codes):
        kept = [c for c in row if c is not None][:k]
        out[i, : len(kept)] = kept
    return out


def reason_columns(codes: npt.NDArray[np.object_], design: Design | None = None) -> list[pl.Expr]:
    """``reason_codes``, ``reasons_en`` and ``reasons_zh`` list columns from :func:`explain` codes.

    Sentences with figures (``{n}`` orders, the book's ``{median}``) are filled from ``design``.
    """
    n_rows = codes.shape[0] if codes.size else 0
    if design is not None and n_rows:
        counts = np.round(design.n).astype(np.int64)
        median = int(np.round(book_medians(design.n)))
    else:
        counts, median = np.zeros(n_rows, dtype=np.int64), 0
    n_text = pl.lit(pl.Series("_n", counts.astype(str).tolist(), dtype=pl.String))
    slots = [
        pl.lit(pl.Series(f"_r{i}", codes[:, i].tolist() if codes.size else [], dtype=pl.String))
        for i in range(TOP_REASONS)
    ]

    def texts(language: int) -> pl.Expr:
        mapping = {k: v[language] for k, v in REASON_TEXTS.items()}
        filled = [
            slot.replace_strict(mapping, default=None, return_dtype=pl.String)
            .str.replace_all("{n}", n_text, literal=True)
            .str.replace_all("{median}", str(median), literal=True)
            for slot in slots
        ]
        return pl.concat_list(filled).list.drop_nulls()

    return [
        pl.concat_list(slots).list.drop_nulls().alias("reason_codes"),
        texts(0).alias("reasons_en"),
        texts(1).alias("reasons_zh"),
    ]
