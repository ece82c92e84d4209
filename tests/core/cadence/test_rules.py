"""Cadence rules with a fixed ``as_of``: ladder, monthly touch, festivals, quiet periods, pre-season."""

from __future__ import annotations

import datetime as dt

import pytest

from laoke.core.cadence.calendar import festivals, quiet_periods
from laoke.core.cadence.engine import propose
from laoke.core.cadence.model import (
    Birthday,
    CustomerFacts,
    Mail,
    OpenOrder,
    PlanState,
    TaskKind,
    Tier,
)
from laoke.core.cadence.policy import CadencePolicy
from laoke.core.cadence.rules import ladder_tasks, monthly_touch, seasonal_peak_month
from laoke.core.messages import Message

AS_OF = dt.date(2026, 11, 25)
POLICY = CadencePolicy()


def customer(**kw: object) -> CustomerFacts:
    base: dict[str, object] = {
        "customer_id": 1,
        "name": "Acme",
        "country": "US",
        "owner_id": 7,
        "last_touch_on": AS_OF - dt.timedelta(days=2),
    }
    base.update(kw)
    return CustomerFacts(**base)  # type: ignore[arg-type]


def sent(days_ago: int, *, reply: float | None = None, iid: int = 10) -> Mail:
    return Mail(
        iid, 1, AS_OF - dt.timedelta(days=days_ago), outgoing=True, reply_hours=reply, subject="Offer"
    )


def kinds(tasks: list) -> list[str]:
    return [t.kind for t in tasks]


class TestLadder:
    @pytest.mark.parametrize(
        ("days_ago", "kind", "due_offset"),
        [
            (1, TaskKind.LADDER_ASK, 3),
            (3, TaskKind.LADDER_ASK, 3),
            (8, TaskKind.LADDER_INTRO, 7),
            (12, TaskKind.LADDER_CALL, 12),
        ],
    )
    def test_step_follows_days_without_reply(self, days_ago: int, kind: str, due_offset: int) -> None:
        """No reply in 3 days → ask; a few days later → product introduction; then → phone call."""
        tasks = ladder_tasks(customer(), [sent(days_ago)], as_of=AS_OF, policy=POLICY)
        assert kinds(tasks) == [kind]
        assert tasks[0].due_on == AS_OF - dt.timedelta(days=days_ago) + dt.timedelta(days=due_offset)

    def test_stops_when_the_mail_has_a_reply_time(self) -> None:
        """An answered mail starts no ladder."""
        assert ladder_tasks(customer(), [sent(8, reply=30.0)], as_of=AS_OF, policy=POLICY) == []

    def test_stops_when_the_customer_writes_in(self) -> None:
        """Any contact from the customer after the mail stops the ladder."""
        reply = Mail(11, 1, AS_OF - dt.timedelta(days=2), outgoing=False)
        assert ladder_tasks(customer(), [sent(8), reply], as_of=AS_OF, policy=POLICY) == []
        older = Mail(12, 1, AS_OF - dt.timedelta(days=20), outgoing=False)
        assert kinds(ladder_tasks(customer(), [sent(8), older], as_of=AS_OF, policy=POLICY)) == [
            TaskKind.LADDER_INTRO
        ]

    def test_small_customers_are_not_chased_tighter_than_two_weeks(self) -> None:
        """A small customer's first step comes after 14 days, the next after 28."""
        small = customer(tier=Tier.SMALL)
        assert ladder_tasks(small, [sent(5)], as_of=AS_OF, policy=POLICY)[0].due_on == AS_OF + dt.timedelta(
            days=9
        )
        steps = ladder_tasks(small, [sent(30)], as_of=AS_OF, policy=POLICY)
        assert kinds(steps) == [TaskKind.LADDER_INTRO]
        assert steps[0].due_on == AS_OF - dt.timedelta(days=2)

    def test_only_the_latest_mail_counts(self) -> None:
        """A newer answered mail ends the ladder of an older unanswered one."""
        mails = [sent(10, iid=1), sent(4, reply=2.0, iid=2)]
        assert ladder_tasks(customer(), mails, as_of=AS_OF, policy=POLICY) == []

    def test_order_news_starts_no_ladder(self) -> None:
        """An unanswered mail with loading photos expects no reply: no chasing."""
        notice = Mail(
            20, 1, AS_OF - dt.timedelta(days=5), outgoing=True, subject="Order SO-1: loading photos 装柜照片"
        )
        assert ladder_tasks(customer(), [notice], as_of=AS_OF, policy=POLICY) == []

    def test_a_finished_ladder_is_not_proposed_forever(self) -> None:
        """Weeks after the phone call step, the monthly touch takes over."""
        assert ladder_tasks(customer(), [sent(40)], as_of=AS_OF, policy=POLICY) == []


