"""Request and response bodies of the API."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Annotated, Any, get_args

from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, WithJsonSchema, model_validator

from laoke.customers.models import CustomerKindChoices, PaymentTermsChoices, SourceChannelChoices
from laoke.importing.services.preview import home_currency
from laoke.interactions.models import DirectionChoices, InteractionKindChoices, OutcomeChoices
from laoke.retention.messages import explanation_text, messages_of, reason_text

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


def _enum(choices: type[TextChoices], blank: bool = True) -> WithJsonSchema:
    """The schema of a text field holding one of ``choices`` (or empty)."""
    return WithJsonSchema(
        {"type": "string", "enum": ([""] if blank else []) + [str(v) for v in choices.values]}
    )


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _text_date(value: Any) -> Any:
    """Dates arrive as text ``YYYY-MM-DD``; a number (or "0") is not taken for seconds since 1970."""
    if isinstance(value, dt.date) or (isinstance(value, str) and _DATE.fullmatch(value)):
        return value
    raise ValueError(_("Enter a date as YYYY-MM-DD."))


def _text_datetime(value: Any) -> Any:
    """Moments arrive as ISO 8601 text starting with the date."""
    if isinstance(value, dt.datetime) or (isinstance(value, str) and _DATE.match(value)):
        return value
    raise ValueError(_("Enter a date and time as YYYY-MM-DDTHH:MM:SS."))


def _is_int(annotation: Any) -> bool:
    """True for ``int``, ``int | None`` and annotated forms of them."""
    if annotation is int:
        return True
    return any(_is_int(arg) for arg in get_args(annotation) if arg is not type(None))


def _to_places(places: int) -> Callable[[Any], Any]:
    step = Decimal(1).scaleb(-places)

    def rounded(value: Any) -> Any:
        # A JSON number is binary: 0.57 may arrive as 0.5700000000000001. Round it to the
        # field's places; text ("0.575") must already fit.
        if isinstance(value, float) and math.isfinite(value) and abs(value) < 1e15:
            return Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_EVEN)
        return value

    return rounded


def _decimal_schema(digits: int, places: int, signed: bool) -> WithJsonSchema:
    """A decimal is a JSON number or text; the schema states the text's form and the bounds."""
    whole = digits - places
    sign = "-?" if signed else ""
    pattern = f"^{sign}[0-9]{{1,{whole}}}([.][0-9]{{1,{places}}})?$"
    bound = float(10**whole - 1)
    number = {"type": "number", "maximum": bound, "minimum": -bound if signed else 0}
    return WithJsonSchema({"anyOf": [number, {"type": "string", "pattern": pattern}]})


#: Text without NUL characters (the databases cannot store them); the schema says so too.
Text = Annotated[str, AfterValidator(_clean), Field(json_schema_extra={"pattern": "^[^\\u0000]*$"})]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Kind = Annotated[str, AfterValidator(_one_of(CustomerKindChoices)), _enum(CustomerKindChoices)]
Terms = Annotated[str, AfterValidator(_one_of(PaymentTermsChoices)), _enum(PaymentTermsChoices)]
Source = Annotated[str, AfterValidator(_one_of(SourceChannelChoices)), _enum(SourceChannelChoices)]
InteractionKind = Annotated[
    str,
    AfterValidator(_one_of(InteractionKindChoices, blank=False)),
    _enum(InteractionKindChoices, blank=False),
]
Direction = Annotated[str, AfterValidator(_one_of(DirectionChoices)), _enum(DirectionChoices)]
Outcome = Annotated[str, AfterValidator(_one_of(OutcomeChoices)), _enum(OutcomeChoices)]
#: A day in a request body: text ``YYYY-MM-DD`` only (``0`` is not 1970-01-01).
Day = Annotated[dt.date, Field(strict=False), BeforeValidator(_text_date)]
#: A moment in a request body: ISO 8601 text only.
Moment = Annotated[dt.datetime, Field(strict=False), BeforeValidator(_text_datetime)]
Country = Annotated[str, Field(pattern=r"^([A-Z]{2})?$", description="ISO 3166-1 alpha-2, or empty")]
Currency = Annotated[str, Field(pattern=r"^([A-Z]{3})?$", description="ISO 4217, or empty")]
Level = Annotated[int, Field(ge=1, le=5)]
Money = Annotated[
    Decimal,
    BeforeValidator(_to_places(2)),
    Field(max_digits=16, decimal_places=2, ge=0, allow_inf_nan=False, strict=False),
    _decimal_schema(16, 2, signed=False),
]


class In(Schema):
    """A request body: a JSON object whose values have the JSON types the schema declares.

    Strict: ``0`` is not ``false``, ``"1"`` is not ``1``, a number is not a date, and a body that
    is not an object (``[null, null]``) is refused with 422 instead of being read as "no change".
    """

    model_config = ConfigDict(strict=True)

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        raw = getattr(data, "_obj", data)
        if not isinstance(raw, dict):
            raise ValueError(_("Enter an object."))
        # JSON Schema counts 1.0 as an integer: take it as 1 (strict ints refuse floats).
        whole = {
            name: int(raw[name])
            for name, field in cls.model_fields.items()
            if isinstance(raw.get(name), float) and raw[name].is_integer() and _is_int(field.annotation)
        }
        return {**raw, **whole} if whole else data


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


class CustomerFields(In):
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


Number = Annotated[
    Decimal,
    BeforeValidator(_to_places(6)),
    Field(max_digits=18, decimal_places=6, allow_inf_nan=False, strict=False),
    _decimal_schema(18, 6, signed=True),
]
Amount = Annotated[
    Decimal,
    BeforeValidator(_to_places(2)),
    Field(max_digits=16, decimal_places=2, allow_inf_nan=False, strict=False),
    _decimal_schema(16, 2, signed=True),
]


