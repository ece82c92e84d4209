"""A forecast chance as a reader takes it: a fraction in words with its window, as a message code.

"15 %" invites more precision than a forecast has; "about 1 in 7 chance of an order in the
next 90 days" says the same and reads as what it is. Chances from a quarter up read as tenths
(``forecast.chance.tenths``, "about 3 in 10"), smaller ones as one in N
(``forecast.chance.one_in``, "about 1 in 7"); below 1 % it is ``forecast.chance.below``
("less than 1 in 100"), above 95 % ``forecast.chance.above`` ("more than 9 in 10"). Every code
carries the window in ``days``; the adapters word it (``laoke.retention.alert_messages``).

The next-order date is the median *given* an order in the horizon ("if they order within a
year…"). Where the chance of that order is below ``DATE_HEADLINE_FROM``, the date would be wrong
nine times in ten if read as a promise, so the forecast is headed ``forecast.unlikely`` ("Unlikely
to order in the next 365 days") and the date's window becomes the secondary, conditional text
(:func:`unlikely_message`).
"""

from __future__ import annotations

import math

from laoke.core.messages import Message

#: Below this chance the message is "less than 1 in 100".
FLOOR = 0.01
#: Above this chance the message is "more than 9 in 10".
CEILING = 0.95
#: From this chance up the message counts tenths, below it "1 in N".
TENTHS_FROM = 0.25

#: From this chance of an order within the horizon up, the next-order date heads the forecast.
DATE_HEADLINE_FROM = 0.1

CHANCE_CODES = (
    "forecast.chance.below",
    "forecast.chance.one_in",
    "forecast.chance.tenths",
    "forecast.chance.above",
    "forecast.unlikely",
)


def _half_up(x: float) -> int:
    return math.floor(x + 0.5)


def chance_fraction(p: float) -> tuple[int, int]:
    """The fraction the chance ``p`` is told as: ``(1, 7)`` for 0.15, ``(3, 10)`` for 0.3.

    Out of the wording's range (below 1 %, above 95 %) it is the bound: ``(1, 100)`` or ``(9, 10)``.
    """
    if not math.isfinite(p) or p < FLOOR:
        return 1, 100
    if p > CEILING:
        return 9, 10
    if p >= TENTHS_FROM:
        return _half_up(10 * p), 10
    return 1, _half_up(1 / p)


def chance_message(p: float, days: int) -> Message:
    """The chance ``p`` of an order within the next ``days`` days as a message.

    ``forecast.chance.one_in`` with ``{"n": 7, "days": 90}`` for 0.15 (about 1 in 7),
    ``forecast.chance.tenths`` with ``{"tenths": 3, "days": 90}`` for 0.3 (about 3 in 10),
    ``forecast.chance.below`` / ``forecast.chance.above`` with ``{"days": 90}`` at the ends.
    """
    days = int(days)
    if not math.isfinite(p) or p < FLOOR:
        return Message("forecast.chance.below", {"days": days})
    if p > CEILING:
        return Message("forecast.chance.above", {"days": days})
    numerator, denominator = chance_fraction(p)
    if p >= TENTHS_FROM:
        return Message("forecast.chance.tenths", {"tenths": numerator, "days": days})
    return Message("forecast.chance.one_in", {"n": denominator, "days": days})


def unlikely_message(p: float, days: int) -> Message | None:
    """``forecast.unlikely`` (``{"days": days}``) when the chance ``p`` of an order within the
    horizon of ``days`` days is below ``DATE_HEADLINE_FROM``, else None (the date heads it)."""
    if math.isfinite(p) and p >= DATE_HEADLINE_FROM:
        return None
    return Message("forecast.unlikely", {"days": int(days)})