class TestMonthlyTouch:
    def test_regular_customer_monthly_with_topics(self) -> None:
        """A regular customer is due 30 days after the last contact, with suggested topics."""
        recent = customer(last_touch_on=AS_OF - dt.timedelta(days=25))
        task = monthly_touch(recent, as_of=AS_OF, policy=POLICY, new_products=["PR-254"])[0]
        assert task.due_on == AS_OF + dt.timedelta(days=5)
        assert task.title == Message("cadence.touch.title")
        topics = [Message.from_json(t) for t in task.details["topics"]]
        assert topics[0] == Message("cadence.topic.new_products", {"names": "PR-254"})
        assert Message("cadence.topic.festival", {"festival": "christmas"}) in topics
        assert topics[-1] == Message("cadence.topic.price")
        # the reasons: the last contact and the interval, then the topics
        last = Message("cadence.touch.last", {"last": AS_OF - dt.timedelta(days=25), "days": 30})
        assert task.why == (last, *topics)
        assert not (task.title_en or task.title_zh or task.why_en or task.why_zh)

    def test_key_customers_more_often(self) -> None:
        """A key customer is due every 14 days."""
        key = customer(tier=Tier.KEY, last_touch_on=AS_OF - dt.timedelta(days=10))
        assert monthly_touch(key, as_of=AS_OF, policy=POLICY)[0].due_on == AS_OF + dt.timedelta(days=4)
        regular = customer(last_touch_on=AS_OF - dt.timedelta(days=10))
        assert monthly_touch(regular, as_of=AS_OF, policy=POLICY)[0].due_on == AS_OF + dt.timedelta(days=20)

    def test_lost_and_dormant_get_no_monthly_touch(self) -> None:
        """Lost customers get none; dormant ones are handled by their reactivation plan."""
        for state in ("lost", "dormant", "target"):
            assert monthly_touch(customer(state=state), as_of=AS_OF, policy=POLICY) == []


TEN_COUNTRIES = {
    "CN": "lunar_new_year",
    "AE": "eid_al_fitr",
    "US": "thanksgiving",
    "DE": "christmas",
    "BR": "christmas",
    "IN": "diwali",
    "SA": "eid_al_adha",
    "FR": "national_day",
    "GB": "easter",
    "TR": "eid_al_fitr",
    "VN": "lunar_new_year",
    "KR": "mid_autumn",
}


