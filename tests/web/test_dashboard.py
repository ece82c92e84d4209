"""The portfolio dashboard: access, and its figures checked against hand-computed values."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from laoke.accounts.models import RoleChoices, User
from laoke.customers.models import Customer
from laoke.retention.models import BacktestRun, CustomerScore, StateChange
from laoke.retention.services.storage import clear_table
from laoke.web import dashboard_queries as q
from tests.web import factories as f

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 3, 1)
#: Sales of the last 12 months of ten customers: the top 20 % (2) make 700 of 1000.
REVENUES = [500, 200, 100, 80, 50, 30, 20, 10, 5, 5]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def book() -> dict[str, User]:
    manager = User.objects.create_user("boss", password="pw", role=RoleChoices.MANAGER)
    s1 = User.objects.create_user("s1", password="pw", role=RoleChoices.SALESPERSON)
    s2 = User.objects.create_user("s2", password="pw", role=RoleChoices.SALESPERSON)
    for i, revenue in enumerate(REVENUES, start=1):
        customer = Customer.objects.create(
            code=f"C{i}",
            name=f"Customer {i}",
            owner=s1 if i <= 3 else s2,
            country="DE" if i % 2 else "US",
            currency="EUR" if i % 2 else "USD",
        )
        CustomerScore.objects.create(
            customer=customer,
            as_of=AS_OF,
            total=50.0,
            grade="A" if i <= 2 else "B" if i <= 5 else "C",
            state="at_risk" if i in (2, 4) else "dormant" if i == 10 else "active",
            revenue_12m=revenue,
        )
    # 翻单率: s1's C1, C2, C3 and s2's C4 ordered the year before; C1 and C2 ordered again; C5 is new.
    # Sales of the last 12 months: s1 800 (C1 500 + C2 300), s2 200 (C5).
    orders = [("C1", "2024-06-01", 100), ("C1", "2025-06-01", 500), ("C2", "2024-12-01", 100)]
    orders += [("C2", "2026-02-01", 300), ("C3", "2025-01-15", 100), ("C4", "2024-04-01", 100)]
    orders += [("C5", "2025-09-01", 200), ("C6", "2023-01-01", 100)]
    for code, day, amount in orders:
        f.order(Customer.objects.get(code=code), dt.date.fromisoformat(day), amount, currency="USD")
    c9, c10 = Customer.objects.get(code="C9"), Customer.objects.get(code="C10")
    StateChange.objects.create(customer=c10, changed_on=dt.date(2025, 10, 15), state="dormant")
    StateChange.objects.create(customer=c9, changed_on=dt.date(2025, 6, 1), state="dormant")
    StateChange.objects.create(customer=c9, changed_on=dt.date(2026, 1, 10), state="active")
    return {"manager": manager, "s1": s1, "s2": s2}


def test_pareto_share_of_the_top_fifth_matches_hand_computation(book: dict[str, User]) -> None:
    """It finds that the top 2 of 10 customers make 70 % of sales and ends the curve at 100 %."""
    curve = q.pareto_curve(q.scope(book["manager"]))
    assert (curve.customers, curve.top_customers) == (10, 2)
    assert curve.top_revenue_share == pytest.approx(0.7)
    assert curve.points[0] == (0.0, 0.0) and curve.points[-1] == (1.0, pytest.approx(1.0))


def test_reorder_rate_per_owner_matches_hand_computation(client: Client, book: dict[str, User]) -> None:
    """It counts 2 of s1's 3 previous-year buyers as reordering and 0 of s2's 1, 2 of 4 in all."""
    client.force_login(book["manager"])
    context = client.get(reverse("dashboard")).context
    rates = {r["owner"]: (r["base_customers"], r["reordered"]) for r in context["reorder"]}
    assert rates == {"s1": (3, 2), "s2": (1, 0)}
    assert context["reorder_total"] == pytest.approx(0.5)


def test_sales_per_owner_of_the_last_twelve_months(client: Client, book: dict[str, User]) -> None:
    """It sums the order lines of the last 12 months per owner and flags s1 above 30 %."""
    client.force_login(book["manager"])
    context = client.get(reverse("dashboard")).context
    owners = {
        o["owner"]: (o["customers"], o["revenue"], round(o["share"], 2), o["flagged"])
        for o in context["owners"]
    }
    assert owners == {"s1": (2, 800.0, 0.8, True), "s2": (1, 200.0, 0.2, False)}
    assert [o["owner"] for o in context["flagged_owners"]] == ["s1"]


def test_dormant_trend_replays_state_history(book: dict[str, User]) -> None:
    """It counts customers whose latest state at each month end is dormant."""
    trend = dict(q.dormant_trend(book["manager"], AS_OF))
    assert trend[dt.date(2025, 5, 31)] == 0
    assert trend[dt.date(2025, 9, 30)] == 1
    assert trend[dt.date(2025, 12, 31)] == 2
    assert trend[AS_OF] == 1


def test_grades_risk_and_countries(book: dict[str, User]) -> None:
    """It groups grades, sums the sales at risk and the sales per country from the stored scores."""
    scores = q.scope(book["manager"])
    grades = {g.key: (g.customers, g.revenue) for g in q.grade_distribution(scores)}
    assert grades == {"A": (2, 700.0), "B": (3, 230.0), "C": (5, 70.0)}
    count, revenue, top = q.at_risk(scores)
    assert (count, revenue, [s.customer.code for s in top]) == (2, 280.0, ["C2", "C4"])
    countries = {s.key: s.revenue for s in q.revenue_by(scores, "country")}
    assert countries == {"DE": 500 + 100 + 50 + 20 + 5, "US": 200 + 80 + 30 + 10 + 5}


def test_manager_sees_the_whole_book(client: Client, book: dict[str, User]) -> None:
    """It shows a manager the headline figures and the chart data of the whole book."""
    client.force_login(book["manager"])
    response = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-figure="graded">10<' in html
    assert 'data-figure="top-share">70%<' in html
    assert 'data-figure="reorder-total">50%<' in html
    assert 'data-figure="owner-flag"' in html
    charts = response.context["charts"]
    assert charts["grades"]["labels"] == ["A", "B", "C"]
    assert 'id="dashboard-data"' in html and json.loads(json.dumps(charts))


def test_salesperson_sees_only_their_own_portfolio(client: Client, book: dict[str, User]) -> None:
    """It scopes every figure to the salesperson's customers and hides the owner table."""
    client.force_login(book["s1"])
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert response.context["graded"] == 3
    assert response.context["owners"] == []
    assert [r["owner"] for r in response.context["reorder"]] == ["s1"]


