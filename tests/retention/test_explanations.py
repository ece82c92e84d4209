"""Scorecard explanations and forecast reasons are stored as codes and worded for each reader.

End to end: ``laoke score`` on a small book, then the 360° page, the scores API and the
customer export in English and Chinese (issue 16, messages as codes).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from laoke.accounts.models import RoleChoices, User
from laoke.cadence.models import ReactivationPlan
from laoke.company.models import CompanySettings, CurrencyPolicy, ScoringPolicy
from laoke.core.messages import Message
from laoke.core.scorecard.policy import Policy
from laoke.core.scorecard.policy_toml import policy_to_toml
from laoke.customers.models import Customer
from laoke.platform.messages import render
from laoke.retention.messages import CATALOGUE, explanation_text, reason_text
from laoke.retention.models import CustomerScore, Forecast
from laoke.web.customer_export import customer_export_file
from tests.api.conftest import client_for
from tests.web import factories as f

pytestmark = pytest.mark.django_db

AS_OF = "2026-06-30"
#: Twelve monthly orders of this amount fall in the scoring window of BIG.
MONTHLY = 14_459.5


@pytest.fixture
def scored() -> dict[str, Customer]:
    """BIG bought every month for three years; QUIET bought in 2023 only (no sales in the window)."""
    big = Customer.objects.create(code="BIG", name="Big Buyer GmbH", country="DE", relationship_level=4)
    for month in range(1, 43):  # January 2023 to June 2026
        f.order(big, dt.date(2023 + (month - 1) // 12, (month - 1) % 12 + 1, 10), MONTHLY)
    quiet = Customer.objects.create(code="QUIET", name="Quiet Ltd", country="GB")
    for month in (1, 3, 5, 7):
        f.order(quiet, dt.date(2023, month, 5), 3_000)
    call_command("score", as_of=AS_OF, stdout=StringIO(), stderr=StringIO())
    return {"big": big, "quiet": quiet}


def _boss() -> User:
    found = User.objects.filter(username="boss").first()
    return found or f.user("boss", role=RoleChoices.MANAGER)


def _page(customer: Customer, language: str) -> str:
    client = Client()
    client.force_login(_boss())
    client.cookies["django_language"] = language
    response = client.get(f"/customers/{customer.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_nothing_worded_is_stored(scored: dict[str, Customer]) -> None:
    """The stored explanations and reasons are codes with raw figures, in no language."""
    score = CustomerScore.objects.get(customer=scored["big"])
    volume = score.dimensions["volume"]
    assert set(volume) == {"score", "level", "explanation"}
    assert volume["explanation"] == [
        {"code": "scorecard.volume.sales_only", "params": {"sales": MONTHLY * 12, "months": 12}}
    ]
    assert score.reasons and {"dimension", "explanation"} == set(score.reasons[0])
    forecast = Forecast.objects.get(customer=scored["big"])
    assert forecast.reasons and all(set(r) == {"code", "params"} for r in forecast.reasons)
    stored = json.dumps([score.dimensions, score.reasons, forecast.reasons], ensure_ascii=False)
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in stored)


def test_360_page_words_the_explanations_with_grouped_figures_in_english(scored: dict[str, Customer]) -> None:
    """A large sales figure has thousands separators; a customer without sales is said to have none."""
    html = _page(scored["big"], "en")
    assert (
        escape("Sales of $173,514 in the last 12 months, the only customer who bought in that time.") in html
    )
    assert "173514" not in html
    quiet = _page(scored["quiet"], "en")
    assert "No sales in the last 12 months." in quiet
    assert "ahead of 0%" not in quiet


def test_360_page_words_the_explanations_in_chinese(scored: dict[str, Customer]) -> None:
    """The same codes read in Chinese, figures grouped the same way, no "超过0%的客户"."""
    html = _page(scored["big"], "zh-hans")
    assert "近12个月销售额US$173,514，是这段时间唯一有购买的客户。" in html
    quiet = _page(scored["quiet"], "zh-hans")
    assert "近12个月没有销售。" in quiet
    assert "0%的客户" not in quiet


def test_360_page_never_says_ahead_of_every_customer() -> None:
    """The biggest of 101 buyers is ahead of 99 % of them in words, never of 100 % (issue 20)."""
    for i in range(101):
        customer = Customer.objects.create(code=f"C{i:03}", name=f"Buyer {i}", country="DE")
        f.order(customer, dt.date(2026, 3, 10), 1_000 + i)
    call_command("score", as_of=AS_OF, stdout=StringIO(), stderr=StringIO())
    top = Customer.objects.get(code="C100")
    english, chinese = _page(top, "en"), _page(top, "zh-hans")
    assert escape("Sales of $1,100 in the last 12 months, ahead of 99% of customers.") in english
    assert "近12个月销售额US$1,100，高于99%的客户。" in chinese
    assert "100%" not in english and "100%" not in chinese
    lowest = Customer.objects.get(code="C000")
    assert "the lowest of the customers who bought." in _page(lowest, "en")
    assert "近12个月销售额US$1,000，在有购买的客户中最低。" in _page(lowest, "zh-hans")


def test_360_page_says_the_policy_risk_score_as_the_whole_number_it_is(scored: dict[str, Customer]) -> None:
    """Scores read as whole numbers everywhere: "default score 80.", not "80.0"."""
    english, chinese = _page(scored["big"], "en"), _page(scored["big"], "zh-hans")
    assert escape("Germany is not in the company's policy-risk table: default score 80.") in english
    assert "德国不在公司政策风险表中，按默认评分 80。" in chinese
    assert "default score 80.0" not in english and "默认评分 80.0" not in chinese


def test_360_page_says_a_customer_who_pays_on_due_date_pays_on_time() -> None:
    """Paid on the due date: "Pays on time on average.", never "Pays 0 days late on average."."""
    punctual = Customer.objects.create(code="PUNCT", name="Punctual SA", country="FR", payment_terms="TT")
    f.order(punctual, dt.date(2026, 3, 10), 5_000)
    f.payment(punctual, dt.date(2026, 4, 10), dt.date(2026, 4, 10), "5000")
    call_command("score", as_of=AS_OF, stdout=StringIO(), stderr=StringIO())
    english, chinese = _page(punctual, "en"), _page(punctual, "zh-hans")
    assert "Pays on time on average." in english and "Pays 0 days late" not in english
    assert "平均按时付款。" in chinese and "平均逾期0天付款" not in chinese


def test_360_page_says_a_customer_of_under_a_year_buys_since_its_first_order() -> None:
    """Twenty days of buying read "Buying since <first order>, under a year.", never "Buying for
    0.0 years" / "合作0.0年"; two years still read in years."""
    new = Customer.objects.create(code="NEW", name="New Buyer BV", country="NL")
    f.order(new, dt.date(2026, 6, 10), 2_000)
    old = Customer.objects.create(code="OLD", name="Old Buyer BV", country="NL")
    f.order(old, dt.date(2024, 6, 30), 2_000)
    call_command("score", as_of=AS_OF, stdout=StringIO(), stderr=StringIO())
    english, chinese = _page(new, "en"), _page(new, "zh-hans")
    assert "Buying since 06/10/2026, under a year." in english and "Buying for 0" not in english
    assert "自2026年6月10日起合作，不到一年。" in chinese and "合作0.0年" not in chinese
    assert "Buying for 2.0 years." in _page(old, "en") and "合作2.0年。" in _page(old, "zh-hans")