class TestFestivals:
    @pytest.mark.parametrize(("country", "code"), sorted(TEN_COUNTRIES.items()))
    def test_each_country_has_its_own_festivals(self, country: str, code: str) -> None:
        """The holidays package gives each country its own greeted festivals."""
        codes = {f.code for f in festivals(country, 2027)}
        assert code in codes

    def test_greeting_a_week_before_in_the_customers_country(self) -> None:
        """A US customer is greeted 7 days before Thanksgiving and Christmas; a Chinese one before 春节."""
        us = propose(customers=[customer()], as_of=dt.date(2026, 11, 20)).tasks
        greets = {t.details["festival"]: t.due_on for t in us if t.kind == TaskKind.FESTIVAL}
        assert greets["thanksgiving"] == dt.date(2026, 11, 19)
        assert greets["christmas"] == dt.date(2026, 12, 18)
        cn = propose(customers=[customer(country="CN")], as_of=dt.date(2027, 1, 20)).tasks
        spring = [t for t in cn if t.kind == TaskKind.FESTIVAL and t.details["festival"] == "lunar_new_year"]
        assert spring and spring[0].due_on == dt.date(2027, 1, 30)
        assert spring[0].title == Message("cadence.festival.title", {"festival": "lunar_new_year"})
        assert spring[0].why == (
            Message(
                "cadence.festival.why",
                {"festival": "lunar_new_year", "country": "CN", "on": dt.date(2027, 2, 6)},
            ),
        )

    def test_festivals_differ_between_ten_countries(self) -> None:
        """At least ten countries yield greetings on at least two distinct dates each."""
        dates = {c: {f.on for f in festivals(c, 2027)} for c in TEN_COUNTRIES}
        assert all(len(d) >= 2 for d in dates.values())
        assert len({frozenset(d) for d in dates.values()}) >= 9

    def test_birthday_three_days_ahead(self) -> None:
        """A contact's birthday is greeted three days before."""
        person = Birthday(5, 1, "Maria", dt.date(1980, 12, 4))
        tasks = propose(customers=[customer()], birthdays=[person], as_of=AS_OF).tasks
        birthday = [t for t in tasks if t.kind == TaskKind.BIRTHDAY]
        assert [t.due_on for t in birthday] == [dt.date(2026, 12, 1)]


class TestQuietPeriods:
    def test_ramadan_for_gulf_buyers_from_eid(self) -> None:
        """Ramadan is the month before the holidays package's Eid al-Fitr for Gulf buyers only."""
        (ramadan,) = [p for p in quiet_periods("AE", 2027, POLICY) if p.code == "ramadan"]
        eid = next(f.on for f in festivals("AE", 2027) if f.code == "eid_al_fitr")
        assert ramadan.ends_on == eid - dt.timedelta(days=1)
        assert (ramadan.ends_on - ramadan.starts_on).days == 29
        assert not [p for p in quiet_periods("DE", 2027, POLICY) if p.code == "ramadan"]

    def test_monthly_touch_moves_after_ramadan(self) -> None:
        """A monthly mail due in Ramadan moves to the day after it, saying why."""
        as_of = dt.date(2027, 2, 10)
        gulf = customer(country="AE", last_touch_on=as_of - dt.timedelta(days=25))
        touch = next(
            t for t in propose(customers=[gulf], as_of=as_of).tasks if t.kind == TaskKind.MONTHLY_TOUCH
        )
        assert touch.due_on == dt.date(2027, 3, 9)
        assert touch.details["moved_from"] == "2027-02-15"
        assert touch.why[-1] == Message(
            "cadence.quiet.moved.ramadan",
            {"from": dt.date(2027, 2, 15), "country": "AE", "on": dt.date(2027, 3, 9)},
        )

    def test_chinese_new_year_shutdown_moves_pushes(self) -> None:
        """Our factory's New Year shutdown moves a US customer's monthly mail after it."""
        as_of = dt.date(2027, 1, 25)
        task = next(
            t
            for t in propose(customers=[customer(last_touch_on=dt.date(2027, 1, 5))], as_of=as_of).tasks
            if t.kind == TaskKind.MONTHLY_TOUCH
        )
        assert task.due_on == dt.date(2027, 2, 21)
        assert task.details["quiet"] == "factory_new_year"

    def test_european_summer_moves_the_pre_season_push_before_july(self) -> None:
        """A German buyer's pre-season contact due in July moves to the end of June."""
        as_of = dt.date(2027, 6, 15)
        de = customer(country="DE", window_start=dt.date(2027, 9, 10))
        task = next(t for t in propose(customers=[de], as_of=as_of).tasks if t.kind == TaskKind.PRE_SEASON)
        assert task.due_on == dt.date(2027, 6, 30)

    def test_european_summer_keeps_the_monthly_touch(self) -> None:
        """The monthly touch stays in July for Europeans, with a note about holidays."""
        as_of = dt.date(2027, 7, 5)
        de = customer(country="DE", last_touch_on=dt.date(2027, 6, 10))
        task = next(t for t in propose(customers=[de], as_of=as_of).tasks if t.kind == TaskKind.MONTHLY_TOUCH)
        assert task.due_on == dt.date(2027, 7, 10)
        assert task.why[-1] == Message("cadence.quiet.short.europe_summer", {"country": "DE"})


