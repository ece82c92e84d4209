"""Trips: one per salesperson and season, city by city, on the country's own working days."""

from __future__ import annotations

import datetime as dt

from laoke.core.cadence.engine import propose
from laoke.core.cadence.model import CustomerFacts, TaskKind, Tier, VisitProposal
from laoke.core.cadence.policy import CadencePolicy
from laoke.core.cadence.trips import TripReason, plan_trips, reason_messages, trip_task
from laoke.core.messages import Message

POLICY = CadencePolicy()
MAY = dt.date(2027, 5, 20)
AUGUST = dt.date(2027, 8, 1)


def key(
    cid: int, country: str, *, city: str = "", owner: int | None = 1, revenue: float = 1000.0
) -> CustomerFacts:
    return CustomerFacts(
        customer_id=cid,
        name=f"C{cid}",
        country=country,
        city=city,
        owner_id=owner,
        tier=Tier.KEY,
        grade="A",
        state="active",
        revenue_12m=revenue,
    )


def test_one_trip_per_salesperson_and_season_to_the_biggest_country() -> None:
    """Key customers in seven countries give one trip for the window, to the country with most sales."""
    customers = [key(i, c) for i, c in enumerate(("AU", "JP", "KR", "SG", "FR", "IT"), start=1)]
    customers += [key(10, "DE", revenue=5000), key(11, "DE", revenue=4000)]
    trips = plan_trips(customers, as_of=MAY, policy=POLICY)
    assert len(trips) == 1
    (trip,) = trips
    assert trip.country == "DE" and set(trip.customer_ids) == {10, 11}
    assert dt.date(2027, 6, 20) <= trip.starts_on <= trip.ends_on <= dt.date(2027, 6, 29)
    assert trip.reasons[0].code == "summer_before"


def test_a_salesperson_who_left_gets_no_trip() -> None:
    """Customers passed without an owner (their salesperson left) get no trip and no task."""
    proposal = propose(customers=[key(1, "DE", owner=None), key(2, "DE", owner=None)], as_of=MAY)
    assert proposal.visits == [] and not [t for t in proposal.tasks if t.kind == TaskKind.VISIT]


def test_visits_go_city_by_city_two_a_day_on_working_days() -> None:
    """Three customers in Hamburg and one in Munich: two Hamburg visits a day, Munich on a new day."""
    customers = [
        key(1, "DE", city="Hamburg", revenue=900),
        key(2, "DE", city=" hamburg ", revenue=800),
        key(3, "DE", city="Hamburg", revenue=700),
        key(4, "DE", city="München", revenue=100),
    ]
    (trip,) = plan_trips(customers, as_of=MAY, policy=POLICY)
    days = [(s.customer_id, s.city, s.day) for s in trip.stops]
    # 2027-06-20 is a Sunday: the first working day is Monday the 21st.
    assert days == [
        (1, "Hamburg", dt.date(2027, 6, 21)),
        (2, "Hamburg", dt.date(2027, 6, 21)),
        (3, "Hamburg", dt.date(2027, 6, 22)),
        (4, "München", dt.date(2027, 6, 23)),
    ]
    assert trip.cities == ("Hamburg", "München")
    assert all(s.day.weekday() < 5 for s in trip.stops)


def test_the_countrys_own_public_holiday_is_skipped_and_named() -> None:
    """A US trip in early September skips Labor Day (Monday 6 September 2027), says so, not Europe."""
    customers = [key(i, "US", city="Chicago") for i in range(1, 8)]
    (trip,) = plan_trips(customers, as_of=AUGUST, policy=POLICY)
    assert dt.date(2027, 9, 6) not in {s.day for s in trip.stops}
    codes = [r.code for r in trip.reasons]
    assert "holidays_skipped" in codes and "summer_before" not in codes and "summer_after" not in codes
    task = trip_task(trip, as_of=AUGUST, policy=POLICY)
    assert task.title == Message("cadence.trip.title", {"country": "US", "count": 7, "cities": "Chicago"})
    assert task.why[0] == Message("cadence.trip.days", {"starts_on": trip.starts_on, "ends_on": trip.ends_on})
    assert (
        Message(
            "cadence.trip.reason.holiday_skipped",
            {"country": "US", "holiday": "Labor Day", "day": "2027-09-06"},
        )
        in task.why
    )
    assert not any("summer" in m.code for m in task.why)
    assert (task.title_en, task.title_zh, task.why_en, task.why_zh) == ("", "", "", "")


def test_japan_trip_is_justified_by_japan_not_by_the_european_summer() -> None:
    """A Japanese trip names Japan's own calendar; the next order it comes before is named too."""
    customer = CustomerFacts(
        customer_id=1,
        name="Osaka Trading",
        country="JP",
        city="Osaka",
        owner_id=1,
        tier=Tier.KEY,
        state="active",
        revenue_12m=100.0,
        window_start=dt.date(2027, 8, 15),
    )
    (trip,) = plan_trips([customer], as_of=MAY, policy=POLICY)
    task = trip_task(trip, as_of=MAY, policy=POLICY)
    assert [m.code for m in task.why] == [
        "cadence.trip.days",
        "cadence.trip.reason.no_holiday",
        "cadence.trip.reason.order_ahead",
    ]
    assert task.why[1].params == {"country": "JP"}
    assert task.why[2].params == {"customer": "Osaka Trading", "day": "2027-08-15"}


def test_a_gulf_trip_names_ramadan_by_its_code_and_days() -> None:
    """A quiet period skipped is a code with its days, not the calendar's sentence."""
    reason = TripReason(
        "quiet_skipped", {"period": "ramadan", "starts_on": "2027-02-07", "ends_on": "2027-03-08"}
    )
    assert reason_messages(reason, "AE") == [
        Message(
            "cadence.trip.reason.quiet.ramadan",
            {"country": "AE", "starts_on": "2027-02-07", "ends_on": "2027-03-08"},
        )
    ]
    cities = trip_task(
        VisitProposal("trip:1:x", 1, "DE", MAY, MAY, (1, 2), ("A", "B"), cities=("Hamburg", "Bremen")),
        as_of=MAY,
        policy=POLICY,
    )
    assert cities.title is not None and cities.title.params["cities"] == "Hamburg\nBremen"


def test_no_trip_when_the_window_is_all_quiet() -> None:
    """A Gulf customer's window inside Ramadan has no working day left: no trip is proposed."""
    policy = CadencePolicy(visit_seasons=((2, 12, 10),))
    assert plan_trips([key(1, "AE")], as_of=dt.date(2027, 1, 20), policy=policy) == []


def test_planning_is_deterministic() -> None:
    """The same facts give the same trips with the same keys (recomputing never duplicates)."""
    customers = [key(i, c, city="X") for i, c in enumerate(("DE", "FR", "US", "DE"), start=1)]
    assert plan_trips(customers, as_of=MAY, policy=POLICY) == plan_trips(customers, as_of=MAY, policy=POLICY)
