"""Business trips: at most one proposal per salesperson and trip season (004: late June, early September).

For each salesperson still with the company, the key customers are grouped by country and, inside
a country, by city. Each country gets a day-by-day schedule inside the season's window: working
days only, never on a public holiday of that country (``holidays`` package, by country code) nor in
one of its quiet periods (Ramadan in the Gulf, the European summer); one city after the other,
at most :data:`VISITS_PER_DAY` visits a day. The country whose schedule reaches the most business
(12-month sales of the customers visited) becomes the salesperson's one trip for that window.

Why this trip is explained by the country's own facts (:class:`TripReason`): the public holidays
skipped, the summer break where it exists, the customers' next orders the visit comes before.
Pure: no clock, no database; ``as_of`` is passed in.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from laoke.core.cadence.calendar import QuietPeriod, quiet_periods_around
from laoke.core.cadence.model import CustomerFacts, ProposedTask, TaskKind, Tier, VisitProposal
from laoke.core.cadence.policy import CadencePolicy
from laoke.core.cadence.rules import BASE_PRIORITY
from laoke.core.messages import Message, Param

#: Customers whose state still makes a visit worthwhile.
VISIT_STATES = frozenset({"active", "at_risk", ""})
#: Visits on one day (a morning and an afternoon).
VISITS_PER_DAY = 2
#: Visits on one trip at most: the rest wait for the next season.
MAX_VISITS = 8
#: A next order expected this many days after the trip makes the visit timely.
ORDER_AHEAD_DAYS = 150
#: The task to plan a trip gains this much priority per visit.
PER_VISIT = 3.0


@dataclass(frozen=True)
class TripStop:
    """One visit on the trip: a customer, its city and the day."""

    customer_id: int
    name: str
    city: str
    day: dt.date


@dataclass(frozen=True)
class TripReason:
    """One fact behind the trip, as a code with parameters (the adapters word it)."""

    code: str  # summer_before | summer_after | holidays_skipped | no_holiday | quiet_skipped | orders_ahead
    #: Raw facts: ISO dates, holiday and customer names, a quiet period's code and days.
    params: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class _Candidate:
    country: str
    stops: tuple[TripStop, ...]
    revenue: float
    reasons: tuple[TripReason, ...]


@lru_cache(maxsize=512)
def public_holidays(country: str, year: int) -> tuple[tuple[dt.date, str], ...]:
    """The public holidays of ``country`` in ``year`` (date, English name); none for an unknown country.

    ``holidays`` is imported here, not at the top: it loads every country's module, which start-up
    should not pay for."""
    import holidays as holidays_lib

    try:
        table = holidays_lib.country_holidays(country.upper(), years=year)
    except (NotImplementedError, KeyError, AttributeError):
        return ()
    return tuple(sorted((day, str(name)) for day, name in table.items()))


def _holidays_between(country: str, start: dt.date, end: dt.date) -> dict[dt.date, str]:
    out: dict[dt.date, str] = {}
    for year in range(start.year, end.year + 1):
        out.update({d: n for d, n in public_holidays(country, year) if start <= d <= end})
    return out


def _city_key(city: str) -> str:
    return " ".join(city.split()).casefold()


def _by_city(members: Sequence[CustomerFacts]) -> list[list[CustomerFacts]]:
    """Customers grouped by city, the city with most business first; unknown city last."""
    groups: dict[str, list[CustomerFacts]] = defaultdict(list)
    for c in members:
        groups[_city_key(c.city)].append(c)
    ordered = sorted(
        groups.items(),
        key=lambda kv: (kv[0] == "", -sum(c.revenue_12m for c in kv[1]), kv[0]),
    )
    return [sorted(cs, key=lambda c: (-c.revenue_12m, c.customer_id)) for _, cs in ordered]


def _schedule(
    country: str,
    members: Sequence[CustomerFacts],
    *,
    window: tuple[dt.date, dt.date],
    quiet: Sequence[QuietPeriod],
) -> tuple[tuple[TripStop, ...], dict[dt.date, str], list[QuietPeriod]]:
    """Visits day by day inside ``window``: working days, no public holiday, no quiet period."""
    start, end = window
    off = _holidays_between(country, start, end)
    skipped_quiet: list[QuietPeriod] = []
    days: list[dt.date] = []
    day = start
    while day <= end:
        period = next((p for p in quiet if p.covers(day)), None)
        if period is not None and period not in skipped_quiet:
            skipped_quiet.append(period)
        if day.weekday() < 5 and day not in off and period is None:
            days.append(day)
        day += dt.timedelta(days=1)
    stops: list[TripStop] = []
    index = 0
    for group in _by_city(members):
        used_today = 0
        city = " ".join(group[0].city.split())  # one spelling per city: the biggest customer's
        for c in group:
            if len(stops) >= MAX_VISITS or index >= len(days):
                break
            stops.append(TripStop(c.customer_id, c.name, city, days[index]))
            used_today += 1
            if used_today == VISITS_PER_DAY:
                index, used_today = index + 1, 0
        if used_today:
            index += 1  # the next city starts on a new day (travel)
    last = stops[-1].day if stops else start
    skipped = {d: n for d, n in off.items() if d.weekday() < 5 and d <= last}
    return tuple(stops), skipped, skipped_quiet


def _reasons(
    country: str,
    stops: Sequence[TripStop],
    members: Mapping[int, CustomerFacts],
    *,
    skipped: Mapping[dt.date, str],
    quiet: Sequence[QuietPeriod],
    policy: CadencePolicy,
) -> tuple[TripReason, ...]:
    out: list[TripReason] = []
    first, last = stops[0].day, stops[-1].day
    if country in policy.europe_countries:
        out.append(TripReason("summer_before" if first.month < 7 else "summer_after"))
    if skipped:
        out.append(
            TripReason(
                "holidays_skipped",
                {"holidays": [(d.isoformat(), n) for d, n in sorted(skipped.items())]},
            )
        )
    else:
        out.append(TripReason("no_holiday", {"starts_on": first.isoformat(), "ends_on": last.isoformat()}))
    for period in quiet:
        if period.code != "europe_summer":
            out.append(
                TripReason(
                    "quiet_skipped",
                    {
                        "period": period.code,
                        "starts_on": period.starts_on.isoformat(),
                        "ends_on": period.ends_on.isoformat(),
                    },
                )
            )
    ahead = sorted(
        (members[s.customer_id].window_start or members[s.customer_id].next_order_on, s.name)
        for s in stops
        if (members[s.customer_id].window_start or members[s.customer_id].next_order_on) is not None
    )
    timely = [
        (day.isoformat(), name)
        for day, name in ahead
        if day is not None and last <= day <= last + dt.timedelta(days=ORDER_AHEAD_DAYS)
    ]
    if timely:
        out.append(TripReason("orders_ahead", {"orders": timely}))
    return tuple(out)


def plan_trips(
    customers: Iterable[CustomerFacts], *, as_of: dt.date, policy: CadencePolicy
) -> list[VisitProposal]:
    """At most one trip per salesperson and trip season whose proposal is due as of ``as_of``.

    Customers whose owner left are passed with no owner (the adapter knows who left): they get no
    trip. A country with no working day free of holidays and quiet periods in the window gets none.
    """
    groups: dict[int, dict[str, list[CustomerFacts]]] = defaultdict(lambda: defaultdict(list))
    for c in customers:
        if c.tier == Tier.KEY and c.owner_id is not None and c.country and c.state in VISIT_STATES:
            groups[c.owner_id][c.country.upper()].append(c)
    out: list[VisitProposal] = []
    quiet_cache: dict[tuple[str, int], list[QuietPeriod]] = {}
    for year in (as_of.year, as_of.year + 1):
        for month, day, length in policy.visit_seasons:
            start = dt.date(year, month, day)
            if start <= as_of or (start - as_of).days > policy.visit_notice_days:
                continue
            window = (start, start + dt.timedelta(days=length - 1))
            for owner in sorted(groups):
                best: _Candidate | None = None
                for country, members in sorted(groups[owner].items()):
                    if (country, year) not in quiet_cache:
                        quiet_cache[(country, year)] = quiet_periods_around(country, start, policy)
                    stops, skipped, quiet = _schedule(
                        country, members, window=window, quiet=quiet_cache[(country, year)]
                    )
                    if not stops:
                        continue
                    by_id = {c.customer_id: c for c in members}
                    revenue = sum(by_id[s.customer_id].revenue_12m for s in stops)
                    candidate = _Candidate(
                        country,
                        stops,
                        revenue,
                        _reasons(country, stops, by_id, skipped=skipped, quiet=quiet, policy=policy),
                    )
                    if best is None or (candidate.revenue, len(stops)) > (best.revenue, len(best.stops)):
                        best = candidate
                if best is None:
                    continue
                cities = tuple(dict.fromkeys(s.city for s in best.stops if s.city))
                out.append(
                    VisitProposal(
                        key=f"trip:{owner}:{start.isoformat()}",
                        owner_id=owner,
                        country=best.country,
                        starts_on=best.stops[0].day,
                        ends_on=best.stops[-1].day,
                        customer_ids=tuple(s.customer_id for s in best.stops),
                        customer_names=tuple(s.name for s in best.stops),
                        cities=cities,
                        stops=best.stops,
                        reasons=best.reasons,
                    )
                )
    return out


#: Quiet periods a trip reason words by their own code; any other is "a quiet period".
QUIET_WORDED = frozenset({"ramadan", "factory_new_year"})


def reason_messages(reason: TripReason, country: str) -> list[Message]:
    """One reason as messages (``cadence.trip.reason.*``): one per holiday or order it names.

    ``country`` is the trip's ISO code (the adapter names it in the reader's language). Reasons
    stored before they were codes (a quiet period with its own ``en``/``zh`` text) give none.
    """
    p = reason.params
    prefix = "cadence.trip.reason"
    if reason.code in ("summer_before", "summer_after", "no_holiday"):
        return [Message(f"{prefix}.{reason.code}", {"country": country})]
    if reason.code == "holidays_skipped":
        return [
            Message(f"{prefix}.holiday_skipped", {"country": country, "holiday": str(name), "day": str(day)})
            for day, name in p.get("holidays", [])  # type: ignore[attr-defined]
        ]
    if reason.code == "quiet_skipped" and "period" in p:
        period = str(p["period"])
        code = f"{prefix}.quiet.{period}" if period in QUIET_WORDED else f"{prefix}.quiet"
        dates = {"starts_on": str(p.get("starts_on", "")), "ends_on": str(p.get("ends_on", ""))}
        return [Message(code, {"country": country, **dates})]
    if reason.code == "orders_ahead":
        return [
            Message(f"{prefix}.order_ahead", {"customer": str(name), "day": str(day)})
            for day, name in p.get("orders", [])  # type: ignore[attr-defined]
        ]
    return []


def trip_task(
    trip: VisitProposal,
    *,
    as_of: dt.date,
    policy: CadencePolicy,
    country_names: Mapping[str, tuple[str, str]] | None = None,
) -> ProposedTask:
    """The salesperson's task to plan (or decline) the proposed trip, explained by the country's facts.

    The title names the country (its ISO code, worded by the adapter), the cities one per line
    (``cities``) and the number of key customers (``count``); the why gives the days, then each
    reason. ``country_names`` is no longer read (the reader's language names the country).
    """
    n = len(trip.customer_ids)
    params: dict[str, Param] = {"country": trip.country, "count": n}
    if trip.cities:
        params["cities"] = "\n".join(trip.cities)
    title = Message("cadence.trip.title" if trip.cities else "cadence.trip.title.no_city", params)
    days = Message("cadence.trip.days", {"starts_on": trip.starts_on, "ends_on": trip.ends_on})
    why = [days] + [m for r in trip.reasons for m in reason_messages(r, trip.country)]
    return ProposedTask(
        key=trip.key,
        kind=TaskKind.VISIT,
        customer_id=None,
        assignee_id=trip.owner_id,
        due_on=max(as_of, trip.starts_on - dt.timedelta(days=policy.visit_notice_days)),
        title=title,
        why=tuple(why),
        priority=round(BASE_PRIORITY[TaskKind.VISIT] + PER_VISIT * n, 1),
        details={"visit_key": trip.key, "country": trip.country},
    )
