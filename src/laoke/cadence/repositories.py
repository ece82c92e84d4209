"""Queries turning the stored book into the cadence core's facts (unscoped: they feed the engine)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, Q
from django.utils import timezone

from laoke.accounts.models import User
from laoke.cadence.models import AttemptOutcomeChoices, PlanStatusChoices, ReactivationPlan
from laoke.core.cadence.model import Birthday, CustomerFacts, Mail, OpenOrder, PlanState, TaskKind, Tier
from laoke.customers.models import Contact, Customer
from laoke.interactions.models import Interaction, InteractionKindChoices
from laoke.orders.models import Order, Product
from laoke.retention.models import Task, TaskStatusChoices

if TYPE_CHECKING:
    from laoke.core.scorecard.policy import Policy

#: Interactions that count as our personal contact with a customer (the monthly touch).
OUR_TOUCHES = (
    InteractionKindChoices.EMAIL_OUT,
    InteractionKindChoices.CALL,
    InteractionKindChoices.WHATSAPP,
    InteractionKindChoices.WECHAT,
    InteractionKindChoices.VISIT,
    InteractionKindChoices.MEETING,
    InteractionKindChoices.SAMPLE_SENT,
    InteractionKindChoices.QUOTATION,
)
#: Tasks whose completion counts as a personal contact.
CONTACT_KINDS = tuple(k for k in TaskKind.ALL if k not in TaskKind.ORDER and k != TaskKind.VISIT)
SEASON_YEARS = 6
NEW_PRODUCT_DAYS = 120


def _day(value: dt.datetime | None) -> dt.date | None:
    if value is None:
        return None
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))


def _gap(details: Any) -> float | None:
    value = details.get("typical_gap_days") if isinstance(details, dict) else None
    return float(value) if isinstance(value, int | float) else None


def tier_of(grade: str, policy: Policy) -> str:
    """Key for the policy's top grade, small for its lowest, regular otherwise (and when unscored)."""
    names = policy.grades.names
    if grade and grade == names[0]:
        return Tier.KEY
    if grade and grade == names[-1]:
        return Tier.SMALL
    return Tier.REGULAR


def active_owner_ids() -> set[int]:
    """Users who can still take tasks (not departed, not deactivated)."""
    return set(User.objects.filter(is_active=True, left_on__isnull=True).values_list("pk", flat=True))


def load_customers(
    *, as_of: dt.date, policy: Policy, customer_ids: Collection[int] | None = None
) -> list[CustomerFacts]:
    """Every ordering customer (or those of ``customer_ids``) with grade, state, forecast window,
    last contact and order days."""
    owners = active_owner_ids()
    since = as_of - dt.timedelta(days=365 * SEASON_YEARS)
    only = Q() if customer_ids is None else Q(customer_id__in=list(customer_ids))
    order_days: dict[int, list[dt.date]] = defaultdict(list)
    for cid, day in Order.objects.filter(only, order_date__gte=since, order_date__lte=as_of).values_list(
        "customer_id", "order_date"
    ):
        order_days[cid].append(day)
    touches = dict(
        Interaction.objects.filter(only, kind__in=OUR_TOUCHES, occurred_at__lt=_end_of(as_of))
        .values("customer_id")
        .annotate(last=Max("occurred_at"))
        .values_list("customer_id", "last")
    )
    done: dict[int, dict[str, dt.date]] = defaultdict(dict)
    for cid, kind, last in (
        Task.objects.filter(
            only, status=TaskStatusChoices.DONE, customer__isnull=False, done_at__isnull=False
        )
        .values("customer_id", "kind")
        .annotate(last=Max("done_at"))
        .values_list("customer_id", "kind", "last")
    ):
        done_day = _day(last)
        if done_day is not None:
            done[cid][kind] = done_day
    # A signed-off year-end review outranks the grade: promoted customers are key, dropped ones small.
    # Imported here: the review service pulls in the scoring stack (Polars, SciPy), which commands
    # and app start-up that never read tiers should not pay for.
    from laoke.retention.services.review import tier_overrides

    reviewed = tier_overrides()
    customers = Customer.objects.filter(is_target=False)
    if customer_ids is not None:
        customers = customers.filter(pk__in=list(customer_ids))
    rows = customers.values(
        "pk",
        "name",
        "country",
        "city",
        "owner_id",
        "score__grade",
        "score__state",
        "score__revenue_12m",
        "forecast__window_start",
        "forecast__next_order_on",
        "forecast__details",
    )
    out = []
    for r in rows:
        cid = r["pk"]
        last_touch = _day(touches.get(cid))
        done_contact = [d for k, d in done[cid].items() if k in CONTACT_KINDS]
        if done_contact:
            last_touch = max([*done_contact, *([last_touch] if last_touch else [])])
        grade = r["score__grade"] or ""
        out.append(
            CustomerFacts(
                customer_id=cid,
                name=r["name"],
                country=(r["country"] or "").upper(),
                city=r["city"] or "",
                owner_id=r["owner_id"] if r["owner_id"] in owners else None,
                tier=reviewed.get(cid) or tier_of(grade, policy),
                grade=grade,
                state=r["score__state"] or "",
                revenue_12m=float(r["score__revenue_12m"] or 0.0),
                last_touch_on=last_touch,
                window_start=r["forecast__window_start"],
                next_order_on=r["forecast__next_order_on"],
                typical_gap_days=_gap(r["forecast__details"]),
                order_dates=tuple(sorted(order_days.get(cid, ()))),
                done_on=dict(done[cid]),
            )
        )
    return out