def test_360_page_says_growth_from_a_small_base_as_a_multiple() -> None:
    """US$1,200 then US$248,000: "Sales 207 times those of …", never "Sales up 20,567%"."""
    leap = Customer.objects.create(code="LEAP", name="Leap Trading", country="NL")
    f.order(leap, dt.date(2025, 3, 10), 1_200)
    f.order(leap, dt.date(2026, 3, 10), 248_000)
    call_command("score", as_of=AS_OF, stdout=StringIO(), stderr=StringIO())
    english, chinese = _page(leap, "en"), _page(leap, "zh-hans")
    assert escape("Sales 207 times those of the previous 12 months ($1,200).") in english
    assert "销售额是前12个月（US$1,200）的207倍。" in chinese
    assert "Sales up" not in english and "增长20" not in chinese


def test_360_page_says_no_sales_once_not_down_100_percent(scored: dict[str, Customer]) -> None:
    """Bought in the previous 12 months and not since: "No sales in the last 12 months." once,
    growth says what it bought before, never "Sales down 100%" / "下降100%"."""
    gone = Customer.objects.create(code="GONE", name="Gone GmbH", country="DE")
    f.order(gone, dt.date(2025, 3, 10), 4_000)
    call_command("score", as_of=AS_OF, stdout=StringIO(), stderr=StringIO())
    english, chinese = _page(gone, "en"), _page(gone, "zh-hans")
    assert "No sales in the last 12 months." in english and "Sales down 100%" not in english
    assert escape("Down from $4,000 in the previous 12 months.") in english
    assert "近12个月没有销售。" in chinese and "下降100%" not in chinese
    assert "前12个月销售额还有US$4,000。" in chinese


