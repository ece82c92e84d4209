"""Suggested topics for the monthly mail (001): new products, festivals, international events, prices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from laoke.core.cadence.calendar import festivals_between

#: Recurring international events worth a line in the month's mail (month → English, Chinese).
EVENTS: dict[int, tuple[str, str]] = {
    1: ("freight rates before the Chinese New Year rush", "春节前的海运运价"),
    3: ("the spring trade-fair season", "春季展会季"),
    4: ("the Canton Fair (spring session)", "春季广交会"),
    6: ("mid-year raw-material prices", "年中原材料价格"),
    9: ("the peak shipping season before Christmas", "圣诞前的出货旺季"),
    10: ("the Canton Fair (autumn session)", "秋季广交会"),
    11: ("next year's price list", "明年的价格表"),
    12: ("the year's review and next year's plan", "年度回顾与明年计划"),
}
PRICE = ("price and market information", "价格与市场信息")


def touch_topics(country: str, on: dt.date, *, new_products: Sequence[str] = ()) -> list[tuple[str, str]]:
    """Topics for a mail sent on ``on``: new products, a festival within a month, the month's event."""
    topics: list[tuple[str, str]] = []
    if new_products:
        names = ", ".join(new_products[:3])
        topics.append((f"new products: {names}", f"新产品：{names}"))
    if country:
        for fest in festivals_between(country, on, on + dt.timedelta(days=30))[:1]:
            topics.append((f"{fest.name_en} greetings", f"{fest.name_zh}问候"))
    if on.month in EVENTS:
        topics.append(EVENTS[on.month])
    topics.append(PRICE)
    return topics
