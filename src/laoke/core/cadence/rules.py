"""The cadence rules: each turns facts into proposed tasks with a stable key and a reason.

Every rule proposes a task while its condition holds and its date is within the horizon; the
adapter creates the new keys, refreshes open ones and clears open tasks no rule proposes any more.
A task's title and reasons are message codes with their figures (``cadence.ladder.ask.title``…);
the cadence app words them when shown (``laoke.cadence.messages``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Sequence

from laoke.core.cadence.calendar import festivals_between, next_birthday
from laoke.core.cadence.festivals import greetings_for
from laoke.core.cadence.mail_words import ORDER_SENT_WORDS, is_order_notice
from laoke.core.cadence.model import (
    Birthday,
    CustomerFacts,
    Mail,
    OpenOrder,
    PlanState,
    ProposedTask,
    TaskKind,
    Tier,
)
from laoke.core.cadence.policy import CadencePolicy
from laoke.core.cadence.topics import touch_topics
from laoke.core.messages import Message

BASE_PRIORITY = {
    TaskKind.LADDER_ASK: 60.0,
    TaskKind.LADDER_INTRO: 62.0,
    TaskKind.LADDER_CALL: 66.0,
    TaskKind.MONTHLY_TOUCH: 30.0,
    TaskKind.FESTIVAL: 40.0,
    TaskKind.BIRTHDAY: 38.0,
    TaskKind.PRE_SEASON: 75.0,
    TaskKind.SEASON_SAMPLES: 72.0,
    TaskKind.SEASON_DESIGNS: 72.0,
    TaskKind.VISIT: 50.0,
    TaskKind.ORDER_COMPLETION: 55.0,
    TaskKind.ORDER_PHOTOS: 52.0,
    TaskKind.ORDER_SHIPPING: 56.0,
    TaskKind.ORDER_LOADING: 54.0,
    TaskKind.REACTIVATION: 45.0,
}
ACTIVE_STATES = frozenset({"active", "at_risk", ""})
GREETED_STATES = frozenset({"active", "at_risk", "dormant", ""})


def priority(kind: str, customer: CustomerFacts | None, *, due_on: dt.date, as_of: dt.date) -> float:
    """Higher first: the kind's weight, plus the customer's value, plus how overdue it is."""
    value = 0.0
    if customer is not None:
        value = min(25.0, 5.0 * math.log10(1.0 + max(customer.revenue_12m, 0.0)))
        value += 15.0 if customer.tier == Tier.KEY else 0.0
    overdue = min(20.0, max(0, (as_of - due_on).days))
    return round(BASE_PRIORITY.get(kind, 30.0) + value + overdue, 1)


def _task(
    kind: str,
    key: str,
    customer: CustomerFacts,
    *,
    due_on: dt.date,
    as_of: dt.date,
    title: Message,
    why: Sequence[Message],
    details: dict[str, object] | None = None,
) -> ProposedTask:
    return ProposedTask(
        key=key,
        kind=kind,
        customer_id=customer.customer_id,
        assignee_id=customer.owner_id,
        due_on=due_on,
        title=title,
        why=tuple(why),
        priority=priority(kind, customer, due_on=due_on, as_of=as_of),
        details=dict(details or {}),
    )


# --- follow-up ladder (001 item 10) -------------------------------------------------------------

#: The code stem of each ladder step: ``cadence.ladder.<step>.title`` and ``….why``
#: (``days`` since the mail, its ``subject``, the day it was ``sent``).
LADDER_STEP = {
    TaskKind.LADDER_ASK: "ask",
    TaskKind.LADDER_INTRO: "intro",
    TaskKind.LADDER_CALL: "call",
}


def ladder_offsets(tier: str, policy: CadencePolicy) -> tuple[int, ...]:
    """Days after the mail for each ladder step; small customers never tighter than the floor."""
    if tier != Tier.SMALL:
        return tuple(policy.ladder_days)
    floor = policy.small_floor_days
    return tuple(max(days, floor * (i + 1)) for i, days in enumerate(policy.ladder_days))


def ladder_tasks(
    customer: CustomerFacts, mails: Sequence[Mail], *, as_of: dt.date, policy: CadencePolicy
) -> list[ProposedTask]:
    """The current ladder step for the customer's latest unanswered outgoing mail.

    The ladder stops as soon as the customer replies: the mail carries a reply time, or any
    contact from the customer came in on or after the day it was sent.
    """
    if customer.state not in ACTIVE_STATES:
        return []
    # Order news (photos, shipping notices) expects no answer: only real mails start a ladder.
    outgoing = [m for m in mails if m.outgoing and m.occurred_on <= as_of and not is_order_notice(m.subject)]
    if not outgoing:
        return []
    last = max(outgoing, key=lambda m: (m.occurred_on, m.interaction_id))
    if last.reply_hours is not None or (as_of - last.occurred_on).days > policy.ladder_lookback_days:
        return []
    if any(not m.outgoing and last.occurred_on <= m.occurred_on <= as_of for m in mails):
        return []
    offsets = ladder_offsets(customer.tier, policy)
    dues = [last.occurred_on + dt.timedelta(days=d) for d in offsets]
    reached = [i for i, due in enumerate(dues) if due <= as_of]
    step = reached[-1] if reached else 0
    if step == len(dues) - 1 and (as_of - dues[step]).days > policy.small_floor_days:
        return []  # the ladder ended a while ago; the monthly touch takes over
    if dues[step] > as_of + dt.timedelta(days=policy.horizon_days):
        return []
    kind = TaskKind.LADDER[step]
    stem = f"cadence.ladder.{LADDER_STEP[kind]}"
    why = [
        Message(
            f"{stem}.why", {"days": offsets[step], "subject": last.subject or "—", "sent": last.occurred_on}
        )
    ]
    if customer.tier == Tier.SMALL:
        why.append(Message("cadence.ladder.small_floor", {"days": policy.small_floor_days}))
    return [
        _task(
            kind,
            f"ladder:{last.interaction_id}:{step + 1}",
            customer,
            due_on=dues[step],
            as_of=as_of,
            title=Message(f"{stem}.title"),
            why=why,
            details={"interaction_id": last.interaction_id, "step": step + 1, "subject": last.subject},
        )
    ]


# --- monthly touch (001) ------------------------------------------------------------------------


def touch_interval(tier: str, policy: CadencePolicy) -> int:
    """Days between personal contacts: key customers more often than the monthly minimum."""
    return policy.key_touch_days if tier == Tier.KEY else policy.touch_days


def monthly_touch(
    customer: CustomerFacts,
    *,
    as_of: dt.date,
    policy: CadencePolicy,
    new_products: Sequence[str] = (),
) -> list[ProposedTask]:
    """A personal contact once the last one is an interval old, with suggested topics."""
    if customer.state not in ACTIVE_STATES:
        return []
    interval = touch_interval(customer.tier, policy)
    last = customer.last_touch_on
    due = as_of if last is None else last + dt.timedelta(days=interval)
    if due > as_of + dt.timedelta(days=policy.horizon_days):
        return []
    topics = touch_topics(customer.country, due, new_products=new_products)
    if last is None:
        why = [Message("cadence.touch.first")]
    else:
        code = "cadence.touch.last_key" if customer.tier == Tier.KEY else "cadence.touch.last"
        why = [Message(code, {"last": last, "days": interval}), *topics]
    return [
        _task(
            TaskKind.MONTHLY_TOUCH,
            f"touch:{customer.customer_id}:{due.isoformat()}",
            customer,
            due_on=due,
            as_of=as_of,
            title=Message("cadence.touch.title"),
            why=why,
            details={"topics": [t.to_json() for t in topics]},
        )
    ]


# --- festivals and birthdays --------------------------------------------------------------------


def festival_tasks(customer: CustomerFacts, *, as_of: dt.date, policy: CadencePolicy) -> list[ProposedTask]:
    """A greeting ``festival_lead_days`` before each of the customer's national festivals."""
    if customer.state not in GREETED_STATES or not customer.country:
        return []
    lead = dt.timedelta(days=policy.festival_lead_days)
    horizon = as_of + dt.timedelta(days=policy.horizon_days)
    out = []
    codes = greetings_for(customer.country, switches=policy.festival_switches)
    for fest in festivals_between(customer.country, as_of, horizon + lead, codes):
        due = fest.on - lead
        if due > horizon:
            continue
        out.append(
            _task(
                TaskKind.FESTIVAL,
                f"festival:{customer.customer_id}:{fest.code}:{fest.on.isoformat()}",
                customer,
                due_on=due,
                as_of=as_of,
                title=Message("cadence.festival.title", {"festival": fest.greeting}),
                why=[
                    Message(
                        "cadence.festival.why",
                        {"festival": fest.greeting, "country": fest.country, "on": fest.on},
                    )
                ],
                details={"festival": fest.code, "greeting": fest.greeting, "on": fest.on.isoformat()},
            )
        )
    return out