def test_anonymous_user_is_sent_to_login(client: Client) -> None:
    """It redirects a visitor who is not logged in to the login page."""
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_dashboard_of_an_empty_book_renders(client: Client) -> None:
    """It renders with no scores and no orders at all."""
    manager = User.objects.create_user("m", password="pw", role=RoleChoices.MANAGER)
    client.force_login(manager)
    assert client.get(reverse("dashboard")).status_code == 200


def test_figures_are_recomputed_after_a_rescore(client: Client, book: dict[str, User]) -> None:
    """It serves cached figures until the stored scores change, then shows the new ones."""
    client.force_login(book["manager"])
    assert client.get(reverse("dashboard")).context["risk_count"] == 2
    # A re-score deletes the scorecards and writes them again (retention.services.storage).
    c1 = Customer.objects.get(code="C1").pk
    rows = [
        {**r, "id": None, "state": "at_risk" if r["customer_id"] == c1 else r["state"]}
        for r in CustomerScore.objects.values()
    ]
    clear_table(CustomerScore)
    CustomerScore.objects.bulk_create([CustomerScore(**r) for r in rows])
    assert client.get(reverse("dashboard")).context["risk_count"] == 3


def _backtest_run(as_of: dt.date, metrics: dict[str, Any]) -> None:
    """A stored accuracy check of a year's forecasts made a year before ``as_of``."""
    BacktestRun.objects.create(
        as_of=as_of, cutoff=as_of - dt.timedelta(days=364), horizon_days=365, customers=42, metrics=metrics
    )


