"""When each demo customer orders and how much: one schedule per behaviour archetype.

A schedule is a list of ``(order_date, relative_size)``; size 1.0 is the customer's typical order
(its yearly value spread over its rhythm). Every archetype is built so a later feature can
recognise it from the orders alone (seed 004: seasonal buyers, growers that drop, dormant ones).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from laoke.demo.book import ARCHETYPES

#: Share of the book per archetype; the rest of the quota goes to "regular".
SHARES: dict[str, float] = {
    "seasonal_january": 0.09,
    "seasonal_spring": 0.05,
    "growing": 0.10,
    "declining": 0.08,
    "dropping_grower": 0.04,
    "churned": 0.09,
    "dormant": 0.07,
    "trial_grower": 0.06,
    "one_off": 0.06,
    "new": 0.05,
    "silent": 0.04,
    "neglected_small": 0.05,
}

#: (zh, en) note shown on each demo customer, so a visitor knows what to look for.
NOTES: dict[str, tuple[str, str]] = {
    "regular": ("稳定老客户，按固定周期下单。", "Steady customer ordering on a regular rhythm."),
    "seasonal_january": (
        "圣诞订单客户：每年1月下单，6月寄样，9月定款。",
        "Christmas buyer: orders in January.",
    ),
    "seasonal_spring": ("夏季前备货：每年3–5月下单。", "Stocks up before summer: orders March to May."),
    "growing": ("成长型客户，采购量逐年上升。", "Growing customer: volume rises every year."),
    "declining": ("采购量逐年下降，订单间隔变长。", "Declining customer: smaller orders, longer gaps."),
    "dropping_grower": (
        "多年增长的客户，近几个月采购量突然下滑（预警）。",
        "Long-time grower whose volume suddenly dropped.",
    ),
    "churned": ("已流失客户，见流失记录与复盘。", "Lost customer: see the loss record and review."),
    "dormant": (
        "休眠客户：投诉未及时处理，之后停止下单。",
        "Dormant: stopped ordering after a complaint was not handled in time.",
    ),
    "trial_grower": ("试单客户：先小批量试单，之后放量。", "Trial orders first, then real volume."),
    "one_off": ("只下过一次单。", "Ordered once only."),
    "new": ("新客户，近期首单。", "New customer: first order recently."),
    "silent": ("三年以上老客户，已三个多月没有下单。", "Long-standing customer silent for 3+ months."),
    "neglected_small": (
        "小客户，利润率高，但最近很少联系。",
        "Small, high-margin customer we rarely contact lately.",
    ),
}

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Rhythm:
    """The buying pattern drawn for one customer."""

    archetype: str
    first_order: dt.date
    cycle_days: float
    stop_date: dt.date | None  # no orders after this day (lost, dormant, one-off, silent)
    event_date: dt.date | None  # the drop, complaint or loss that marks the archetype


def assign_archetypes(rng: np.random.Generator, n: int) -> list[str]:
    """Return ``n`` archetypes in random order with every archetype present at least once."""
    if n < len(ARCHETYPES):
        raise ValueError(f"the demo needs at least {len(ARCHETYPES)} customers, got {n}")
    quota = {name: max(1, round(share * n)) for name, share in SHARES.items()}
    quota["regular"] = n - sum(quota.values())
    while quota["regular"] < 1:
        largest = max(SHARES, key=lambda k: quota[k])
        quota[largest] -= 1
        quota["regular"] += 1
    names = [name for name in ARCHETYPES for _ in range(quota[name])]
    rng.shuffle(names)
    return names


def _between(rng: np.random.Generator, start: dt.date, end: dt.date) -> dt.date:
    span = max((end - start).days, 0)
    return start + dt.timedelta(days=int(rng.integers(0, span + 1)))


def draw_rhythm(
    rng: np.random.Generator, archetype: str, *, today: dt.date, start: dt.date, departed_on: dt.date | None
) -> Rhythm:
    """Draw first order, rhythm and the marking event of one customer of ``archetype``."""
    years_ago = lambda y: today - dt.timedelta(days=int(365 * y))  # noqa: E731
    old = _between(rng, start, max(start, years_ago(4)))
    cycle = float(rng.uniform(35, 110))
    stop: dt.date | None = None
    event: dt.date | None = None
    first = old
    if archetype in {"regular", "neglected_small"}:
        first = _between(rng, start, max(start, years_ago(2.5)))
        cycle = float(rng.uniform(60, 120)) if archetype == "neglected_small" else cycle
    elif archetype in {"seasonal_january", "seasonal_spring"}:
        first = _between(rng, start, max(start, years_ago(3)))
        cycle = 365.0
    elif archetype == "dropping_grower":
        cycle = float(rng.uniform(28, 50))
        event = today - dt.timedelta(days=int(rng.integers(150, 178)))
    elif archetype == "silent":
        first = _between(rng, start, max(start, years_ago(4)))
        cycle = float(rng.uniform(30, 55))
        stop = today - dt.timedelta(days=int(rng.integers(100, 160)))
    elif archetype == "churned":
        if departed_on is not None:
            stop = departed_on + dt.timedelta(days=int(rng.integers(-30, 10)))
        else:
            stop = _between(rng, max(first + dt.timedelta(days=500), years_ago(3.5)), years_ago(0.8))
        event = stop
    elif archetype == "dormant":
        cycle = float(rng.uniform(40, 110))
        event = _between(rng, max(first + dt.timedelta(days=500), years_ago(2.5)), years_ago(1.15))
        stop = event  # the complaint about the last order; nothing ordered since
    elif archetype == "trial_grower":
        first = _between(rng, years_ago(3), years_ago(1.6))
        cycle = float(rng.uniform(45, 75))
    elif archetype == "one_off":
        first = _between(rng, start + dt.timedelta(days=180), years_ago(1.2))
        stop = first
    elif archetype == "new":
        first = today - dt.timedelta(days=int(rng.integers(10, 120)))
        cycle = float(rng.uniform(45, 90))
    return Rhythm(archetype, first, cycle, stop, event)


def schedule(rng: np.random.Generator, rhythm: Rhythm, *, today: dt.date) -> list[tuple[dt.date, float]]:
    """Return the customer's orders as ``(date, relative size)``, all on or before ``today``."""
    kind = rhythm.archetype
    if kind in {"seasonal_january", "seasonal_spring"}:
        return _seasonal(rng, rhythm, today=today)
    if kind == "one_off":
        return [(rhythm.first_order, float(rng.uniform(0.5, 1.5)))]
    end = min(rhythm.stop_date or today, today)
    growth = {
        "growing": float(rng.uniform(0.15, 0.35)),
        "dropping_grower": float(rng.uniform(0.3, 0.45)),
    }.get(kind, 0.0)
    if kind == "declining":
        growth = -float(rng.uniform(0.15, 0.3))
    out: list[tuple[dt.date, float]] = []
    day = rhythm.first_order
    n = 0
    while day <= end:
        years_in = (day - rhythm.first_order).days / 365.0
        size = math.exp(growth * years_in) * float(rng.lognormal(0.0, 0.22))
        gap = rhythm.cycle_days
        if kind == "declining":
            gap *= 1 + 0.12 * years_in
        elif kind == "dropping_grower" and rhythm.event_date and day >= rhythm.event_date:
            size *= 0.2
            gap *= 2.2
        elif kind == "trial_grower":
            size *= 0.1 if n < 3 else min(1.0, 0.25 + 0.25 * (n - 2))
            gap = rhythm.cycle_days * (1.6 if n < 3 else 1.0)
        out.append((day, size))
        n += 1
        day += dt.timedelta(days=max(7, round(gap * float(rng.normal(1.0, 0.12)))))
    return out


def _seasonal(rng: np.random.Generator, rhythm: Rhythm, *, today: dt.date) -> list[tuple[dt.date, float]]:
    out: list[tuple[dt.date, float]] = []
    growth = float(rng.uniform(-0.05, 0.12))
    for year in range(rhythm.first_order.year, today.year + 1):
        years_in = year - rhythm.first_order.year
        level = math.exp(growth * years_in)
        if rhythm.archetype == "seasonal_january":
            main = dt.date(year, 1, int(rng.integers(4, 31)))
            extra = dt.date(year, int(rng.integers(2, 4)), int(rng.integers(1, 28)))
            extra_p = 0.25
        else:
            main = dt.date(year, int(rng.integers(3, 5)), int(rng.integers(1, 29)))
            extra = dt.date(year, 5, int(rng.integers(1, 29)))
            extra_p = 0.5
        if rhythm.first_order <= main <= today:
            out.append((main, level * float(rng.lognormal(0.0, 0.15))))
        if rng.random() < extra_p and rhythm.first_order <= extra <= today:
            out.append((extra, 0.2 * level * float(rng.lognormal(0.0, 0.2))))
    return sorted(out)