@pytest.mark.parametrize(
    ("language", "risk_said", "no_risk"),
    [
        (
            "en",
            "rate against USD moves about",
            "Pays in USD, the company&#x27;s own currency: no exchange-rate risk.",
        ),
        ("zh-hans", "对美元年波动率", "以公司本币USD结算，没有汇兑风险。"),
    ],
)
def test_a_home_currency_customer_is_offered_no_currency_reason(
    scored: dict[str, Customer], language: str, risk_said: str, no_risk: str
) -> None:
    """BIG pays in USD, the home currency: the list's reasons and the 360° page say no exchange-rate
    figure ("moves about 0.0%"); the currency row of the 360° page says there is no such risk."""
    client = Client()
    client.force_login(_boss())
    client.cookies["django_language"] = language
    listing = client.get("/customers/").content.decode()
    assert "Big Buyer GmbH" in listing
    assert risk_said not in listing and no_risk not in listing
    page = _page(scored["big"], language)
    assert risk_said not in page
    assert no_risk in page
    assert score_reasons(scored["big"]) and "currency_risk" not in score_reasons(scored["big"])


@pytest.mark.parametrize(
    ("language", "said_default", "said_own"),
    [
        (
            "en",
            "Currency USD: its rate against CNY moves about 4.0% a year.",
            "Currency USD: its rate against CNY moves about 3.0% a year.",
        ),
        ("zh-hans", "币种USD：对CNY年波动率约4.0%。", "币种USD：对CNY年波动率约3.0%。"),
    ],
)
def test_a_company_keeping_its_books_in_cny_sees_the_usd_risk(
    language: str, said_default: str, said_own: str
) -> None:
    """Home currency CNY: a customer paying in USD has the USD/CNY risk on its 360° page (it
    read "moves about 0.0%" against USD and scored 100); the company's own row for USD, which is
    against the home currency, replaces the estimate at the next scoring."""
    settings = CompanySettings.load()
    settings.home_currency = "CNY"
    settings.save()
    buyer = Customer.objects.create(code="US1", name="Yankee Imports", country="US", currency="USD")
    for month in range(1, 13):
        f.order(buyer, dt.date(2025, month, 10), 5_000)
    call_command("score", as_of=AS_OF, stdout=StringIO(), stderr=StringIO())
    page = _page(buyer, language)
    assert said_default in page
    assert "moves about 0.0%" not in page and "年波动率约0.0%" not in page
    CurrencyPolicy.objects.create(currency="USD", volatility_pct=3)
    call_command("score", as_of=AS_OF, stdout=StringIO(), stderr=StringIO())
    assert said_own in _page(buyer, language)


