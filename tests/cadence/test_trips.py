"""Trips on the stored book: one per salesperson, city by city, none for who left; the page; the report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone, translation

from laoke.accounts.models import User
from laoke.cadence.models import TripStop, VisitPlan, VisitStatusChoices
from laoke.cadence.services.agenda import refresh_agenda
from laoke.interactions.models import Interaction
from laoke.retention.models import Forecast, Task
from tests.web import factories as f

MAY = dt.date(2027, 5, 20)
pytestmark = pytest.mark.django_db


def key_customer(owner: User, name: str, country: str, city: str, revenue: float) -> object:
    cust = f.customer(name, owner=owner, country=country, city=city)
    f.score(cust, grade="A", revenue_12m=revenue)
    return cust


def test_one_trip_per_salesperson_none_for_who_left(sales: User, other_sales: User) -> None:
    """Key customers in four countries give the salesperson one trip; a departed colleague gets none."""
    key_customer(sales, "Nord GmbH", "DE", "Hamburg", 9000)
    key_customer(sales, "Elbe AG", "DE", "Hamburg", 8000)
    key_customer(sales, "Isar KG", "DE", "München", 7000)
    for country in ("JP", "KR", "AU"):
        key_customer(sales, f"Buyer {country}", country, "Capital", 1000)
    other_sales.left_on = dt.date(2027, 1, 31)
    other_sales.save()
    for country in ("SG", "FR", "IT", "ES"):
        key_customer(other_sales, f"Left {country}", country, "Capital", 5000)
    refresh_agenda(as_of=MAY)
    (trip,) = VisitPlan.objects.all()
    assert trip.owner == sales and trip.country == "DE"
    stops = list(trip.stops.order_by("position").values_list("customer__name", "city", "day"))
    assert stops == [
        ("Nord GmbH", "Hamburg", dt.date(2027, 6, 21)),
        ("Elbe AG", "Hamburg", dt.date(2027, 6, 21)),
        ("Isar KG", "München", dt.date(2027, 6, 22)),
    ]
    (task,) = Task.objects.filter(kind="visit")
    assert task.assignee == sales and not Task.objects.filter(assignee=other_sales, kind="visit").exists()
    assert (task.title_en, task.title_zh, task.why_en, task.why_zh) == ("", "", "", "")  # codes only
    with translation.override("en"):
        assert task.title == "Plan a trip to Germany (Hamburg, München): 3 key customers"
        assert task.why.startswith(
            "Trip from 06/21/2027 to 06/22/2027. Before the July–August holidays in Germany."
        )
    with translation.override("zh-hans"):
        assert task.title == "计划出差德国（Hamburg、München）：3 家重点客户"
        assert task.why.startswith("出差时间：2027年6月21日至2027年6月22日。在德国7–8月假期之前。")
    # Recomputing adds nothing.
    refresh_agenda(as_of=MAY)
    assert VisitPlan.objects.count() == 1 and TripStop.objects.count() == 3


def test_a_proposal_is_withdrawn_when_its_owner_leaves_but_a_planned_trip_stays(sales: User) -> None:
    """The proposed trip of a salesperson who then leaves disappears; a planned one is kept as it was."""
    key_customer(sales, "Nord GmbH", "DE", "Hamburg", 9000)
    refresh_agenda(as_of=MAY)
    trip = VisitPlan.objects.get()
    sales.left_on = MAY
    sales.save()
    refresh_agenda(as_of=MAY)
    assert not VisitPlan.objects.exists()
    sales.left_on = None
    sales.save()
    refresh_agenda(as_of=MAY)
    trip = VisitPlan.objects.get()
    trip.status = VisitStatusChoices.PLANNED
    trip.save()
    sales.left_on = MAY
    sales.save()
    refresh_agenda(as_of=MAY)
    assert VisitPlan.objects.get().status == VisitStatusChoices.PLANNED


def _trip(sales: User, *, days_ago: int = 2) -> tuple[VisitPlan, object]:
    start = timezone.localdate() - dt.timedelta(days=days_ago)
    cust = key_customer(sales, "Nord GmbH", "DE", "Hamburg", 9000)
    trip = VisitPlan.objects.create(
        key="trip:test",
        owner=sales,
        country="DE",
        starts_on=start,
        ends_on=start,
        reasons=[{"code": "summer_before", "params": {}}, {"code": "no_holiday", "params": {}}],
    )
    trip.customers.add(cust)
    TripStop.objects.create(visit=trip, customer=cust, city="Hamburg", day=start)
    return trip, cust


def test_trip_page_shows_dates_cities_and_an_agenda_from_the_data(sales_client: Client, sales: User) -> None:
    """The page names the country, days, cities and per visit the open order, complaint and next order."""
    trip, cust = _trip(sales)
    today = timezone.localdate()
    order = f.order(cust, today - dt.timedelta(days=10))
    Interaction.objects.create(
        customer=cust,
        kind="complaint",
        direction="in",
        occurred_at=timezone.now() - dt.timedelta(days=5),
        subject="Colour off",
    )
    Forecast.objects.create(customer=cust, as_of=today, window_start=today + dt.timedelta(days=40))
    page = sales_client.get(f"/cadence/visits/{trip.pk}/").content.decode()
    assert "Trip to Germany" in page and "Hamburg" in page and "Visit DE" not in page
    assert f"Order {order.order_no}" in page and "Colour off" in page and "Next order expected around" in page
    assert "Before the July–August holidays in Germany." in page
    sales_client.cookies["django_language"] = "zh-hans"
    page = sales_client.get(f"/cadence/visits/{trip.pk}/").content.decode()
    assert "出差德国" in page and "拜访 DE" not in page and "汉堡" not in page and "Hamburg" in page
    assert "未解决的投诉" in page and "出差报告" in page


def test_trip_page_words_each_reason_with_the_country_in_the_readers_language(
    sales_client: Client, sales: User
) -> None:
    """Holidays, Ramadan and the next orders read in English and Chinese, the country named, no code."""
    trip, _cust = _trip(sales)
    trip.country = "AE"
    trip.reasons = [
        {"code": "holidays_skipped", "params": {"holidays": [["2027-10-03", "German Unity Day"]]}},
        {
            "code": "quiet_skipped",
            "params": {"period": "ramadan", "starts_on": "2027-02-07", "ends_on": "2027-03-08"},
        },
        {"code": "orders_ahead", "params": {"orders": [["2027-11-02", "Nord GmbH"]]}},
        {"code": "quiet_skipped", "params": {"en": "the old quiet period", "zh": "旧的淡季"}},
    ]
    trip.save()
    page = sales_client.get(f"/cadence/visits/{trip.pk}/").content.decode()
    assert "Skips German Unity Day on 10/03/2027, a public holiday in United Arab Emirates." in page
    assert "Avoids Ramadan in United Arab Emirates (02/07/2027 to 03/08/2027)." in page
    assert "Comes before the next order expected from Nord GmbH around 11/02/2027." in page
    assert "Avoids the old quiet period." in page and "ramadan" not in page and " AE" not in page
    sales_client.cookies["django_language"] = "zh-hans"
    page = sales_client.get(f"/cadence/visits/{trip.pk}/").content.decode()
    assert "避开阿拉伯联合酋长国的公众假期：German Unity Day（2027年10月3日）。" in page
    assert "避开阿拉伯联合酋长国斋月（2027年2月7日至2027年3月8日）。" in page
    assert "赶在Nord GmbH预计的下一单（约2027年11月2日）之前。" in page
    assert "旧的淡季" in page and "United Arab Emirates" not in page


def test_trip_page_names_common_public_holidays_in_chinese(sales_client: Client, sales: User) -> None:
    """The holidays package names holidays in English: the common ones read in Chinese, markers too."""
    trip, _cust = _trip(sales)
    trip.country = "DE"
    trip.reasons = [
        {
            "code": "holidays_skipped",
            "params": {
                "holidays": [
                    ["2027-03-29", "Easter Monday"],
                    ["2027-03-10", "Eid al-Fitr (estimated)"],
                    ["2027-12-26", "Christmas Day (observed); Boxing Day"],
                ]
            },
        },
    ]
    trip.save()
    page = sales_client.get(f"/cadence/visits/{trip.pk}/").content.decode()
    assert "Skips Easter Monday on 03/29/2027, a public holiday in Germany." in page
    assert "Skips Eid al-Fitr (estimated date) on 03/10/2027" in page
    assert "Skips Christmas Day (day off in lieu), Boxing Day on 12/26/2027" in page
    sales_client.cookies["django_language"] = "zh-hans"
    page = sales_client.get(f"/cadence/visits/{trip.pk}/").content.decode()
    assert "避开德国的公众假期：复活节星期一（2027年3月29日）。" in page
    assert "避开德国的公众假期：开斋节（日期为估算）（2027年3月10日）。" in page
    assert "避开德国的公众假期：圣诞节（补假）、节礼日（2027年12月26日）。" in page
    assert "Easter" not in page and "Boxing" not in page and "estimated" not in page


def test_trip_report_writes_the_timeline_and_a_follow_up(sales_client: Client, sales: User) -> None:
    """A reported visit goes on the timeline with a follow-up task; reporting again duplicates nothing."""
    trip, cust = _trip(sales)
    stop = trip.stops.get()
    follow = timezone.localdate() + dt.timedelta(days=3)
    data = {
        "action": "report",
        f"outcome_{stop.pk}": "order",
        f"notes_{stop.pk}": "Wants 2 t of red in March",
        f"follow_up_{stop.pk}": follow.isoformat(),
    }
    response = sales_client.post(f"/cadence/visits/{trip.pk}/", data, follow=True)
    assert "1 visit reported" in response.content.decode()
    (entry,) = Interaction.objects.filter(customer=cust, kind="visit")
    assert entry.body == "Wants 2 t of red in March" and entry.user == sales
    (task,) = Task.objects.filter(customer=cust, kind="trip_follow_up")
    assert task.due_on == follow and task.assignee == sales and task.title_en == task.why_en == ""
    day = trip.starts_on
    with translation.override("en"):
        assert task.title == f"Follow up the visit of {day:%m/%d/%Y}: Nord GmbH"
        assert task.why == "Trip report: Order or quotation coming. Notes: Wants 2 t of red in March"
    with translation.override("zh-hans"):
        assert task.title == f"跟进{day.year}年{day.month}月{day.day}日的拜访：Nord GmbH"
        assert task.why.startswith("出差报告：") and task.why.endswith("。记录：Wants 2 t of red in March")
        assert "Order or quotation" not in task.why
    sales_client.post(f"/cadence/visits/{trip.pk}/", data)
    assert Interaction.objects.filter(customer=cust, kind="visit").count() == 1
    assert Task.objects.filter(customer=cust, kind="trip_follow_up").count() == 1
    timeline = sales_client.get(f"/customers/{cust.pk}/?show=timeline").content.decode()
    assert "Wants 2 t of red in March" in timeline
    trip.refresh_from_db()
    assert trip.reported_on == timezone.localdate()
