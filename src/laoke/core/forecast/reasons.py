"""Reasons behind a forecast: short machine codes with English and zh-Hans sentences."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

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
    "single_order": (
        "Only one order so far: the forecast follows the whole book.",
        "目前只有一单：预测参照整个客户群。",
    ),
}

#: How many reasons each forecast carries.
TOP_REASONS = 3


def explain(
    contributions: npt.NDArray[np.float64] | None, design: Design
) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
    """Turn each customer's largest feature contributions into reason codes and sentences.

    Parameters
    ----------
    contributions : numpy.ndarray or None
        Per customer and feature, the share of the logit relative to the book's average
        customer (``None`` when no stacked model was trained: rhythm and book reasons only).
    design : Design
        The customers' design at the forecast cutoff.

    Returns
    -------
    (codes, English sentences, zh-Hans sentences), each one list per customer.
    """
    from laoke.core.forecast.design import FEATURES

    n_rows = design.matrix.shape[0]
    if contributions is None:
        contributions = np.zeros((n_rows, len(FEATURES)))
        contributions[:, 0] = design.matrix[:, 0] - np.mean(design.matrix[:, 0]) if n_rows else 0.0
        contributions[:, 1] = design.matrix[:, 1] - np.mean(design.matrix[:, 1]) if n_rows else 0.0
    order = np.argsort(-np.abs(contributions), axis=1)[:, :TOP_REASONS]
    codes: list[list[str]] = []
    for row in range(n_rows):
        row_codes = ["single_order"] if design.n[row] <= 1 else []
        for j in order[row]:
            value = contributions[row, j]
            if abs(value) < 0.05:
                continue
            code = FEATURES[j][1] if value > 0 else FEATURES[j][2]
            if code not in row_codes:
                row_codes.append(code)
        codes.append(row_codes[:TOP_REASONS])
    return (
        codes,
        [[REASON_TEXTS[c][0] for c in row] for row in codes],
        [[REASON_TEXTS[c][1] for c in row] for row in codes],
    )