def birthday_tasks(
    customer: CustomerFacts, birthdays: Iterable[Birthday], *, as_of: dt.date, policy: CadencePolicy
) -> list[ProposedTask]:
    """Birthday wishes to each contact, ``birthday_lead_days`` ahead."""
    if customer.state not in GREETED_STATES:
        return []
    out = []
    horizon = as_of + dt.timedelta(days=policy.horizon_days)
    for person in birthdays:
        day = next_birthday(person.birthday, as_of)
        due = day - dt.timedelta(days=policy.birthday_lead_days)
        if due > horizon:
            continue
        out.append(
            _task(
                TaskKind.BIRTHDAY,
                f"birthday:{person.contact_id}:{day.year}",
                customer,
                due_on=due,
                as_of=as_of,
                title=Message("cadence.birthday.title", {"name": person.name}),
                why=[Message("cadence.birthday.why", {"name": person.name, "on": day})],
                details={"contact_id": person.contact_id, "on": day.isoformat()},
            )
        )
    return out


# --- pre-season contact and the seasonal sample calendar (004) ----------------------------------


def pre_season_tasks(customer: CustomerFacts, *, as_of: dt.date, policy: CadencePolicy) -> list[ProposedTask]:
    """Samples or a catalogue two months before the predicted next-order window (not for frequent buyers)."""
    start = customer.window_start
    if start is None or start <= as_of or customer.state not in ACTIVE_STATES:
        return []
    gap = customer.typical_gap_days
    if gap is not None and gap < policy.pre_season_min_gap_days:
        return []
    done = customer.done_on.get(TaskKind.PRE_SEASON)
    if done is not None and (as_of - done).days < policy.pre_season_repeat_days:
        return []
    due = start - dt.timedelta(days=policy.pre_season_lead_days)
    if due > as_of + dt.timedelta(days=policy.horizon_days):
        return []
    return [
        _task(
            TaskKind.PRE_SEASON,
            f"pre_season:{customer.customer_id}:{start:%Y-%m}",
            customer,
            due_on=due,
            as_of=as_of,
            title=Message("cadence.pre_season.title"),
            why=[Message("cadence.pre_season.why", {"start": start})],
            details={"window_start": start.isoformat()},
        )
    ]


