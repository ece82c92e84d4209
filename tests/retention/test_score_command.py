from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from laoke.accounts.models import RoleChoices
from laoke.company.models import ScoringPolicy
from laoke.core.scorecard.policy import Policy
from laoke.core.scorecard.policy_toml import policy_to_toml
from laoke.customers.models import Customer
from laoke.orders.models import Order, OrderLine
from laoke.retention.models import Alert, BacktestRun, CustomerScore, Forecast, StateChange
from laoke.retention.services.dossier import dossier_facts
from tests.web import factories

pytestmark = pytest.mark.django_db

AS_OF = "2026-06-30"


def _order(customer: Customer, day: dt.date, amount: float, cost: float | None = None) -> None:
    order = Order.objects.create(
        order_no=f"{customer.code}-{day.isoformat()}", customer=customer, order_date=day, currency="USD"
    )
    OrderLine.objects.create(
        order=order,
        line_no=1,
        amount_original=Decimal(str(amount)),
        currency="USD",
        amount=Decimal(str(amount)),
        cost=None if cost is None else Decimal(str(cost)),
    )


@pytest.fixture
def book() -> None:
    steady = Customer.objects.create(code="STEADY", name="Steady GmbH", country="DE", relationship_level=4)
    for month in range(1, 43):  # monthly, January 2023 to June 2026
        day = dt.date(2023 + (month - 1) // 12, (month - 1) % 12 + 1, 10)
        _order(steady, day, 20_000, 15_000)
    gone = Customer.objects.create(code="GONE", name="Gone Ltd", country="GB")
    for month in (1, 3, 5, 7):
        _order(gone, dt.date(2023, month, 5), 3_000, 2_900)
    Customer.objects.create(code="TARGET", name="Target Inc", country="US", is_target=True)


def test_score_stores_a_scorecard_and_state_for_every_customer(book: None) -> None:
    """It grades the buyers, stores their states and history, and reports what it did."""
    out = StringIO()
    with translation.override("en"):
        call_command("score", as_of=AS_OF, stdout=out, stderr=StringIO())
    scores = {s.customer.code: s for s in CustomerScore.objects.select_related("customer")}
    assert set(scores) == {"STEADY", "GONE", "TARGET"}
    assert scores["STEADY"].state == "active"
    assert scores["GONE"].state in {"dormant", "lost"}
    assert scores["STEADY"].grade and scores["STEADY"].total is not None
    assert scores["STEADY"].total > (scores["GONE"].total or 0)
    profit = scores["STEADY"].dimensions["profit"]
    assert set(profit) == {"score", "level", "explanation"}
    assert [m["code"] for m in profit["explanation"]] == ["scorecard.profit.margin"]
    assert StateChange.objects.filter(customer__code="GONE").count() >= 2
    assert "Scored 3 customers" in out.getvalue()
    assert "Active 1" in out.getvalue() and "Target 1" in out.getvalue()


def test_score_forecasts_the_next_order_and_raises_alerts(book: None) -> None:
    """It forecasts a monthly buyer's next order soon, above a silent one, and alerts on the silent one."""
    call_command("score", as_of=AS_OF, stdout=StringIO(), stderr=StringIO())
    steady = Forecast.objects.get(customer__code="STEADY")
    gone = Forecast.objects.get(customer__code="GONE")
    assert steady.window_start is not None and steady.window_start > dt.date(2026, 6, 30)
    assert steady.next_order_on is not None and steady.next_order_on < dt.date(2026, 9, 30)
    assert (steady.p_order_90d or 0) > (gone.p_order_90d or 0)
    assert steady.reasons and set(steady.reasons[0]) == {"code", "params"}
    assert Alert.objects.filter(customer__code="GONE").exists()
    assert not Alert.objects.filter(customer__code="STEADY", code="overdue").exists()
    # The overdue alert states the forecast's chance of no order in 90 days, not the rhythm's surprise.
    overdue = Alert.objects.get(customer__code="GONE", code="overdue")
    assert overdue.confidence == pytest.approx(1.0 - (gone.p_order_90d or 0.0))
    # Stored as codes, worded when read: the rhythm, then the forecast's chance in words.
    rhythm, chance = overdue.reason_msg
    assert rhythm["code"] == "alert.overdue.rhythm" and chance["code"].startswith("forecast.chance.")
    assert overdue.reason_en == overdue.reason_zh == ""
    with translation.override("en"):
        assert "next 90 days" in overdue.reason and "Usually orders every" in overdue.reason
    with translation.override("zh-hans"):
        assert "未来90天" in overdue.reason and "通常每" in overdue.reason


def test_running_score_twice_gives_identical_rows(book: None) -> None:
    """It is idempotent: a second run stores the same scores and history."""
    call_command("score", as_of=AS_OF, stdout=StringIO(), stderr=StringIO())
    first = list(
        CustomerScore.objects.order_by("customer__code").values_list("customer__code", "total", "grade")
    )
    history = StateChange.objects.count()
    call_command("score", as_of=AS_OF, stdout=StringIO(), stderr=StringIO())
    assert (
        list(CustomerScore.objects.order_by("customer__code").values_list("customer__code", "total", "grade"))
        == first
    )
    assert StateChange.objects.count() == history
    alerts = Alert.objects.count()
    call_command("score", as_of=AS_OF, stdout=StringIO(), stderr=StringIO())
    assert Alert.objects.count() == alerts


def test_a_saved_policy_regrades_without_reimporting(book: None) -> None:
    """It uses the newest saved policy: with every grade boundary at 0 everyone is graded A."""
    call_command("score", as_of=AS_OF, stdout=StringIO(), stderr=StringIO())
    default = Policy()
    lenient = policy_to_toml(default).replace(
        "boundaries = [" + ", ".join(_toml_number(b) for b in default.grades.boundaries) + "]",
        "boundaries = ["
        + ", ".join(_toml_number(0.3 - i * 0.1) for i in range(len(default.grades.boundaries)))
        + "]",
    )
    assert lenient != policy_to_toml(default)
    ScoringPolicy.objects.create(text=lenient)
    call_command("score", as_of=AS_OF, stdout=StringIO(), stderr=StringIO())
    grades = set(CustomerScore.objects.exclude(grade="").values_list("grade", flat=True))
    assert grades == {default.grades.names[0]}


def test_a_bad_date_is_a_clear_error() -> None:
    """It refuses an --as-of that is not a date, naming the value."""
    with pytest.raises(CommandError, match="31/06/2026"):
        call_command("score", as_of="31/06/2026", stdout=StringIO(), stderr=StringIO())


def _toml_number(value: float) -> str:
    return repr(float(value)) if float(value) != int(value) else f"{int(value)}.0"


def test_the_year_end_review_exports_a_workbook(book: None, tmp_path: object) -> None:
    """It proposes a treatment for each customer who bought in the year and writes an xlsx file."""
    from pathlib import Path

    from python_calamine import CalamineWorkbook

    out = Path(str(tmp_path)) / "review.xlsx"
    stdout = StringIO()
    with translation.override("en"):
        call_command("review", year=2023, out=str(out), stdout=stdout)
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("2023").to_python()
    codes = {row[0] for row in rows[1:]}
    assert codes == {"STEADY", "GONE"}
    assert "2 customers" in stdout.getvalue()


def test_command_messages_follow_the_language(book: None) -> None:
    """It reports in Chinese when the language is zh-Hans."""
    out = StringIO()
    with translation.override("zh-hans"):
        call_command("score", as_of=AS_OF, stdout=out, stderr=StringIO())
    assert "已评估 3 个客户" in out.getvalue()


def test_score_checks_last_years_forecasts_against_what_happened(book: None) -> None:
    """It stores a backtest of the forecast made a year ago, with every model, once per day."""
    for index in range(25):
        buyer = Customer.objects.create(code=f"B{index:02d}", name=f"Buyer {index}")
        for month in range(1, 13, 1 + index % 4):
            _order(buyer, dt.date(2024, month, 1 + index), 1_000 + index)
        if index % 2:
            _order(buyer, dt.date(2025, 11, 3), 900)
    call_command("score", as_of=AS_OF, stdout=StringIO(), stderr=StringIO())
    out = StringIO()
    with translation.override("en"):
        call_command("score", as_of=AS_OF, stdout=out, stderr=StringIO())
    assert "Accuracy check (forecast made 2025-07-01, 27 customers): AUC Laoke" in out.getvalue()
    run = BacktestRun.objects.get()
    assert run.cutoff == dt.date(2025, 7, 1)
    assert run.customers == 27
    assert set(run.metrics["models"]) == {"laoke", "bgnbd", "pareto_nbd", "rfm"}
    assert 0.0 <= run.metrics["models"]["laoke"]["auc"] <= 1.0


def test_each_customer_page_and_dossier_states_its_treatment(book: None, client: Client) -> None:
    """After ``laoke score`` the customer page and the dossier show the treatment, in both languages."""
    call_command("score", as_of=AS_OF, stdout=StringIO(), stderr=StringIO())
    policy = Policy()
    texts = {(t.en, t.zh) for t in policy.grade_treatments.values()} | {
        (r.text.en, r.text.zh) for r in policy.treatments
    }
    client.force_login(factories.user("boss", role=RoleChoices.MANAGER))
    scores = list(CustomerScore.objects.select_related("customer").exclude(grade=""))
    assert scores
    for score in scores:
        assert (score.treatment_en, score.treatment_zh) in texts, score.customer.code
        for lang, text in (("en", score.treatment_en), ("zh-hans", score.treatment_zh)):
            client.cookies["django_language"] = lang
            page = client.get(f"/customers/{score.customer_id}/").content.decode()
            assert escape(text) in page, (score.customer.code, lang)
        facts = dossier_facts(score.customer)
        assert (facts["treatment_en"], facts["treatment_zh"]) == (score.treatment_en, score.treatment_zh)


def test_last_years_check_is_reused_until_an_order_line_changes(
    book: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A re-score on the same book prints the stored accuracy check; a new order line makes it refit."""
    from laoke.retention.services import scoring

    fits: list[dt.date] = []
    real = scoring.run_backtest

    def counted(history, *, cutoff, horizon_days):  # type: ignore[no-untyped-def]
        fits.append(cutoff)
        return real(history, cutoff=cutoff, horizon_days=horizon_days)

    monkeypatch.setattr(scoring, "run_backtest", counted)
    for index in range(25):
        buyer = Customer.objects.create(code=f"B{index:02d}", name=f"Buyer {index}")
        for month in range(1, 13, 1 + index % 4):
            _order(buyer, dt.date(2024, month, 1 + index), 1_000 + index)

    def accuracy_line() -> str:
        out = StringIO()
        with translation.override("en"):
            call_command("score", as_of=AS_OF, stdout=out, stderr=StringIO())
        return next(line for line in out.getvalue().splitlines() if line.startswith("Accuracy check"))

    first = accuracy_line()
    assert accuracy_line() == first
    assert len(fits) == 1
    _order(Customer.objects.get(code="B03"), dt.date(2025, 11, 3), 900)
    accuracy_line()
    assert len(fits) == 2
    assert BacktestRun.objects.count() == 1