def load_mails(*, as_of: dt.date, days: int) -> list[Mail]:
    """Outgoing mails and every inbound contact of the last ``days`` days."""
    since = timezone.make_aware(dt.datetime.combine(as_of - dt.timedelta(days=days), dt.time()))
    rows = Interaction.objects.filter(occurred_at__gte=since).filter(
        Q(kind=InteractionKindChoices.EMAIL_OUT) | Q(kind=InteractionKindChoices.EMAIL_IN) | Q(direction="in")
    )
    return [
        Mail(
            interaction_id=pk,
            customer_id=cid,
            occurred_on=_day(at) or as_of,
            outgoing=kind == InteractionKindChoices.EMAIL_OUT,
            reply_hours=reply,
            subject=subject,
        )
        for pk, cid, at, kind, reply, subject in rows.values_list(
            "pk", "customer_id", "occurred_at", "kind", "reply_hours", "subject"
        )
    ]


def load_birthdays() -> list[Birthday]:
    """Every contact with a known birthday."""
    return [
        Birthday(pk, cid, name, day)
        for pk, cid, name, day in Contact.objects.filter(birthday__isnull=False).values_list(
            "pk", "customer_id", "name", "birthday"
        )
        if day is not None
    ]


def load_open_orders(*, as_of: dt.date, days: int) -> list[OpenOrder]:
    """Orders placed within the last ``days`` days (still in production or shipping)."""
    return [
        OpenOrder(no, cid, day, timezone.localdate(imported_at) if imported_at else None)
        for no, cid, day, imported_at in Order.objects.filter(
            order_date__gte=as_of - dt.timedelta(days=days), order_date__lte=as_of
        ).values_list("order_no", "customer_id", "order_date", "import_batch__started_at")
    ]


def load_plans() -> list[PlanState]:
    """Where every active win-back plan stands: touches made (each one a stage done; rejections are
    the customer's answers and are counted apart), rejections, the last touch."""
    rejected = Q(attempts__outcome=AttemptOutcomeChoices.REJECTED)
    plans = ReactivationPlan.objects.filter(status=PlanStatusChoices.ACTIVE).annotate(
        n_attempts=Count("attempts", filter=~rejected),
        n_rejections=Count("attempts", filter=rejected),
        last_attempt=Max("attempts__attempted_on", filter=~rejected),
    )
    return [
        PlanState(p.pk, p.customer_id, p.started_on, p.n_attempts, p.n_rejections, p.last_attempt)
        for p in plans
    ]


def new_product_names(*, as_of: dt.date) -> list[str]:
    """Products launched in the last four months, newest first."""
    since = as_of - dt.timedelta(days=NEW_PRODUCT_DAYS)
    rows: Any = Product.objects.filter(launched_on__gte=since, launched_on__lte=as_of).order_by(
        "-launched_on"
    )
    return [str(p) for p in rows[:5]]