class OrderLineIn(In):
    """One order line; the order is identified by ``order_no`` (the natural key)."""

    order_no: Text = Field(..., min_length=1, max_length=100)
    customer: Text = Field(..., min_length=1, max_length=100, description="Customer code")
    order_date: Day
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
    due_date: Day | None = None
    paid_date: Day | None = None


class OrdersBulkIn(In):
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


class InteractionIn(In):
    customer_id: Id
    kind: InteractionKind
    direction: Direction = ""
    occurred_at: Moment | None = Field(None, description="Now when empty")
    subject: Text = Field("", max_length=300)
    body: Text = Field("", max_length=20_000)
    reply_hours: float | None = Field(None, ge=0, le=100_000, allow_inf_nan=False)
    outcome: Outcome = ""


class TaskOut(Schema):
    id: int
    customer_id: int | None
    assignee: str | None
    kind: str
    title: str = Field(description="What to do, in the request's language")
    why: str = Field(description="Why, in the request's language")
    title_en: str = Field(description="The title in English (kept for older clients)")
    title_zh: str = Field(description="The title in Chinese (kept for older clients)")
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

    # A rule-made task stores message codes (worded when shown); a typed one its own text.
    @staticmethod
    def resolve_title_en(obj: Any) -> str:
        with translation.override("en"):
            return str(obj.title)

    @staticmethod
    def resolve_title_zh(obj: Any) -> str:
        with translation.override("zh-hans"):
            return str(obj.title)

    @staticmethod
    def resolve_why_en(obj: Any) -> str:
        with translation.override("en"):
            return str(obj.why)

    @staticmethod
    def resolve_why_zh(obj: Any) -> str:
        with translation.override("zh-hans"):
            return str(obj.why)


class TaskPatch(In):
    status: Annotated[str, Field(pattern="^(open|done|snoozed|cancelled)$")] | None = None
    snooze_days: int | None = Field(None, ge=1, le=366, description="With status “snoozed”")
    note: Text | None = Field(None, max_length=5_000, description="A line appended to the note")


class MessageOut(Schema):
    """What the engine said, as a code with its figures (money, fractions, counts, codes)."""

    code: str = Field(description="Stable message code, e.g. scorecard.volume.sales")
    params: dict[str, Any] = Field(description="Raw figures: money in the home currency, shares as fractions")


class DimensionOut(Schema):
    score: float | None = Field(description="0–100; null when unknown")
    level: str | None
    explanation: str = Field(description="Why, worded in the request's language")
    messages: list[MessageOut] = Field(
        description="The explanation as codes (empty for a score computed before codes were stored)"
    )


class ScoreReasonOut(Schema):
    dimension: str | None = Field(description="The dimension that moved the score")
    text: str = Field(description="Worded in the request's language")
    messages: list[MessageOut]


class ForecastReasonOut(Schema):
    code: str
    text: str = Field(description="Worded in the request's language")
    params: dict[str, Any]


def _currency(context: Any) -> str:
    """The home currency, read once per request (amounts in the worded texts carry it)."""
    request = (context or {}).get("request")
    if request is None:
        return home_currency()
    if not hasattr(request, "_laoke_home_currency"):
        request._laoke_home_currency = home_currency()
    return str(request._laoke_home_currency)


def _message_list(stored: Any) -> list[dict[str, Any]]:
    return [m.to_json() for m in messages_of(stored)]


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
    dimensions: dict[str, DimensionOut]
    reasons: list[ScoreReasonOut]

    @staticmethod
    def resolve_dimensions(obj: Any, context: Any) -> dict[str, dict[str, Any]]:
        currency = _currency(context)
        out = {}
        for code, dim in (obj.dimensions or {}).items():
            dim = dim if isinstance(dim, dict) else {}
            out[code] = {
                "score": dim.get("score"),
                "level": dim.get("level"),
                "explanation": explanation_text(dim, currency=currency),
                "messages": _message_list(dim.get("explanation")),
            }
        return out

    @staticmethod
    def resolve_reasons(obj: Any, context: Any) -> list[dict[str, Any]]:
        currency = _currency(context)
        return [
            {
                "dimension": r.get("dimension") if isinstance(r, dict) else None,
                "text": reason_text(r, currency=currency),
                "messages": _message_list(r.get("explanation") if isinstance(r, dict) else None),
            }
            for r in obj.reasons or []
        ]


class ForecastOut(Schema):
    customer_id: int
    as_of: dt.date
    next_order_on: dt.date | None
    window_start: dt.date | None
    window_end: dt.date | None
    p_order_90d: float | None
    expected_orders_365d: float | None
    expected_value_365d: float | None
    reasons: list[ForecastReasonOut]

    @staticmethod
    def resolve_reasons(obj: Any) -> list[dict[str, Any]]:
        out = []
        for r in obj.reasons or []:
            if not isinstance(r, dict):
                continue
            code = str(r.get("code") or "")
            params = r.get("params") if isinstance(r.get("params"), dict) else {}
            out.append({"code": code, "text": reason_text(r), "params": params})
        return out


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


class InquiryIn(In):
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
    created_on: Day | None = Field(None, description="Today when empty")


class TokenIn(In):
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
    since: Day | None = Field(None, description="Orders on or after this day")
    until: Day | None = Field(None, description="Orders on or before this day")


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
    start: Day | None = Field(None, ge=dt.date(1900, 1, 1), le=dt.date(2999, 12, 31), description="First day")
    end: Day | None = Field(None, ge=dt.date(1900, 1, 1), le=dt.date(2999, 12, 31), description="Last day")


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
