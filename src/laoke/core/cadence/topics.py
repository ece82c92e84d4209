"""Suggested topics for the monthly mail (001): new products, festivals, international events, prices.

Each topic is a message code (``cadence.topic.*``) the cadence app words (``laoke.cadence.messages``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from laoke.core.cadence.calendar import festivals_between
from laoke.core.messages import Message

#: Recurring international events worth a line in the month's mail (month → event code).
EVENTS: dict[int, str] = {
    1: "freight_before_new_year",
    3: "spring_fairs",
    4: "canton_fair_spring",
    6: "mid_year_materials",
    9: "peak_shipping",
    10: "canton_fair_autumn",
    11: "next_year_prices",
    12: "year_review",
}
#: How many new products a topic names.
NEW_PRODUCTS_NAMED = 3


def touch_topics(country: str, on: dt.date, *, new_products: Sequence[str] = ()) -> list[Message]:
    """Topics for a mail sent on ``on``: new products, a festival within a month, the month's event, prices.

    ``cadence.topic.new_products`` (``names``: the products, comma-separated),
    ``cadence.topic.festival`` (``festival``: the greeting code), ``cadence.topic.event.<event>``,
    ``cadence.topic.price``.
    """
    topics: list[Message] = []
    if new_products:
        topics.append(
            Message("cadence.topic.new_products", {"names": ", ".join(new_products[:NEW_PRODUCTS_NAMED])})
        )
    if country:
        for fest in festivals_between(country, on, on + dt.timedelta(days=30))[:1]:
            topics.append(Message("cadence.topic.festival", {"festival": fest.greeting}))
    if on.month in EVENTS:
        topics.append(Message(".".join(("cadence", "topic", "event", EVENTS[on.month]))))
    topics.append(Message("cadence.topic.price"))
    return topics
