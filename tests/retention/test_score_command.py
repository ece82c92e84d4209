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
from laoke.core.scorecard.policy import Policy, Text
from laoke.core.scorecard.policy_toml import policy_to_toml
from laoke.customers.models import Customer
from laoke.orders.models import Order, OrderLine
from laoke.retention.models import Alert, BacktestRun, CustomerScore, Forecast, StateChange
from laoke.retention.scorecard_messages import TREATMENTS
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


def test_a_bad_policy_file_is_worded_in_the_readers_language(tmp_path: object) -> None:
    """``laoke analyze --policy`` names the faulty field and words what is wrong (en and zh)."""
    from pathlib import Path

    policy = Path(str(tmp_path)) / "policy.toml"
    policy.write_text("[pareto]\ncut = 1.5\n", encoding="utf-8")
    orders = Path(str(tmp_path)) / "orders.csv"
    orders.write_text("customer_id,order_date,amount\nA,2026-01-05,100\n", encoding="utf-8")
    for language, said in (
        ("en", "pareto.cut: Must be between 0 and 1 (exclusive)."),
        ("zh-hans", "pareto.cut: 必须在 0 和 1 之间（不含）。"),
    ):
        with translation.override(language), pytest.raises(CommandError) as caught:
            call_command("analyze", str(orders), policy=str(policy), stdout=StringIO(), stderr=StringIO())
        assert said in str(caught.value), language


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
    proposals = {row[-1] for row in rows[1:]}
    assert rows[0][-1] == "Proposal" and proposals <= {
        "Promote to (or keep as) key customer.",
        "Still running in: keep working on the relationship.",
        "Chicken rib: drop or serve at minimum cost.",
    }
    chinese = StringIO()
    with translation.override("zh-hans"):
        call_command("review", year=2023, out=str(out), stdout=chinese)
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("2023").to_python()
    assert rows[0][-1] == "建议" and len(rows[0]) == len(set(rows[0]))
    assert {row[-1] for row in rows[1:]} <= {
        "升为（或保持）重点客户。",
        "仍在磨合：继续培养合作关系。",
        "鸡肋客户：放弃或以最低成本维护。",
    }
    assert "客户" in chinese.getvalue() and any(p in chinese.getvalue() for p in ("重点客户", "磨合", "鸡肋"))


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


def test_the_state_history_says_why_in_the_readers_language(book: None, client: Client) -> None:
    """Each stored change keeps codes and figures; the customer page words them in English and Chinese."""
    call_command("score", as_of=AS_OF, stdout=StringIO(), stderr=StringIO())
    gone = Customer.objects.get(code="GONE")
    dormant = StateChange.objects.get(customer=gone, state="dormant")
    assert dormant.reason == "" and [m["code"] for m in dormant.reason_msg] == ["scorecard.lifecycle.dormant"]
    days, limit = dormant.reason_msg[0]["params"]["days"], dormant.reason_msg[0]["params"]["limit"]
    at_risk = StateChange.objects.get(customer=gone, state="at_risk").reason_msg[0]
    assert at_risk["code"] == "scorecard.risk.late_vs_rhythm"
    # A row stored before the codes kept a loss reason's code: it is worded too.
    StateChange.objects.create(
        customer=gone, changed_on=dt.date(2026, 6, 1), state="lost", reason="competitor"
    )
    client.force_login(factories.user("boss", role=RoleChoices.MANAGER))
    client.cookies["django_language"] = "en"
    page = client.get(f"/customers/{gone.pk}/?show=history").content.decode()
    assert f"No order for {days} days, past the {limit} days after which it counts as dormant." in page
    assert "longer than its usual rhythm of about" in page
    assert "Competitor approached them" in page
    client.cookies["django_language"] = "zh-hans"
    page = client.get(f"/customers/{gone.pk}/?show=history").content.decode()
    assert f"已{days}天未下单，超过了视为休眠的{limit}天。" in page
    assert "超过其约" in page and "Competitor approached them" not in page


def test_each_customer_page_and_dossier_states_its_treatment(book: None, client: Client) -> None:
    """After ``laoke score`` the customer page and dossier word the treatment code in both languages."""
    call_command("score", as_of=AS_OF, stdout=StringIO(), stderr=StringIO())
    client.force_login(factories.user("boss", role=RoleChoices.MANAGER))
    scores = list(CustomerScore.objects.select_related("customer").exclude(grade=""))
    assert scores
    for score in scores:
        # The shipped treatments are stored as codes only: nothing display-only is stored.
        assert score.treatment_code in TREATMENTS and (score.treatment_en, score.treatment_zh) == ("", "")
        worded = {}
        for lang in ("en", "zh-hans"):
            with translation.override(lang):
                worded[lang] = str(TREATMENTS[score.treatment_code])
            client.cookies["django_language"] = lang
            page = client.get(f"/customers/{score.customer_id}/").content.decode()
            assert escape(worded[lang]) in page, (score.customer.code, lang)
        assert worded["en"] != worded["zh-hans"]
        facts = dossier_facts(score.customer)
        assert (facts["treatment_en"], facts["treatment_zh"]) == (worded["en"], worded["zh-hans"])


def test_last_years_check_is_reused_until_an_order_line_changes(
    book: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A re-score on the same book prints the stored accuracy check; a new order line makes it refit."""
    from laoke.retention.services import scoring

    fits: list[dt.date] = []
    real = scoring.run_backtest

    def counted(history, *, cutoff, horizon_days, **options):  # type: ignore[no-untyped-def]
        fits.append(cutoff)
        return real(history, cutoff=cutoff, horizon_days=horizon_days, **options)

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


def test_a_policy_saved_with_the_shipped_sentences_follows_the_catalogue() -> None:
    """A version saved when the defaults were sentences reads back as codes; the company's own text stays."""
    from laoke.retention.scorecard_messages import TREATMENTS
    from laoke.retention.services.scoring import current_policy

    old = policy_to_toml(Policy()).replace(
        "[grade_treatments.A]",
        "[grade_treatments.A]\nen = "
        '"Key customer: special treatment (volume discounts, samples, longer credit), personal contact."\n'
        'zh = "重点客户：特殊待遇（批量折扣、样品、更长账期），保持私人联系。"',
    )
    old = old.replace("[grade_treatments.B]", '[grade_treatments.B]\nen = "Call monthly"\nzh = "每月致电"')
    ScoringPolicy.objects.create(text=old)
    policy = current_policy()
    assert policy.grade_treatments["A"] == Text() and "grade_A" in TREATMENTS
    assert policy.grade_treatments["B"] == Text("Call monthly", "每月致电")


def test_score_keeps_what_was_loaded_out_of_the_collector_only_while_it_runs(
    book: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The objects alive before the run are frozen (not walked by the collector's passes) during
    the re-score and given back afterwards, also when the re-score fails."""
    import gc

    from laoke.cadence.management.commands import score

    seen: list[int] = []
    real = score.rescore_book

    def watched(**kwargs: object) -> object:
        seen.append(gc.get_freeze_count())
        return real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(score, "rescore_book", watched)
    before = gc.get_freeze_count()
    call_command("score", "--as-of", AS_OF, stdout=StringIO(), stderr=StringIO())
    assert seen and seen[0] > before
    assert gc.get_freeze_count() == 0

    def failing(**kwargs: object) -> object:
        raise RuntimeError("disk full")

    monkeypatch.setattr(score, "rescore_book", failing)
    with pytest.raises(RuntimeError):
        call_command("score", "--as-of", AS_OF, stdout=StringIO(), stderr=StringIO())
    assert gc.get_freeze_count() == 0
