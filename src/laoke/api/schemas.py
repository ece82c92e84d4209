"""Request and response bodies of the API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator

from laoke.customers.models import CustomerKindChoices, PaymentTermsChoices, SourceChannelChoices
from laoke.interactions.models import DirectionChoices, InteractionKindChoices, OutcomeChoices

#: Largest id accepted (64-bit signed integers in both databases).
MAX_ID = 2**63 - 1


def _clean(text: str) -> str:
    """Text the databases can store: no NUL character, valid Unicode (no lone surrogates)."""
    if "\x00" in text:
        raise ValueError(_("The text contains a NUL character."))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(_("The text is not valid Unicode.")) from exc
    return text


def _one_of(choices: type[TextChoices], blank: bool = True) -> Callable[[str], str]:
    values = [str(v) for v in choices.values]

    def check(value: str) -> str:
        if value in values or (blank and value == ""):
            return value
        raise ValueError(_("Choose one of: %(choices)s.") % {"choices": ", ".join(values)})

    return check


Text = Annotated[str, AfterValidator(_clean)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Kind = Annotated[str, AfterValidator(_one_of(CustomerKindChoices))]
Terms = Annotated[str, AfterValidator(_one_of(PaymentTermsChoices))]
Source = Annotated[str, AfterValidator(_one_of(SourceChannelChoices))]
InteractionKind = Annotated[str, AfterValidator(_one_of(InteractionKindChoices, blank=False))]
Direction = Annotated[str, AfterValidator(_one_of(DirectionChoices))]
Outcome = Annotated[str, AfterValidator(_one_of(OutcomeChoices))]
Country = Annotated[str, Field(pattern=r"^([A-Z]{2})?$", description="ISO 3166-1 alpha-2, or empty")]
Currency = Annotated[str, Field(pattern=r"^([A-Z]{3})?$", description="ISO 4217, or empty")]
Level = Annotated[int, Field(ge=1, le=5)]
Money = Annotated[Decimal, Field(max_digits=16, decimal_places=2, ge=0, allow_inf_nan=False)]


class ErrorItem(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[ErrorItem] = []


# --- customers -------------------------------------------------------------------------------


class CustomerOut(Schema):
    id: int
    code: str
    name: str
    country: str
    currency: str
    kind: str
    headcount: int | None
    turnover: float | None
    founded_year: int | None
    payment_terms: str
    credit_days: int | None
    source_channel: str
    owner: str | None = Field(None, description="The owner's login")
    relationship_level: int | None
    market_trend: int | None
    lifespan_risk: int | None
    delivery_sensitivity: int | None
    is_target: bool
    notes: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_owner(obj: Any) -> str | None:
        return obj.owner.username if obj.owner_id else None


class CustomerFields(Schema):
    """Fields a client may set; every one is optional in an update."""

    country: Country = ""
    currency: Currency = ""
    kind: Kind = ""
    headcount: int | None = Field(None, ge=0, le=2_147_483_647)
    turnover: Money | None = None
    founded_year: int | None = Field(None, ge=1000, le=2999)
    payment_terms: Terms = ""
    credit_days: int | None = Field(None, ge=0, le=32_767)
    source_channel: Source = ""
    owner: Text | None = Field(None, max_length=150, description="Login of the owner (managers only)")
    relationship_level: Level | None = None
    market_trend: int | None = Field(None, ge=-2, le=2)
    lifespan_risk: Level | None = None
    delivery_sensitivity: Level | None = None
    is_target: bool = False
    notes: Text = Field("", max_length=20_000)


class CustomerIn(CustomerFields):
    code: Text = Field(..., min_length=1, max_length=100, description="The key used in order files")
    name: Text = Field(..., min_length=1, max_length=200)


class CustomerPatch(CustomerFields):
    code: Text | None = Field(None, min_length=1, max_length=100)
    name: Text | None = Field(None, min_length=1, max_length=200)


# --- orders ----------------------------------------------------------------------------------


class OrderLineOut(Schema):
    line_no: int
    product: str | None
    quantity: float | None
    unit_price: float | None
    amount_original: float
    currency: str
    amount: float
    cost: float | None

    @staticmethod
    def resolve_product(obj: Any) -> str | None:
        return obj.product.sku if obj.product_id else None


class OrderOut(Schema):
    id: int
    order_no: str
    customer_id: int
    customer_code: str
    order_date: dt.date
    currency: str
    salesperson: str | None
    amount: float = Field(description="Sum of the lines in home currency")
    lines: list[OrderLineOut]

    @staticmethod
    def resolve_customer_code(obj: Any) -> str:
        return str(obj.customer.code)

    @staticmethod
    def resolve_salesperson(obj: Any) -> str | None:
        return obj.salesperson.username if obj.salesperson_id else None

    @staticmethod
    def resolve_amount(obj: Any) -> float:
        return float(sum((line.amount for line in obj.lines.all()), Decimal(0)))

    @staticmethod
    def resolve_lines(obj: Any) -> list[Any]:
        return list(obj.lines.all())


Number = Annotated[Decimal, Field(max_digits=18, decimal_places=6, allow_inf_nan=False)]
Amount = Annotated[Decimal, Field(max_digits=16, decimal_places=2, allow_inf_nan=False)]


class OrderLineIn(Schema):
    """One order line; the order is identified by ``order_no`` (the natural key)."""

    order_no: Text = Field(..., min_length=1, max_length=100)
    customer: Text = Field(..., min_length=1, max_length=100, description="Customer code")
    order_date: dt.date
    line_no: int | None = Field(None, ge=1, le=1_000_000, description="Position in the order")
    product: Text | None = Field(None, max_length=100, description="SKU")
    product_name: Text | None = Field(None, max_length=300)
    category: Text | None = Field(None, max_length=200)
    quantity: Number | None = None
    unit_price: Number | None = None
    amount: Amount | None = Field(None, description="In the line's currency; quantity × unit price if empty")
    cost: Amount | None = None
    currency: Currency = Field("", description="Empty: the home currency")
    salesperson: Text | None = Field(None, max_length=150, description="Login (managers only)")
    payment_terms: Text | None = Field(None, max_length=40)
    due_date: dt.date | None = None
    paid_date: dt.date | None = None


class OrdersBulkIn(Schema):
    lines: list[OrderLineIn] = Field(..., min_length=1, max_length=50_000)
    partial: bool = Field(False, description="Write the good lines and report the others")


class BulkOut(Schema):
    ok: bool
    lines: int
    created: dict[str, int]
    updated: dict[str, int]
    unchanged: dict[str, int]
    errors: list[ErrorItem]


# --- interactions, tasks, scores, forecasts --------------------------------------------------


class InteractionOut(Schema):
    id: int
    customer_id: int
    user: str | None
    kind: str
    direction: str
    occurred_at: dt.datetime
    subject: str
    body: str
    reply_hours: float | None
    outcome: str

    @staticmethod
    def resolve_user(obj: Any) -> str | None:
        return obj.user.username if obj.user_id else None


class InteractionIn(Schema):
    customer_id: Id
    kind: InteractionKind
    direction: Direction = ""
    occurred_at: dt.datetime | None = Field(None, description="Now when empty")
    subject: Text = Field("", max_length=300)
    body: Text = Field("", max_length=20_000)
    reply_hours: float | None = Field(None, ge=0, le=100_000, allow_inf_nan=False)
    outcome: Outcome = ""


class TaskOut(Schema):
    id: int
    customer_id: int | None
    assignee: str | None
    kind: str
    title_en: str
    title_zh: str
    why_en: str
    why_zh: str
    due_on: dt.date
    priority: float
    status: str
    snoozed_until: dt.date | None
    note: str

    @staticmethod
    def resolve_assignee(obj: Any) -> str | None:
        return obj.assignee.username if obj.assignee_id else None


class TaskPatch(Schema):
    status: Annotated[str, Field(pattern="^(open|done|snoozed|cancelled)$")] | None = None
    snooze_days: int | None = Field(None, ge=1, le=366, description="With status “snoozed”")
    note: Text | None = Field(None, max_length=5_000, description="A line appended to the note")


class ScoreOut(Schema):
    customer_id: int
    as_of: dt.date
    total: float | None
    grade: str
    state: str
    treatment_en: str
    treatment_zh: str
    revenue_12m: float
    profit_12m: float | None
    dimensions: dict[str, Any]
    reasons: list[Any]


class ForecastOut(Schema):
    customer_id: int
    as_of: dt.date
    next_order_on: dt.date | None
    window_start: dt.date | None
    window_end: dt.date | None
    p_order_90d: float | None
    expected_orders_365d: float | None
    expected_value_365d: float | None
    reasons: list[Any]


class InquiryOut(Schema):
    id: int
    name: str
    country: str
    kind: str
    status: str
    tier: str
    owner: str | None
    inquiry_text: str
    expected_value: float | None
    created_on: dt.date
    customer_id: int | None
    lookalike_score: float | None = Field(description="0–100: how much it looks like the best customers")
    lookalike_confidence: float | None
    target_fit: float | None

    @staticmethod
    def resolve_owner(obj: Any) -> str | None:
        return obj.owner.username if obj.owner_id else None


class InquiryIn(Schema):
    """An inquiry (询盘); it is scored against the best existing customers when recorded."""

    name: Text = Field(..., min_length=1, max_length=200)
    country: Country = ""
    kind: Kind = ""
    channel_role: Annotated[str, Field(pattern="^(distributor|end_user)?$")] = ""
    brand_role: Annotated[str, Field(pattern="^(brand_owner|brand_user)?$")] = ""
    headcount: int | None = Field(None, ge=0, le=2_147_483_647)
    turnover: Money | None = None
    expected_value: Money | None = None
    payment_terms: Terms = ""
    delivery_sensitivity: Level | None = None
    product_line: Text = Field("", max_length=200)
    attributes: list[Annotated[Text, Field(max_length=100)]] = Field([], max_length=50)
    source_channel: Source = ""
    inquiry_text: Text = Field("", max_length=20_000)
    created_on: dt.date | None = Field(None, description="Today when empty")


class TokenIn(Schema):
    name: Text = Field(..., min_length=1, max_length=100)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class NewTokenOut(TokenOut):
    token: str = Field(description="Shown once; store it safely")


# --- list filters (query parameters) ---------------------------------------------------------


class CustomerFilter(Schema):
    q: Text | None = Field(None, max_length=200, description="Part of the name or code")
    country: str | None = Field(None, pattern="^[A-Z]{2}$")


class OrderFilter(Schema):
    customer_id: Id | None = None
    since: dt.date | None = Field(None, description="Orders on or after this day")
    until: dt.date | None = Field(None, description="Orders on or before this day")


class InteractionFilter(Schema):
    customer_id: Id | None = None
    kind: str | None = Field(None, pattern="^[a-z_]{1,16}$")


class TaskFilter(Schema):
    status: str | None = Field(None, pattern="^(open|done|snoozed|cancelled)$")
    customer_id: Id | None = None


class ScoreFilter(Schema):
    grade: Text | None = Field(None, max_length=16)
    state: str | None = Field(None, pattern="^(active|at_risk|dormant|lost|target)$")


class InquiryFilter(Schema):
    status: str | None = Field(None, pattern="^(inquiry|target|won|removed)$")


# --- KPIs ------------------------------------------------------------------------------------


class KpiFilter(Schema):
    start: dt.date | None = Field(
        None, ge=dt.date(1900, 1, 1), le=dt.date(2999, 12, 31), description="First day"
    )
    end: dt.date | None = Field(
        None, ge=dt.date(1900, 1, 1), le=dt.date(2999, 12, 31), description="Last day"
    )


class RateOut(Schema):
    owner: str | None = Field(
        description="Login of the owner; null for customers without one (or the company)"
    )
    base: int
    hits: int
    rate: float | None


class RateBreakdownOut(Schema):
    company: RateOut
    by_owner: list[RateOut]


class ConcentrationOut(Schema):
    customers: int
    revenue: float
    top_share_revenue_share: float
    customers_for_cut: int


class OwnerShareOut(Schema):
    owner: str | None
    customers: int
    revenue: float
    share: float
    flagged: bool


class ResponseOut(Schema):
    user: str | None
    mails: int
    answered: int
    median_hours: float | None
    within_target: int


class ResponseTimesOut(Schema):
    company: ResponseOut
    by_user: list[ResponseOut]


class LossOut(Schema):
    reason: str
    customers: int
    revenue_lost: float
    share_of_revenue_lost: float


class PaceOut(Schema):
    quarter: str
    tracked: int
    entered: int
    converted: int
    dropped: int
    goal: int


class KpiOut(Schema):
    start: dt.date
    end: dt.date
    definitions: dict[str, dict[str, str]] = Field(description="Per KPI: {en, zh}")
    reorder: RateBreakdownOut
    retention: RateBreakdownOut
    winback: RateBreakdownOut
    winback_plans: RateBreakdownOut
    revenue_concentration: ConcentrationOut
    owner_concentration: list[OwnerShareOut]
    response_time: ResponseTimesOut
    losses: list[LossOut]
    pipeline_pace: list[PaceOut]