def seasonal_peak_month(order_dates: Sequence[dt.date], policy: CadencePolicy) -> int | None:
    """The first month of a three-month span holding most orders, for buyers seen in enough years."""
    if len({d.year for d in order_dates}) < policy.season_min_years:
        return None
    months = Counter(d.month for d in order_dates)
    total = sum(months.values())
    best, share = None, 0.0
    for m in range(1, 13):
        span = sum(months.get((m - 1 + k) % 12 + 1, 0) for k in range(3)) / total
        if span > share + 1e-9:
            best, share = m, span
    return best if share >= policy.season_min_share else None


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def seasonal_tasks(customer: CustomerFacts, *, as_of: dt.date, policy: CadencePolicy) -> list[ProposedTask]:
    """Seed 004's sample calendar: samples six months and designs three months before the season."""
    if customer.state not in ACTIVE_STATES:
        return []
    peak = seasonal_peak_month(customer.order_dates, policy)
    if peak is None:
        return []
    season = dt.date(as_of.year, peak, 1)
    if season <= as_of:
        season = dt.date(as_of.year + 1, peak, 1)
    horizon = as_of + dt.timedelta(days=policy.horizon_days)
    out = []
    steps = (
        (TaskKind.SEASON_SAMPLES, policy.season_samples_months, "cadence.season.samples"),
        (TaskKind.SEASON_DESIGNS, policy.season_designs_months, "cadence.season.designs"),
    )
    for i, (kind, months, stem) in enumerate(steps):
        due = _add_months(season, -months)
        until = _add_months(season, -steps[1][1]) if i == 0 else season
        if due > horizon or as_of >= until:
            continue
        out.append(
            _task(
                kind,
                f"{kind}:{customer.customer_id}:{season:%Y-%m}",
                customer,
                due_on=due,
                as_of=as_of,
                title=Message(f"{stem}.title"),
                why=[Message(f"{stem}.why", {"season": season, "months": months})],
                details={"season": season.isoformat()},
            )
        )
    return out


