"""Today's ranking: one list ordered by value × urgency, bounded by a daily budget.

Pure: tasks come in as :class:`Item` (facts only), ``as_of`` is passed in, nothing is read or
written. The web page, the API and the CLI all rank with :func:`rank`, so they agree.

* **Urgent items** come first, whatever their value: an open complaint, a broken promise, a
  payment overdue, a top customer (grades A/B) newly at risk, a customer whose owner left — in
  that order, then by deadline (earliest first), then by value.
* **Every other item** is ordered by ``value × urgency``:

  - value = grade weight (A 3, B 2, C 1.4, D or ungraded 1) × sales factor
    (``1 + log10(1 + sales of the last 12 months / 1000) / 2``: 1 with no sales, 2 at 100,000);
  - urgency = kind weight (:data:`KIND_WEIGHTS`, 1 when not listed) × lateness
    (due today 1, each day late adds 1/7 up to 3 at two weeks; due in *d* days ``1 / (1 + d/2)``).

* The first ``budget`` items of that order are **today**; the rest are **later**; items that are
  not urgent and more than :data:`CATCH_UP_DAYS` days late are set apart in **catch-up** (to snooze,
  reschedule or dismiss in bulk) and never crowd out today's work.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

#: The urgent kinds, in the order they come first.
URGENT_KINDS: tuple[str, ...] = (
    "complaint",
    "broken_promise",
    "payment_overdue",
    "newly_at_risk",
    "owner_left",
)
#: Items shown on Today unless the person chose another number.
DEFAULT_BUDGET = 25
#: A non-urgent item more than this many days late goes to catch-up.
CATCH_UP_DAYS = 14
#: Weight of the grade by its place in the policy's grades (best first); later grades weigh 1.
GRADE_WEIGHTS: tuple[float, ...] = (3.0, 2.0, 1.4)
#: How much a kind of task weighs against the others (kinds not listed weigh 1).
KIND_WEIGHTS: dict[str, float] = {
    "alert": 1.5,
    "ladder_call": 1.3,
    "ladder_ask": 1.2,
    "ladder_intro": 1.1,
    "order_completion": 1.3,
    "order_photos": 1.2,
    "order_shipping": 1.3,
    "order_loading": 1.2,
    "birthday": 1.2,
    "festival": 1.2,
    "pre_season": 1.1,
    "season_samples": 1.1,
    "season_designs": 1.1,
    "monthly_touch": 1.0,
    "reactivation": 0.9,
    "visit": 0.8,
}
#: Lateness stops growing after this many days late (the item is in catch-up by then).
MAX_LATE_DAYS = 14
GROUPS = ("today", "later", "catch_up")


@dataclass(frozen=True)
class Item:
    """One task as the ranking sees it.

    ``due`` is when it is due (the snooze date for a snoozed task); ``grade_rank`` the place of the
    customer's grade in the policy's grades (0 = best, ``None`` when not graded); ``sales_12m`` the
    customer's sales of the last 12 months; ``urgent`` one of :data:`URGENT_KINDS` or empty.
    """

    id: int
    kind: str
    due: dt.date
    grade_rank: int | None = None
    sales_12m: float = 0.0
    urgent: str = ""


@dataclass(frozen=True)
class Ranked:
    """An item with its place: group, score and how many days late it is (negative: days ahead)."""

    item: Item
    group: str
    score: float
    days_late: int

    @property
    def urgent(self) -> bool:
        return bool(self.item.urgent)


@dataclass
class Ranking:
    """The ranked list split into today (at most the budget), later and catch-up."""

    budget: int
    today: list[Ranked] = field(default_factory=list)
    later: list[Ranked] = field(default_factory=list)
    catch_up: list[Ranked] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.today) + len(self.later) + len(self.catch_up)

    @property
    def urgent(self) -> int:
        """Urgent items in the whole list (today and later)."""
        return sum(1 for r in (*self.today, *self.later) if r.urgent)

    def all(self) -> list[Ranked]:
        """Every item in order: today, later, catch-up."""
        return [*self.today, *self.later, *self.catch_up]


def value(item: Item) -> float:
    """What the customer is worth to the company: grade weight × sales factor (≥ 1)."""
    grade = 1.0
    if item.grade_rank is not None and 0 <= item.grade_rank < len(GRADE_WEIGHTS):
        grade = GRADE_WEIGHTS[item.grade_rank]
    sales = max(item.sales_12m, 0.0)
    return grade * (1.0 + math.log10(1.0 + sales / 1000.0) / 2.0)


def days_late(item: Item, as_of: dt.date) -> int:
    """Days past due (0 when due today, negative when due later)."""
    return (as_of - item.due).days


def lateness(late: int) -> float:
    """1 when due today, up to 3 at two weeks late; below 1 for items due later."""
    if late >= 0:
        return 1.0 + min(late, MAX_LATE_DAYS) / 7.0
    return 1.0 / (1.0 + (-late) / 2.0)


def urgency(item: Item, as_of: dt.date) -> float:
    """Kind weight × lateness."""
    return KIND_WEIGHTS.get(item.kind, 1.0) * lateness(days_late(item, as_of))


def score(item: Item, as_of: dt.date) -> float:
    """value × urgency: the order of the items that are not urgent (highest first)."""
    return value(item) * urgency(item, as_of)


def rank(items: Iterable[Item], *, as_of: dt.date, budget: int = DEFAULT_BUDGET) -> Ranking:
    """Order ``items`` (urgent first, then by value × urgency) and split them by the daily budget.

    An urgent kind not in :data:`URGENT_KINDS` raises ``ValueError``; a budget below 1 counts as 1.
    """
    budget = max(int(budget), 1)
    # (item, score, days late) until the groups are known: one Ranked is built per item, with its group.
    urgent: list[tuple[Item, float, int]] = []
    normal: list[tuple[Item, float, int]] = []
    catch_up: list[tuple[Item, float, int]] = []
    values: dict[tuple[int | None, float], float] = {}  # many items share a customer's grade and sales
    weights = KIND_WEIGHTS
    for item in items:
        if item.urgent and item.urgent not in URGENT_KINDS:
            raise ValueError(f"unknown urgent kind {item.urgent!r}")
        late = (as_of - item.due).days
        worth = values.get((item.grade_rank, item.sales_12m))
        if worth is None:
            worth = values[(item.grade_rank, item.sales_12m)] = value(item)
        # score(item, as_of), with the value computed once per grade and sales
        entry = (item, round(worth * (weights.get(item.kind, 1.0) * lateness(late)), 4), late)
        if item.urgent:
            urgent.append(entry)
        elif late > CATCH_UP_DAYS:
            catch_up.append(entry)
        else:
            normal.append(entry)
    urgent.sort(key=lambda r: (URGENT_KINDS.index(r[0].urgent), r[0].due, -value(r[0]), r[0].id))
    normal.sort(key=lambda r: (-r[1], r[0].due, r[0].id))
    catch_up.sort(key=lambda r: (-r[1], r[0].due, r[0].id))
    ordered = urgent + normal
    return Ranking(
        budget=budget,
        today=[Ranked(item, "today", worth, late) for item, worth, late in ordered[:budget]],
        later=[Ranked(item, "later", worth, late) for item, worth, late in ordered[budget:]],
        catch_up=[Ranked(item, "catch_up", worth, late) for item, worth, late in catch_up],
    )
