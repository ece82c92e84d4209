"""A book of the past scored at a later date: said plainly, no flood of tasks, AUC undefined in words.

Seen on Online Retail II (last order 2011-12-09) scored in 2026 without ``--as-of``: "AUC Laoke
0.000", 5,878 win-back plans and 11,735 tasks for a book that is history.
"""

from __future__ import annotations

import datetime as dt
import html
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from laoke.accounts.models import RoleChoices, User
from laoke.importing.models import ImportBatch
from laoke.jobs.models import Job
from laoke.jobs.services import queue_job
from laoke.retention.models import BacktestRun, Forecast, Task
from tests.web import factories as f

pytestmark = pytest.mark.django_db

LAST_ORDER = dt.date(2011, 12, 9)
LATER = "2026-06-30"


@pytest.fixture
def seller() -> User:
    return f.user("seller")


@pytest.fixture
def old_book(seller: User) -> None:
    """25 customers ordering every month or two from 2010 to the book's last day, 2011-12-09."""
    for i in range(25):
        customer = f.customer(f"Old Trade {i}", owner=seller)
        day = dt.date(2010, 1, 4) + dt.timedelta(days=3 * i)
        while day < LAST_ORDER:
            f.order(customer, day, 1000 + 10 * i)
            day += dt.timedelta(days=30 + 15 * (i % 3))
    f.order(customer, LAST_ORDER, 500)


def _score(lang: str, **options: object) -> str:
    out = StringIO()
    with translation.override(lang):
        call_command("score", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def test_score_says_the_book_is_history_and_makes_no_tasks(old_book: None) -> None:
    """Scored 15 years after its last order, it says so, tells how to score as of its last day,
    leaves the plan alone, states an undefined AUC in words and tells no one a real chance."""
    out = _score("en", as_of=LATER)
    assert "The book's newest order is on 2011-12-09, 5317 days before 2026-06-30" in out
    assert "laoke score --as-of 2011-12-09" in out
    assert "Add --plan-old-book" in out
    assert not Task.objects.exists()
    assert "AUC Laoke 0.000" not in out
    assert "no AUC, 0 of them ordered in the year since" in out
    assert BacktestRun.objects.get().metrics["models"]["laoke"]["auc"] is None
    chances = list(Forecast.objects.values_list("p_order_90d", flat=True))
    assert len(chances) == 25 and max(chances) < 0.01


def test_score_says_it_in_chinese(old_book: None) -> None:
    out = _score("zh-hans", as_of=LATER)
    assert "订单数据里最近的一笔订单是 2011-12-09，距 2026-06-30 已有 5317 天" in out
    assert "laoke score --as-of 2011-12-09" in out
    assert "跟进计划保持不变" in out and "--plan-old-book" in out
    assert "无法计算 AUC" in out


def test_plan_old_book_makes_the_tasks_all_the_same(old_book: None) -> None:
    out = _score("en", as_of=LATER, plan_old_book=True)
    assert "The book's newest order is on 2011-12-09" in out
    assert "Follow-up plan left as it was" not in out
    assert Task.objects.exists()


def test_scored_as_of_its_last_day_the_book_is_not_history(old_book: None) -> None:
    out = _score("en", as_of=LAST_ORDER.isoformat())
    assert "newest order" not in out
    assert Task.objects.exists()


def test_a_year_without_orders_is_still_a_book_in_use(old_book: None) -> None:
    """The rule is more than a year (the forecast's horizon and the accuracy check's window)."""
    out = _score("en", as_of=(LAST_ORDER + dt.timedelta(days=365)).isoformat())
    assert "newest order" not in out
    out = _score("en", as_of=(LAST_ORDER + dt.timedelta(days=366)).isoformat())
    assert "366 days before" in out


WARNING = {
    "en": (
        "The book's newest order is on",
        "5,317 days before",
        "25 customers scored; alerts:",
        "No follow-up tasks were made",
        "Re-score as of the book's last day",
    ),
    "zh-hans": (
        "订单数据里最近的一笔订单是",
        "已有 5,317 天",
        "已评估 25 个客户",
        "未生成跟进待办",
        "按数据最后一天",
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_import_page_warns_after_the_re_score_of_an_old_book(old_book: None, lang: str) -> None:
    """The re-score an import starts (the ``score`` job at today's date) leaves the plan alone and
    the import's result page says why, with a button to re-score as of the book's last day."""
    boss = f.user("boss", role=RoleChoices.MANAGER)
    batch = ImportBatch.objects.create(
        kind="orders", file_name="old.csv", user=boss, status=ImportBatch.Status.DONE
    )
    job = queue_job("score", params={"as_of": LATER}, user=boss)
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.result["plan_skipped"] is True
    assert not Task.objects.exists()
    client = Client()
    client.force_login(boss)
    client.cookies["django_language"] = lang
    page = html.unescape(client.get(reverse("import_batch", args=[batch.pk])).content.decode())
    for text in WARNING[lang]:
        assert text in page
    assert 'name="as_of" value="2011-12-09"' in page
    # The button queues the re-score as of that day: grades and forecasts as they stood then, and
    # no follow-up tasks (they were all due in 2011: 10,933 tasks 5,483 days overdue on Today).
    client.post(reverse("job_run", args=["score"]), {"as_of": "2011-12-09", "next": "/"})
    newest = Job.objects.filter(kind="score").order_by("-id").first()
    assert newest is not None and newest.params == {"as_of": "2011-12-09", "refresh_plan": False}
    assert newest.state == Job.State.DONE and not Task.objects.exists()
    assert Forecast.objects.filter(as_of=LAST_ORDER).count() == 25
    page = html.unescape(client.get(reverse("import_batch", args=[batch.pk])).content.decode())
    assert AS_OF_LAST_DAY[lang] in page
    today = html.unescape(client.get(reverse("home")).content.decode())
    assert "5,483" not in today and "逾期" not in today and "overdue" not in today.lower()


AS_OF_LAST_DAY = {
    "en": "25 customers scored as of Dec. 9, 2011; alerts:",
    "zh-hans": "已按 2011年12月9日 评估 25 个客户",
}


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "No AUC this time"), ("zh-hans", "本次无法计算 AUC")],
)
def test_the_dashboard_says_an_undefined_auc_in_words(old_book: None, lang: str, words: str) -> None:
    _score("en", as_of=LATER)
    boss = f.user("boss", role=RoleChoices.MANAGER)
    client = Client()
    client.force_login(boss)
    client.cookies["django_language"] = lang
    page = client.get(reverse("dashboard")).content.decode()
    assert words in page
    # Each model's AUC cell says "none" in words, not 0.000.
    assert page.count('data-accuracy="auc-undefined"') == 3