class TestSeason:
    def test_pre_season_two_months_before_the_forecast_window(self) -> None:
        """Samples or catalogue are due 60 days before the forecast window starts."""
        c = customer(window_start=dt.date(2027, 1, 10))
        (task,) = [t for t in propose(customers=[c], as_of=AS_OF).tasks if t.kind == TaskKind.PRE_SEASON]
        assert task.due_on == dt.date(2026, 11, 11)
        far = customer(window_start=dt.date(2027, 6, 1))
        assert not [t for t in propose(customers=[far], as_of=AS_OF).tasks if t.kind == TaskKind.PRE_SEASON]

    def test_pre_season_not_repeated_after_it_was_done(self) -> None:
        """A pre-season contact done recently is not asked again."""
        c = customer(
            window_start=dt.date(2027, 1, 10), done_on={TaskKind.PRE_SEASON: AS_OF - dt.timedelta(days=10)}
        )
        assert not [t for t in propose(customers=[c], as_of=AS_OF).tasks if t.kind == TaskKind.PRE_SEASON]

    def test_christmas_buyer_sample_calendar(self) -> None:
        """A January buyer gets samples in July and designs settled in October (seed 004)."""
        orders = tuple(dt.date(y, 1, 15) for y in range(2020, 2027))
        c = customer(order_dates=orders)
        assert seasonal_peak_month(orders, POLICY) == 1
        july = propose(customers=[c], as_of=dt.date(2026, 6, 20)).tasks
        (samples,) = [t for t in july if t.kind == TaskKind.SEASON_SAMPLES]
        assert samples.due_on == dt.date(2026, 7, 1)
        october = propose(customers=[c], as_of=dt.date(2026, 9, 20)).tasks
        (designs,) = [t for t in october if t.kind == TaskKind.SEASON_DESIGNS]
        assert designs.due_on == dt.date(2026, 10, 1)

    def test_seasonal_calendar_replaces_the_pre_season_push(self) -> None:
        """A Christmas buyer in its sample month gets the sample task, not a second pre-season one."""
        orders = tuple(dt.date(y, 1, 15) for y in range(2020, 2027))
        c = customer(order_dates=orders, window_start=dt.date(2026, 8, 20), typical_gap_days=365.0)
        kinds = [t.kind for t in propose(customers=[c], as_of=dt.date(2026, 6, 20)).tasks]
        assert TaskKind.SEASON_SAMPLES in kinds and TaskKind.PRE_SEASON not in kinds

    def test_year_round_buyer_is_not_seasonal(self) -> None:
        """Orders spread over the year make no seasonal calendar."""
        orders = tuple(dt.date(y, m, 10) for y in range(2022, 2026) for m in (1, 4, 7, 10))
        assert seasonal_peak_month(orders, POLICY) is None


