"""Trips: store the proposed ones, give each visit an agenda from the data, record the trip report.

The proposals come from :mod:`laoke.core.cadence.trips` (one per salesperson and season). A trip
still only proposed follows the data (its country, days and visits are recomputed); a planned,
declined or reported trip is kept as the salesperson left it. The agenda of a visit is read live
from the customer's record (open orders, the next order expected, open complaints, what they buy,
new products), worded in the reader's language. The report writes one visit entry per customer on
the timeline and a follow-up task for its owner. Services do not commit: the caller owns the
transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from laoke.accounts.models import User
from laoke.cadence.models import TripOutcomeChoices, TripStop, VisitPlan, VisitStatusChoices
from laoke.cadence.plan_messages import trip_reason_lines
from laoke.core.cadence.model import VisitProposal
from laoke.core.messages import Message
from laoke.customers.models import Customer
from laoke.interactions.models import DirectionChoices, Interaction, InteractionKindChoices
from laoke.orders.models import Order, OrderLine, Product
from laoke.platform.messages import to_stored
from laoke.retention.models import Task, TaskStatusChoices

#: Orders younger than this are still "open" on a visit (in production or shipping).
OPEN_ORDER_DAYS = 60
#: Products launched this recently are worth showing on a visit.
NEW_PRODUCT_DAYS = 180
#: The follow-up after a visit, unless the report names a day.
FOLLOW_UP_DAYS = 7
FOLLOW_UP_KIND = "trip_follow_up"


class TripError(ValueError):
    """The trip cannot take this change (declined, or an unknown outcome)."""


def sync_trips(proposals: Iterable[VisitProposal]) -> dict[str, int]:
    """Store the proposed trips by key; drop proposed trips no longer proposed; key → id.

    A trip the salesperson planned, declined or reported is never changed or dropped.
    """
    ids: dict[str, int] = {}
    for p in proposals:
        plan, created = VisitPlan.objects.get_or_create(
            key=p.key,
            defaults={
                "owner_id": p.owner_id,
                "country": p.country,
                "starts_on": p.starts_on,
                "ends_on": p.ends_on,
            },
        )
        ids[p.key] = plan.pk
        if not created and plan.status != VisitStatusChoices.PROPOSED:
            continue
        plan.owner_id, plan.country = p.owner_id, p.country
        plan.starts_on, plan.ends_on = p.starts_on, p.ends_on
        plan.reasons = [asdict(r) for r in p.reasons]
        plan.save(update_fields=["owner", "country", "starts_on", "ends_on", "reasons"])
        plan.customers.set(p.customer_ids)
        plan.stops.all().delete()
        TripStop.objects.bulk_create(
            TripStop(visit=plan, customer_id=s.customer_id, city=s.city, day=s.day, position=i)
            for i, s in enumerate(p.stops)
        )
    # A proposal the data no longer supports (the owner left, the customers changed) is withdrawn.
    VisitPlan.objects.filter(status=VisitStatusChoices.PROPOSED, reported_on__isnull=True).exclude(
        key__in=list(ids)
    ).delete()
    return ids


# --- wording --------------------------------------------------------------------------------------


def reason_lines(plan: VisitPlan) -> list[str]:
    """Why this trip, in the reader's language (country named in it), from the stored reason codes."""
    return trip_reason_lines(plan.reasons, plan.country)


def _day(value: str | dt.date) -> str:
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return date_format(day, "SHORT_DATE_FORMAT")


# --- agenda per visit -----------------------------------------------------------------------------


@dataclass
class StopView:
    """One visit as the trip page shows it: where, when, whom, what to discuss, what came of it."""

    stop: TripStop
    agenda: list[str] = field(default_factory=list)