@pytest.mark.parametrize(
    ("language", "win_back", "grade_c"),
    [
        (
            "en",
            "Stopped buying: follow its win-back plan — find out why, then new products, samples, a visit.",
            "Standard service; fix the weak dimensions before investing more.",
        ),
        ("zh-hans", "已停止下单：按激活计划跟进——先弄清原因，再推新品、寄样、安排拜访。", "标准服务"),
    ],
)
def test_a_dormant_customer_is_told_to_win_back_not_its_grades_cadence(
    scored: dict[str, Customer], language: str, win_back: str, grade_c: str
) -> None:
    """QUIET stopped buying in 2023 (dormant, grade C): its page says to follow the win-back plan,
    not grade C's "standard service"; BIG, active, keeps the treatment of its grade or rule."""
    quiet = CustomerScore.objects.get(customer=scored["quiet"])
    assert (quiet.state, quiet.grade, quiet.treatment_code) == ("dormant", "C", "state_dormant")
    page = _page(scored["quiet"], language)
    assert escape(win_back) in page
    assert grade_c not in page
    big = CustomerScore.objects.get(customer=scored["big"])
    assert big.state == "active" and not big.treatment_code.startswith("state_")
    assert escape(win_back) not in _page(scored["big"], language)


def test_a_treatment_the_company_typed_stays_for_a_dormant_customer(scored: dict[str, Customer]) -> None:
    """The company's own words for grade C are its decision: a dormant grade C customer keeps them."""
    text = policy_to_toml(Policy()).replace(
        "[grade_treatments.C]", '[grade_treatments.C]\nen = "Call the boss"\nzh = "给老板打电话"'
    )
    ScoringPolicy.objects.create(text=text)
    call_command("score", as_of=AS_OF, stdout=StringIO(), stderr=StringIO())
    quiet = CustomerScore.objects.get(customer=scored["quiet"])
    assert (quiet.state, quiet.treatment_code) == ("dormant", "grade_C")
    assert "给老板打电话" in _page(scored["quiet"], "zh-hans")


def score_reasons(customer: Customer) -> list[str]:
    return [r["dimension"] for r in CustomerScore.objects.get(customer=customer).reasons]


def _api_score(customer: Customer, language: str) -> dict[str, Any]:
    api = client_for(_boss(), language)
    response = api.get(f"/customers/{customer.pk}/score")
    assert response.status_code == 200
    return dict(response.json())


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Sales of $173,514 in the last 12 months, the only customer who bought in that time."),
        ("zh-hans", "近12个月销售额US$173,514，是这段时间唯一有购买的客户。"),
    ],
)
def test_scores_api_words_explanations_in_the_request_language(
    scored: dict[str, Customer], language: str, expected: str
) -> None:
    """Accept-Language picks the words; the code and its figures come along unchanged."""
    body = _api_score(scored["big"], language)
    volume = body["dimensions"]["volume"]
    assert volume["explanation"] == expected
    assert volume["messages"] == [
        {"code": "scorecard.volume.sales_only", "params": {"sales": MONTHLY * 12, "months": 12}}
    ]
    assert body["reasons"] and all(r["text"] and r["dimension"] for r in body["reasons"])


def test_forecast_api_words_reasons_in_the_request_language(scored: dict[str, Customer]) -> None:
    """Each forecast reason comes with its code, figures and text in the reader's language."""
    api = client_for(_boss(), "zh-hans")
    body = api.get(f"/customers/{scored['big'].pk}/forecast").json()
    assert body["reasons"]
    for reason in body["reasons"]:
        assert reason["code"].startswith("forecast.")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in reason["text"])


def test_export_words_top_reasons_in_the_reader_language(scored: dict[str, Customer]) -> None:
    """The export's reasons column (Excel and CSV share the rows) is worded at export time."""
    with translation.override("en"):
        file = customer_export_file(_boss(), query="", fmt="csv")
    rows = {r[0]: r for r in csv.reader(io.StringIO(file.data.decode("utf-8-sig")))}
    score = CustomerScore.objects.get(customer=scored["big"])
    with translation.override("en"):
        expected = [reason_text(r, currency="USD") for r in score.reasons[:2]]
    assert rows["BIG"][-1] == "; ".join(expected)
    assert all(expected) and "$173,514" in rows["BIG"][-1]