class TestOrdersVisitsPlans:
    def test_open_order_touchpoints(self) -> None:
        """An order placed 8 days ago gets its four touchpoints; a 90-day-old order gets none."""
        order = OpenOrder("SO-1", 1, AS_OF - dt.timedelta(days=8))
        tasks = [
            t
            for t in propose(customers=[customer()], orders=[order], as_of=AS_OF).tasks
            if t.kind in TaskKind.ORDER
        ]
        assert {t.kind: t.due_on for t in tasks} == {
            TaskKind.ORDER_COMPLETION: AS_OF - dt.timedelta(days=6),
            TaskKind.ORDER_PHOTOS: AS_OF + dt.timedelta(days=6),
            TaskKind.ORDER_SHIPPING: AS_OF + dt.timedelta(days=17),
            TaskKind.ORDER_LOADING: AS_OF + dt.timedelta(days=22),
        }
        old = OpenOrder("SO-0", 1, AS_OF - dt.timedelta(days=90))
        assert not [
            t
            for t in propose(customers=[customer()], orders=[old], as_of=AS_OF).tasks
            if t.kind in TaskKind.ORDER
        ]

    def test_touchpoints_that_passed_before_the_import_are_not_proposed(self) -> None:
        """An order imported today gets only the touchpoints still ahead; one known all along keeps them."""
        placed = AS_OF - dt.timedelta(days=8)
        imported = OpenOrder("SO-1", 1, placed, known_on=AS_OF)
        kinds = {
            t.kind: t.due_on
            for t in propose(customers=[customer()], orders=[imported], as_of=AS_OF).tasks
            if t.kind in TaskKind.ORDER
        }
        assert TaskKind.ORDER_COMPLETION not in kinds
        assert kinds and all(due >= AS_OF for due in kinds.values())
        live = OpenOrder("SO-1", 1, placed, known_on=placed)
        assert TaskKind.ORDER_COMPLETION in {
            t.kind for t in propose(customers=[customer()], orders=[live], as_of=AS_OF).tasks
        }

    def test_visits_group_key_customers_by_owner_and_country(self) -> None:
        """In May, one late-June trip per salesperson: the country with most key-customer business."""
        book = [
            customer(customer_id=1, tier=Tier.KEY, country="DE"),
            customer(customer_id=2, tier=Tier.KEY, country="DE", name="Beta"),
            customer(customer_id=3, tier=Tier.KEY, country="US"),
            customer(customer_id=4, tier=Tier.REGULAR, country="US"),
        ]
        result = propose(customers=book, as_of=dt.date(2027, 5, 20))
        assert [(v.country, v.customer_ids) for v in result.visits] == [("DE", (1, 2))]
        # 2027-06-20 is a Sunday: the visits start on Monday.
        assert all(v.starts_on == dt.date(2027, 6, 21) for v in result.visits)
        assert propose(customers=book, as_of=dt.date(2027, 3, 1)).visits == []

    def test_reactivation_counts_rejections(self) -> None:
        """The plan's next touch says how many rejections so far; at five, the selling starts."""
        c = customer(state="dormant")
        early = PlanState(
            3,
            1,
            AS_OF - dt.timedelta(days=30),
            attempts=2,
            rejections=2,
            last_attempt_on=AS_OF - dt.timedelta(days=20),
        )
        (task,) = [
            t
            for t in propose(customers=[c], plans=[early], as_of=AS_OF).tasks
            if t.kind == TaskKind.REACTIVATION
        ]
        assert task.key == "reactivation:3:3"
        assert task.title == Message("cadence.reactivation.samples.title", {"step": 3})
        assert task.why == (
            Message("cadence.reactivation.dormant"),
            Message("cadence.reactivation.count", {"attempts": 2, "rejections": 2}),
        )
        assert task.due_on == AS_OF + dt.timedelta(days=1)
        late = PlanState(
            3,
            1,
            AS_OF - dt.timedelta(days=90),
            attempts=5,
            rejections=5,
            last_attempt_on=AS_OF - dt.timedelta(days=30),
        )
        (task,) = [
            t
            for t in propose(customers=[c], plans=[late], as_of=AS_OF).tasks
            if t.kind == TaskKind.REACTIVATION
        ]
        assert task.why[-1] == Message("cadence.reactivation.selling", {"rejections": 5})


def test_recomputing_gives_the_same_tasks_and_unique_keys() -> None:
    """Two runs on the same facts give identical tasks; no key appears twice."""
    book = [
        customer(
            customer_id=i,
            country=c,
            tier=Tier.KEY if i % 3 == 0 else Tier.REGULAR,
            window_start=AS_OF + dt.timedelta(days=40 + i),
            last_touch_on=AS_OF - dt.timedelta(days=3 * i),
        )
        for i, c in enumerate(["CN", "AE", "US", "DE", "BR", "IN", "FR", "GB", "SA", "VN"], start=1)
    ]
    mails = [Mail(100 + i, i, AS_OF - dt.timedelta(days=i), outgoing=True) for i in range(1, 11)]
    first = propose(customers=book, mails=mails, as_of=AS_OF)
    second = propose(customers=book, mails=mails, as_of=AS_OF)
    assert first.tasks == second.tasks
    keys = [t.key for t in first.tasks]
    assert len(keys) == len(set(keys)) and len(keys) > 20


