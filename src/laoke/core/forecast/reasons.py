"""Reasons behind a forecast: short machine codes, and the messages (code + figures) they become."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import polars as pl

from laoke.core.messages import message

if TYPE_CHECKING:
    from laoke.core.forecast.design import Design

#: Every reason code. A reason is stored as the message ``forecast.<code>`` (with ``orders`` and
#: the book's ``median`` for ``many_orders`` / ``few_orders``); ``laoke.retention.messages``
#: words it for the reader.
REASON_CODES: frozenset[str] = frozenset(
    {
        "book_pattern_high",
        "book_pattern_low",
        "due_by_rhythm",
        "not_due_yet",
        "many_orders",
        "few_orders",
        "recent_order",
        "long_silence",
        "within_rhythm",
        "overdue",
        "long_relationship",
        "new_customer",
        "active_lately",
        "quiet_lately",
        "active_this_year",
        "quiet_this_year",
        "growing",
        "declining",
        "seasonal_peak",
        "off_season",
        "large_orders",
        "small_orders",
        "regular_rhythm",
        "irregular_rhythm",
        "broad_range",
        "narrow_range",
        "range_widening",
        "range_narrowing",
        "single_order",
    }
)

#: Reason codes whose message carries the customer's order count and the book's median.
COUNTED_CODES = frozenset({"many_orders", "few_orders"})

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
    """``reason_codes`` (list of codes) and ``reasons`` (list of messages) from :func:`explain` codes.

    A message is ``forecast.<code>``; the counted ones carry ``orders`` (the customer's) and
    ``median`` (the book's), taken from ``design``.
    """
    n_rows = codes.shape[0] if codes.size else 0
    if design is not None and n_rows:
        counts = np.round(design.n).astype(np.int64)
        median = int(np.round(book_medians(design.n)))
    else:
        counts, median = np.zeros(n_rows, dtype=np.int64), 0
    orders = pl.lit(pl.Series("_n", counts.tolist(), dtype=pl.Int64))
    slots = [
        pl.lit(pl.Series(f"_r{i}", codes[:, i].tolist() if codes.size else [], dtype=pl.String))
        for i in range(TOP_REASONS)
    ]
    reasons = [
        pl.when(slot.is_in(list(COUNTED_CODES)))
        .then(message("forecast.counted", orders=orders, median=median))
        .otherwise(message("forecast.plain"))
        .struct.with_fields(pl.concat_str(pl.lit("forecast."), slot).alias("code"))
        for slot in slots
    ]
    return [
        pl.concat_list(slots).list.drop_nulls().alias("reason_codes"),
        pl.concat_list([pl.when(slot.is_not_null()).then(r) for slot, r in zip(slots, reasons, strict=True)])
        .list.drop_nulls()
        .alias("reasons"),
    ]