def test_rows_scored_before_codes_are_shown_as_stored() -> None:
    """A dimension or reason stored with its sentences (before the codes) still reads, in both languages."""
    legacy = {"score": 50.0, "level": "fair", "explanation_en": "Sales of 0.", "explanation_zh": "销售额0。"}
    forecast_reason = {"code": "overdue", "en": "It is overdue.", "zh": "已经逾期。"}
    with translation.override("en"):
        assert explanation_text(legacy) == "Sales of 0."
        assert reason_text(forecast_reason) == "It is overdue."
    with translation.override("zh-hans"):
        assert explanation_text(legacy) == "销售额0。"
        assert reason_text(forecast_reason) == "已经逾期。"


def test_hints_name_the_dimension_in_the_reader_language() -> None:
    """A weak dimension's hint (scorecard.hint.*) names the dimension as the reader calls it."""
    hint = Message("scorecard.hint.control", {"dimension": "payment_risk"})
    with translation.override("en"):
        assert render(hint, CATALOGUE) == "Payment risk: add a risk-control measure."
    with translation.override("zh-hans"):
        assert render(hint, CATALOGUE) == "付款方式风险：采取风险控制措施。"


def test_the_win_back_plan_words_amounts_with_the_currency(scored: dict[str, Customer]) -> None:
    """The win-back plan's 'what the scorecard says' shows each reason as the customer list does,
    amounts with the home currency (it showed 'Sales of 173,514' without one)."""
    big = scored["big"]
    plan = ReactivationPlan.objects.create(customer=big, started_on=dt.date(2026, 7, 1))
    client = Client()
    client.force_login(_boss())
    client.cookies["django_language"] = "en"
    page = client.get(f"/cadence/plans/{plan.pk}/").content.decode()
    score = CustomerScore.objects.get(customer=big)
    with translation.override("en"):
        worded = [reason_text(r, currency="USD") for r in score.reasons[:3]]
    assert any("$" in text for text in worded)
    for text in worded:
        assert escape(text) in page


def test_the_policy_risk_explanation_names_the_country_in_the_readers_language(
    scored: dict[str, Customer],
) -> None:
    """The country is named (Germany / 德国), not shown as its ISO code."""
    stored = CustomerScore.objects.get(customer=scored["big"]).dimensions["policy_risk"]["explanation"]
    assert stored[0]["params"]["country"] == "DE"
    with translation.override("en"):
        english = explanation_text(
            CustomerScore.objects.get(customer=scored["big"]).dimensions["policy_risk"]
        )
    with translation.override("zh-hans"):
        chinese = explanation_text(
            CustomerScore.objects.get(customer=scored["big"]).dimensions["policy_risk"]
        )
    assert english.startswith("Germany")
    assert chinese.startswith("德国")
    assert escape(english) in _page(scored["big"], "en")
    assert chinese in _page(scored["big"], "zh-hans")
    assert "DE" not in english and "DE" not in chinese


@pytest.mark.parametrize(
    ("code", "params", "english", "chinese"),
    [
        (
            "scorecard.volume.sales_few",
            {"sales": 120.0, "months": 12},
            "Sales of $120 in the last 12 months, ahead of fewer than 1% of customers.",
            "近12个月销售额US$120，高于不到1%的客户。",
        ),
        (
            "scorecard.growth.new_products_few",
            {},
            "New products make less than 1% of sales.",
            "新品占销售额不到1%。",
        ),
        (
            "scorecard.growth.no_new_products",
            {"months": 12},
            "No new products bought in the last 12 months.",
            "近12个月没有采购新品。",
        ),
    ],
)
def test_shares_under_one_percent_read_in_words(
    code: str, params: dict[str, Any], english: str, chinese: str
) -> None:
    """A share that would read "0%" (or "100%") is worded instead, the percent sign shown once."""
    message = Message(code, params)
    with translation.override("en"):
        assert render(message, CATALOGUE, currency="USD") == english
    with translation.override("zh-hans"):
        assert render(message, CATALOGUE, currency="USD") == chinese