# --- order touchpoints (001 item 14) ------------------------------------------------------------

#: The code stem of each order touchpoint: ``cadence.order.<step>.title`` and ``….why``
#: (the order's ``order_no`` and ``order_date``).
ORDER_STEP = {
    TaskKind.ORDER_COMPLETION: "completion",
    TaskKind.ORDER_PHOTOS: "photos",
    TaskKind.ORDER_SHIPPING: "shipping",
    TaskKind.ORDER_LOADING: "loading",
}


def _already_sent(kind: str, order: OpenOrder, mails: Sequence[Mail], *, as_of: dt.date) -> bool:
    words = ORDER_SENT_WORDS[kind]
    return any(
        m.outgoing
        and order.order_date <= m.occurred_on <= as_of
        and any(w in m.subject.lower() for w in words)
        for m in mails
    )


def order_tasks(
    customer: CustomerFacts,
    orders: Iterable[OpenOrder],
    *,
    as_of: dt.date,
    policy: CadencePolicy,
    mails: Sequence[Mail] = (),
) -> list[ProposedTask]:
    """The touchpoints of each open order, while due within the horizon, not stale and not yet sent.

    A touchpoint counts as sent when an outgoing mail since the order names it in its subject
    ("production photos", "装柜照片"…), as the mailbox sync and Laoke's own drafts record them.
    """
    horizon = as_of + dt.timedelta(days=policy.horizon_days)
    out = []
    for order in orders:
        if (as_of - order.order_date).days > policy.order_span_days:
            continue
        for kind, offset in policy.order_steps:
            due = order.order_date + dt.timedelta(days=offset)
            if due > horizon or (as_of - due).days > policy.order_grace_days:
                continue
            # A touchpoint whose day passed before the order reached Laoke (a history import) is
            # not proposed: it was done or missed outside Laoke, and would only open overdue.
            if order.known_on is not None and due < order.known_on:
                continue
            if _already_sent(kind, order, mails, as_of=as_of):
                continue
            stem = f"cadence.order.{ORDER_STEP[kind]}"
            out.append(
                _task(
                    kind,
                    f"order:{order.order_no}:{kind}",
                    customer,
                    due_on=due,
                    as_of=as_of,
                    title=Message(f"{stem}.title"),
                    why=[
                        Message(f"{stem}.why", {"order_no": order.order_no, "order_date": order.order_date})
                    ],
                    details={"order_no": order.order_no},
                )
            )
    return out


# --- reactivation (004) -------------------------------------------------------------------------


def reactivation_task(
    customer: CustomerFacts, plan: PlanState, *, as_of: dt.date, policy: CadencePolicy
) -> list[ProposedTask]:
    """The next touch of a dormant customer's plan, with the count of attempts and rejections."""
    from laoke.core.cadence.reactivation import STAGES, stage_due

    index = min(plan.attempts, len(STAGES) - 1)
    stage = STAGES[index]
    due = stage_due(plan, index)
    if due > as_of + dt.timedelta(days=policy.horizon_days):
        return []
    left = max(0, policy.reactivation_rejections - plan.rejections)
    if left:
        count = Message(
            "cadence.reactivation.count", {"attempts": plan.attempts, "rejections": plan.rejections}
        )
    else:
        count = Message("cadence.reactivation.selling", {"rejections": plan.rejections})
    return [
        _task(
            TaskKind.REACTIVATION,
            f"reactivation:{plan.plan_id}:{plan.attempts + 1}",
            customer,
            due_on=due,
            as_of=as_of,
            title=Message(".".join(("cadence", "reactivation", stage.code, "title")), {"step": index + 1}),
            why=[Message("cadence.reactivation.dormant"), count],
            details={"plan_id": plan.plan_id, "stage": stage.code},
        )
    ]