def visit_agenda(customer: Customer, *, as_of: dt.date) -> list[str]:
    """What to discuss with the customer, from its record, in the reader's language."""
    items: list[str] = []
    complaints = Interaction.objects.filter(
        customer=customer, kind=InteractionKindChoices.COMPLAINT, resolved_at__isnull=True
    ).order_by("occurred_at")
    for c in complaints[:3]:
        items.append(
            _("Open complaint of %(day)s: %(subject)s — bring how it is being resolved.")
            % {"day": _day(timezone.localtime(c.occurred_at).date()), "subject": c.subject or _("no subject")}
        )
    orders = Order.objects.filter(
        customer=customer, order_date__gt=as_of - dt.timedelta(days=OPEN_ORDER_DAYS), order_date__lte=as_of
    ).order_by("order_date")
    for o in orders[:3]:
        items.append(
            _("Order %(no)s of %(day)s is in production or shipping: confirm the delivery date.")
            % {"no": o.order_no, "day": _day(o.order_date)}
        )
    forecast = getattr(customer, "forecast", None)
    expected = forecast.window_start or forecast.next_order_on if forecast is not None else None
    if expected is not None and expected >= as_of:
        items.append(
            _("Next order expected around %(day)s: ask about quantities and timing.")
            % {"day": _day(expected)}
        )
    year_ago = as_of - dt.timedelta(days=365)
    bought = list(
        OrderLine.objects.filter(
            order__customer=customer, order__order_date__gt=year_ago, product__isnull=False
        )
        .values("product__name", "product__sku")
        .annotate(total=Sum("amount"), n=Count("id"))
        .order_by("-total")[:3]
    )
    if bought:
        names = ", ".join(b["product__name"] or b["product__sku"] for b in bought)
        items.append(
            _("They buy: %(products)s — ask how they sell and what they need next.") % {"products": names}
        )
    new = list(
        Product.objects.filter(
            launched_on__gt=as_of - dt.timedelta(days=NEW_PRODUCT_DAYS), launched_on__lte=as_of
        ).order_by("-launched_on")[:3]
    )
    if new:
        items.append(_("Show the new products: %(products)s.") % {"products": ", ".join(str(p) for p in new)})
    if not items:
        items.append(
            _("No open order, complaint or expected order: a relationship visit — ask about their plans.")
        )
    return items


def trip_stops(plan: VisitPlan, *, as_of: dt.date, visible: set[int]) -> list[StopView]:
    """The trip's visits the reader may see, day by day, each with its agenda."""
    stops = plan.stops.select_related("customer", "customer__forecast", "interaction").order_by("position")
    return [StopView(s, visit_agenda(s.customer, as_of=as_of)) for s in stops if s.customer_id in visible]


def trip_cities(plan: VisitPlan) -> list[str]:
    """The trip's cities in visiting order."""
    return list(dict.fromkeys(s.city for s in plan.stops.order_by("position") if s.city))


# --- trip report ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StopReport:
    """What the salesperson reports for one visit."""

    stop_id: int
    outcome: str
    notes: str = ""
    follow_up_on: dt.date | None = None


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def report_trip(*, plan: VisitPlan, user: User, reports: Iterable[StopReport], today: dt.date) -> int:
    """Record the trip report: per visit an entry on the customer's timeline and a follow-up task.

    Visits left without an outcome are skipped; reporting a visit again updates its entry and
    task instead of adding new ones. Returns the number of visits reported.
    """
    if plan.status == VisitStatusChoices.DECLINED:
        raise TripError("declined")
    stops = {s.pk: s for s in plan.stops.select_related("customer", "interaction")}
    labels = dict(TripOutcomeChoices.choices)
    done = 0
    for r in reports:
        stop = stops.get(r.stop_id)
        if stop is None or not r.outcome:
            continue
        if r.outcome not in labels:
            raise TripError(r.outcome)
        stop.outcome, stop.notes = r.outcome, r.notes.strip()
        stop.follow_up_on = r.follow_up_on or max(today, stop.day) + dt.timedelta(days=FOLLOW_UP_DAYS)
        subject = f"{labels[r.outcome]} · {stop.city}" if stop.city else str(labels[r.outcome])
        entry = stop.interaction or Interaction(customer=stop.customer, kind=InteractionKindChoices.VISIT)
        entry.user, entry.direction = user, DirectionChoices.OUT
        entry.occurred_at, entry.subject, entry.body = _at(stop.day), subject[:300], stop.notes
        entry.save()
        stop.interaction = entry
        stop.save(update_fields=["outcome", "notes", "follow_up_on", "interaction"])
        why = [Message("cadence.trip_follow_up.outcome", {"outcome": r.outcome})]
        if stop.notes:
            why.append(Message("cadence.trip_follow_up.notes", {"notes": stop.notes}))
        Task.objects.update_or_create(
            rule_key=f"trip:{plan.pk}:{stop.customer_id}:follow_up",
            defaults={
                "customer": stop.customer,
                "assignee_id": stop.customer.owner_id or plan.owner_id,
                "kind": FOLLOW_UP_KIND,
                "due_on": stop.follow_up_on,
                "status": TaskStatusChoices.OPEN,
                "title_en": "",
                "title_zh": "",
                "why_en": "",
                "why_zh": "",
                "title_msg": to_stored(
                    Message("cadence.trip_follow_up.title", {"day": stop.day, "customer": stop.customer.name})
                ),
                "why_msg": to_stored(why),
                "priority": 60.0,
                "details": {"visit_id": plan.pk, "stop_id": stop.pk},
            },
        )
        done += 1
    if done:
        plan.reported_on = today
        plan.status = VisitStatusChoices.PLANNED
        plan.save(update_fields=["reported_on", "status"])
    return done
