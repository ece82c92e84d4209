"""The facts the cadence rules read and the tasks they propose (plain frozen dataclasses).

The adapters build these from the database; the rules never read a clock or a database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from laoke.core.messages import Message

if TYPE_CHECKING:
    from laoke.core.cadence.trips import TripReason, TripStop


class Tier:
    """How much attention a customer gets: key (top grade), regular, or small (lowest grade)."""

    KEY = "key"
    REGULAR = "regular"
    SMALL = "small"


class TaskKind:
    """Kinds of rule-made tasks (the ``kind`` of a stored task)."""

    LADDER_ASK = "ladder_ask"
    LADDER_INTRO = "ladder_intro"
    LADDER_CALL = "ladder_call"
    MONTHLY_TOUCH = "monthly_touch"
    FESTIVAL = "festival"
    BIRTHDAY = "birthday"
    PRE_SEASON = "pre_season"
    SEASON_SAMPLES = "season_samples"
    SEASON_DESIGNS = "season_designs"
    VISIT = "visit"
    ORDER_COMPLETION = "order_completion"
    ORDER_PHOTOS = "order_photos"
    ORDER_SHIPPING = "order_shipping"
    ORDER_LOADING = "order_loading"
    REACTIVATION = "reactivation"

    LADDER = (LADDER_ASK, LADDER_INTRO, LADDER_CALL)
    ORDER = (ORDER_COMPLETION, ORDER_PHOTOS, ORDER_SHIPPING, ORDER_LOADING)
    ALL = (
        LADDER_ASK,
        LADDER_INTRO,
        LADDER_CALL,
        MONTHLY_TOUCH,
        FESTIVAL,
        BIRTHDAY,
        PRE_SEASON,
        SEASON_SAMPLES,
        SEASON_DESIGNS,
        VISIT,
        ORDER_COMPLETION,
        ORDER_PHOTOS,
        ORDER_SHIPPING,
        ORDER_LOADING,
        REACTIVATION,
    )


@dataclass(frozen=True)
class CustomerFacts:
    """One customer as the cadence rules see it."""

    customer_id: int
    name: str
    country: str = ""
    city: str = ""
    owner_id: int | None = None
    tier: str = Tier.REGULAR
    grade: str = ""
    state: str = "active"  # active / at_risk / dormant / lost / target / "" (not scored)
    revenue_12m: float = 0.0
    last_touch_on: dt.date | None = None  # our last personal contact (mail, call, visit, done task)
    window_start: dt.date | None = None  # forecast: start of the next-order window
    next_order_on: dt.date | None = None
    typical_gap_days: float | None = None  # forecast: the customer's usual gap between orders
    order_dates: tuple[dt.date, ...] = ()  # every order day, for the seasonal calendar
    done_on: dict[str, dt.date] = field(default_factory=dict)  # task kind → last time it was done


@dataclass(frozen=True)
class Mail:
    """A mail (or any contact) with a customer; ``reply_hours`` None on an outgoing one = unanswered."""

    interaction_id: int
    customer_id: int
    occurred_on: dt.date
    outgoing: bool
    reply_hours: float | None = None
    subject: str = ""


@dataclass(frozen=True)
class Birthday:
    """A contact's birthday (the year is ignored)."""

    contact_id: int
    customer_id: int
    name: str
    birthday: dt.date


@dataclass(frozen=True)
class OpenOrder:
    """An order still in production or shipping (placed within the order follow-up span)."""

    order_no: str
    customer_id: int
    order_date: dt.date
    #: The day the order reached Laoke (its import); ``None`` when unknown (treated as known all along).
    known_on: dt.date | None = None


@dataclass(frozen=True)
class PlanState:
    """Where a dormant customer's reactivation plan stands."""

    plan_id: int
    customer_id: int
    started_on: dt.date
    attempts: int = 0
    rejections: int = 0
    last_attempt_on: dt.date | None = None


@dataclass(frozen=True)
class ProposedTask:
    """A task a rule proposes; ``key`` is stable, so recomputing never duplicates it."""

    key: str
    kind: str
    customer_id: int | None
    assignee_id: int | None
    due_on: dt.date
    title_en: str = ""  # the old way (sentences); being replaced by ``title`` (issue 16)
    title_zh: str = ""
    why_en: str = ""
    why_zh: str = ""
    priority: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)
    #: What the task is, as a message code with its figures; worded by the adapter when shown.
    title: Message | None = None
    #: Why it is proposed: messages read as consecutive sentences.
    why: tuple[Message, ...] = ()


@dataclass(frozen=True)
class VisitProposal:
    """A business trip proposed to one salesperson: key customers of one country, city by city."""

    key: str
    owner_id: int
    country: str
    starts_on: dt.date
    ends_on: dt.date
    customer_ids: tuple[int, ...]
    customer_names: tuple[str, ...]
    cities: tuple[str, ...] = ()
    stops: tuple[TripStop, ...] = ()  # day by day, city by city (laoke.core.cadence.trips)
    reasons: tuple[TripReason, ...] = ()