def test_frequent_buyers_get_no_pre_season_push() -> None:
    """A customer ordering every month is in touch anyway: no pre-season task."""
    c = customer(window_start=dt.date(2027, 1, 10), typical_gap_days=30.0)
    assert not [t for t in propose(customers=[c], as_of=AS_OF).tasks if t.kind == TaskKind.PRE_SEASON]
    slow = customer(window_start=dt.date(2027, 1, 10), typical_gap_days=180.0)
    assert [t for t in propose(customers=[slow], as_of=AS_OF).tasks if t.kind == TaskKind.PRE_SEASON]


def test_christmas_and_new_year_share_one_greeting() -> None:
    """A German customer gets one "Christmas and New Year" greeting, not two a week apart."""
    tasks = propose(customers=[customer(country="DE")], as_of=dt.date(2026, 12, 10)).tasks
    greetings = [t for t in tasks if t.kind == TaskKind.FESTIVAL]
    assert [(t.details["festival"], t.due_on) for t in greetings] == [("christmas", dt.date(2026, 12, 18))]
    assert greetings[0].title == Message("cadence.festival.title", {"festival": "new_year+christmas"})
    assert greetings[0].details["greeting"] == "new_year+christmas"
    cn = propose(customers=[customer(country="CN")], as_of=dt.date(2026, 12, 20)).tasks
    assert [t.details["festival"] for t in cn if t.kind == TaskKind.FESTIVAL] == ["new_year"]


def test_order_touchpoint_already_mailed_is_not_asked_again() -> None:
    """Production photos mailed since the order (subject names them) leave only the other touchpoints."""
    order = OpenOrder("SO-2", 1, AS_OF - dt.timedelta(days=8))
    photos = Mail(
        50, 1, AS_OF - dt.timedelta(days=1), outgoing=True, subject="Order SO-2: production photos 生产照片"
    )
    tasks = propose(customers=[customer()], orders=[order], mails=[photos], as_of=AS_OF).tasks
    kinds = {t.kind for t in tasks if t.kind in TaskKind.ORDER}
    assert kinds == {TaskKind.ORDER_COMPLETION, TaskKind.ORDER_SHIPPING, TaskKind.ORDER_LOADING}


def test_our_own_order_drafts_count_as_sent() -> None:
    """A mail sent from each built-in order template (en and zh) clears that touchpoint."""
    from laoke.cadence.letters import built_in
    from laoke.core.cadence.drafts import render
    from laoke.core.cadence.rules import _already_sent

    order = OpenOrder("SO-3", 1, AS_OF - dt.timedelta(days=5))
    for kind in TaskKind.ORDER:
        for lang in ("en", "zh"):
            subject = render(built_in()[(kind, lang)], {"order_no": "SO-3"}).subject
            mail = Mail(60, 1, AS_OF, outgoing=True, subject=subject)
            assert _already_sent(kind, order, [mail], as_of=AS_OF), (kind, lang, subject)


def test_a_push_between_two_quiet_periods_that_touch_lands_outside_both() -> None:
    """In 2027 the Gulf's Ramadan starts the day after our factory's New Year shutdown ends: a
    seasonal push due in Ramadan moves after both rather than back and forth between them."""
    from laoke.core.cadence.calendar import quiet_periods_around
    from laoke.core.cadence.engine import respect_quiet_periods
    from laoke.core.cadence.model import ProposedTask

    periods = quiet_periods_around("AE", dt.date(2027, 2, 1), POLICY)
    for as_of in (dt.date(2027, 1, 31), dt.date(2027, 2, 1), dt.date(2027, 2, 3)):
        task = ProposedTask("k", TaskKind.PRE_SEASON, 1, None, dt.date(2027, 2, 21))
        moved = respect_quiet_periods(task, periods, as_of=as_of)
        assert moved.due_on == dt.date(2027, 3, 9), as_of
        assert not [p for p in periods if p.covers(moved.due_on)]
        assert moved.why == (
            Message(
                "cadence.quiet.moved.ramadan",
                {"from": dt.date(2027, 2, 21), "country": "AE", "on": dt.date(2027, 3, 9)},
            ),
        )