def test_dashboard_shows_the_accuracy_check_of_the_forecasts(manager_client: Client) -> None:
    """It shows the newest backtest's figures per model, and explains when there is none."""
    html = manager_client.get("/dashboard/").content.decode()
    assert "Not enough history yet" in html
    metrics: dict[str, Any] = {
        "models": {
            "laoke": {"auc": 0.8123, "brier": 0.15, "mae_count": 1.01, "mae_days": 40.0},
            "bgnbd": {"auc": 0.7987, "brier": 0.16, "mae_count": 1.05, "mae_days": 42.0},
            "rfm": {"auc": 0.7012, "brier": 0.2, "mae_count": 1.3, "mae_days": 55.0},
        }
    }
    _backtest_run(dt.date(2026, 6, 30), metrics)
    html = manager_client.get("/dashboard/").content.decode()
    assert "0.812" in html and "0.799" in html and "0.701" in html
    assert "42 customers" in html
    assert 'data-accuracy="overdue"' not in html  # an older run without alert figures
    metrics["alerts"] = {
        "flagged": 12.0,
        "precision": 0.5,
        "base_rate": 0.4,
        "rhythm_base_rate": 0.25,
        "stated_confidence": 0.46,
    }
    _backtest_run(dt.date(2026, 7, 31), metrics)
    html = manager_client.get("/dashboard/").content.decode()
    assert "12 customers flagged; 50 % of them ordered nothing in the 365 days" in html
    assert "with a rhythm of their own: 25 %" in html and "46 % risk on average" in html
    assert 'data-accuracy="stated-chance"' not in html  # an older run without the stated chance


def test_the_accuracy_check_shown_is_the_one_of_the_scores_in_force(
    client: Client, book: dict[str, User]
) -> None:
    """A book scored as of today, then again as of its last order's day (an old export: the import
    page offers it), keeps both checks: the page shows the check of the scores' day, not the later
    one, whose year since had no order at all (it showed AUC none and every chance 0 %)."""
    client.force_login(book["manager"])
    model = {"auc": None, "brier": 0.0, "mae_count": 0.01, "mae_days": 0.0}
    _backtest_run(AS_OF + dt.timedelta(days=200), {"models": {"laoke": model}})
    _backtest_run(AS_OF, {"models": {"laoke": {**model, "auc": 0.8123}}})
    html = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "0.812" in html and f"{AS_OF - dt.timedelta(days=364):%Y}" in html
    assert 'data-accuracy="auc-undefined"' not in html and 'data-accuracy="no-auc"' not in html


def test_accuracy_card_shows_whether_the_stated_chances_came_true(manager_client: Client) -> None:
    """The card lays out the stated 90-day chance per decile against the share that ordered (en, zh)."""
    metrics: dict[str, Any] = {
        "models": {"laoke": {"auc": 0.81, "brier": 0.15, "mae_count": 1.0, "mae_days": 40.0}},
        "stated_chance": {
            "days": 90,
            "brier": 0.12,
            "reliability": [[0.043, 0.061, 30], [0.512, 0.48, 30], [0.904, 0.933, 29]],
        },
    }
    _backtest_run(dt.date(2026, 6, 30), metrics)
    html = manager_client.get("/dashboard/").content.decode()
    assert 'data-accuracy="stated-chance"' in html
    assert "Are the chances on the customer pages true?" in html
    assert "chance of an order within 90 days" in html
    table = html.split('data-accuracy="stated-chance"')[1].split("</table>")[0]
    cells = [c.split("<")[0].strip() for c in table.split('class="text-end">')[4:]]
    assert cells == ["4 %", "6 %", "30", "51 %", "48 %", "30", "90 %", "93 %", "29"]
    manager_client.cookies["django_language"] = "zh-hans"
    zh = manager_client.get("/dashboard/").content.decode()
    assert "客户页面上的下单可能性准吗？" in zh and "实际下单的比例" in zh
    assert "Are the chances on the customer pages true?" not in zh


@pytest.mark.parametrize(
    ("language", "names"), [("en", {"Germany", "United States"}), ("zh-hans", {"德国", "美国"})]
)
def test_the_country_chart_names_countries(
    client: Client, book: dict[str, User], language: str, names: set[str]
) -> None:
    """The sales-by-country chart names each country in the reader's language (it showed DE and US)."""
    client.force_login(book["manager"])
    response = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE=language)
    assert {c["name"] for c in response.context["charts"]["countries"]} == names


def test_counts_are_grouped_by_thousands_in_both_languages(client: Client, book: dict[str, User]) -> None:
    """A real book's counts read 5,864 beside amounts that read 4,383,976 (they read 5864)."""
    from laoke.web.views import dashboard as view

    client.force_login(book["manager"])
    real = view._figures

    def many(user: User, as_of: dt.date) -> dict[str, Any]:
        return {**real(user, as_of), "graded": 5864, "risk_count": 1105, "dormant_count": 2067}

    for language in ("en", "zh-hans"):
        cache.clear()
        view.forget_kept_bodies()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(view, "_figures", many)
            html = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
        for name, shown in (("graded", "5,864"), ("at-risk", "1,105"), ("dormant", "2,067")):
            assert f'data-figure="{name}">{shown}<' in html, (language, name)
