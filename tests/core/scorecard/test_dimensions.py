"""Each dimension on hand-built frames, including the edge cases of issue 3."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from laoke.core.messages import from_rows
from laoke.core.scorecard import Policy, score_customers
from tests.core.scorecard.factories import (
    AS_OF,
    customers,
    interactions,
    line,
    monthly,
    orders,
    payments,
    row,
)

D = dt.date
POLICY = Policy()


def said(card: dict[str, object], dimension: str) -> dict[str, dict[str, object]]:
    """What the dimension's explanation says: message code (without ``scorecard.<dim>.``) -> params."""
    prefix = f"scorecard.{dimension}."
    messages = from_rows(card[f"{dimension}_explanation"])  # type: ignore[arg-type]
    assert all(m.code.startswith(prefix) for m in messages)
    return {m.code.removeprefix(prefix): dict(m.params) for m in messages}


def score(
    *args: pl.DataFrame | None, as_of: dt.date = AS_OF, policy: Policy = POLICY, **kw: pl.DataFrame
) -> pl.DataFrame:
    return score_customers(*args, as_of=as_of, policy=policy, **kw)  # type: ignore[arg-type]


class TestProfit:
    def test_margin_and_total_profit_are_two_sub_scores(self) -> None:
        """It scores margin % on the policy ramp and total profit as a rank."""
        book = orders(
            line("a", D(2024, 3, 1), 1000.0, cost=650.0),  # 35 % margin, 350 profit
            line("b", D(2024, 3, 1), 100.0, cost=90.0),  # 10 % margin, 10 profit
        )
        out = score(book)
        a, b = row(out, "a"), row(out, "b")
        assert a["profit_margin_score"] == pytest.approx(100.0)
        assert b["profit_margin_score"] == pytest.approx(0.10 / 0.35 * 100)
        assert a["profit_total_score"] > b["profit_total_score"]
        assert a["margin_pct"] == pytest.approx(0.35)
        assert a["profit_window"] == pytest.approx(350.0)
        assert said(a, "profit") == {"margin": {"margin": 0.35, "profit": 350.0, "months": 12}}

    def test_no_cost_data_is_unknown(self) -> None:
        """Without cost data profit is unknown, not zero."""
        out = score(orders(line("a", D(2024, 3, 1), 500.0)))
        a = row(out, "a")
        assert a["profit_score"] is None and a["profit_level"] is None
        assert said(a, "profit") == {"unknown": {"months": 12}}

    def test_loss_making_customer_scores_zero_total_profit(self) -> None:
        """A negative profit gets the bottom total-profit sub-score."""
        out = score(orders(line("a", D(2024, 3, 1), 100.0, cost=150.0)))
        assert row(out, "a")["profit_total_score"] == 0.0
        assert row(out, "a")["profit_margin_score"] == 0.0


class TestVolume:
    def test_refunds_reduce_sales(self) -> None:
        """Negative lines (returns, credit notes) are netted against sales."""
        book = orders(
            line("a", D(2024, 2, 1), 1000.0),
            line("a", D(2024, 3, 1), -400.0),
            line("b", D(2024, 2, 1), 700.0),
        )
        out = score(book)
        assert row(out, "a")["revenue_window"] == pytest.approx(600.0)
        assert row(out, "b")["volume_score"] > row(out, "a")["volume_score"]

    def test_one_order(self) -> None:
        """A single order gives known volume and loyalty, but no regularity to judge."""
        out = score(orders(line("a", D(2024, 5, 1), 100.0)))
        a = row(out, "a")
        assert a["volume_score"] == 100.0
        assert a["order_days"] == 1
        assert "rhythm_unknown" in said(a, "loyalty")
        assert a["grade"] is not None

    def test_only_future_data_is_ignored(self) -> None:
        """A customer whose orders all fall after as_of does not exist yet."""
        book = orders(line("a", D(2024, 5, 1), 100.0), line("z", D(2024, 7, 1), 900.0))
        out = score(book, customers(dict(customer_id="y", first_seen=D(2024, 8, 1))))
        assert out["customer_id"].to_list() == ["a"]
        assert row(out, "a")["volume_score"] == 100.0

    def test_the_share_ahead_of_is_never_all_customers(self) -> None:
        """The top of 200 buyers is ahead of 99 % of them (199 of 200, rounded down), not 100 %;
        the one above only the lowest is ahead of fewer than 1 %, the lowest is said to be it."""
        book = orders(*(line(f"c{i:03}", D(2024, 3, 1), float(i + 1)) for i in range(200)))
        out = score(book)
        top = row(out, "c199")
        assert top["volume_score"] == 100.0  # the score is the percentile; only the words change
        assert said(top, "volume") == {"sales": {"sales": 200.0, "months": 12, "ahead_of": 0.99}}
        assert said(row(out, "c100"), "volume")["sales"]["ahead_of"] == 0.5
        assert said(row(out, "c001"), "volume") == {"sales_few": {"sales": 2.0, "months": 12}}
        assert said(row(out, "c000"), "volume") == {"sales_lowest": {"sales": 1.0, "months": 12}}

    def test_the_only_buyer_is_said_to_be_one(self) -> None:
        """With one customer with sales in the window there is nobody to be ahead of."""
        out = score(orders(line("a", D(2024, 5, 1), 100.0), line("b", D(2020, 1, 1), 50.0)))
        assert said(row(out, "a"), "volume") == {"sales_only": {"sales": 100.0, "months": 12}}
        assert said(row(out, "b"), "volume") == {"no_sales": {"months": 12}}

    def test_lapsed_customer_scores_zero(self) -> None:
        """A customer with history but no sales in the window has volume 0, not unknown."""
        out = score(orders(line("a", D(2020, 1, 1), 100.0), line("b", D(2024, 1, 1), 100.0)))
        assert row(out, "a")["volume_score"] == 0.0


class TestLoyalty:
    def test_long_regular_customer_beats_new_irregular_one(self) -> None:
        """Tenure and a regular rhythm raise loyalty."""
        book = orders(
            *monthly("old", 60, 100.0),
            line("new", D(2024, 1, 1), 100.0),
            line("new", D(2024, 1, 3), 100.0),
            line("new", D(2024, 6, 1), 100.0),
        )
        out = score(book)
        assert row(out, "old")["loyalty_score"] > 90
        assert row(out, "new")["loyalty_score"] < 30

    def test_disputes_and_terms_tests_move_loyalty(self) -> None:
        """Price disputes and a switch after refused terms lower loyalty; staying raises it."""
        book = orders(*monthly("a", 24, 100.0), *monthly("b", 24, 100.0), *monthly("c", 24, 100.0))
        log = interactions(
            dict(customer_id="a", occurred_on=D(2024, 1, 1), kind="price_dispute"),
            dict(customer_id="a", occurred_on=D(2024, 2, 1), kind="terms_test", outcome="switched"),
            dict(customer_id="c", occurred_on=D(2024, 2, 1), kind="terms_test", outcome="Stayed"),
        )
        out = score(book, interactions=log)
        a, b, c = (row(out, x)["loyalty_score"] for x in "abc")
        t = POLICY.thresholds
        assert b - a == pytest.approx(t.dispute_penalty + t.terms_test_lost_penalty)
        assert c - b == pytest.approx(t.terms_test_kept_bonus)
        assert said(row(out, "a"), "loyalty")["disputes"] == {"count": 1}

    def test_a_tenure_under_a_year_is_the_first_orders_date_not_0_0_years(self) -> None:
        """Days or months of buying read "since <first order>", never "Buying for 0.0 years"; the
        score is the tenure ramp as before (only the words change)."""
        book = orders(
            line("days", AS_OF - dt.timedelta(days=10), 100.0),
            line("months", AS_OF - dt.timedelta(days=350), 100.0),
            line("years", AS_OF - dt.timedelta(days=800), 100.0),
        )
        out = score(book)
        assert said(row(out, "days"), "loyalty")["tenure_new"] == {"date": str(AS_OF - dt.timedelta(days=10))}
        assert "tenure" not in said(row(out, "days"), "loyalty")
        assert "tenure" not in said(row(out, "months"), "loyalty")
        assert said(row(out, "years"), "loyalty")["tenure"] == {"years": 2.2}
        assert "tenure_new" not in said(row(out, "years"), "loyalty")
        assert 0 < row(out, "days")["loyalty_score"] < row(out, "months")["loyalty_score"]


class TestGrowth:
    def test_trend_up_and_down(self) -> None:
        """A customer whose sales doubled scores above one whose sales halved."""
        book = orders(
            line("up", D(2023, 3, 1), 100.0),
            line("up", D(2024, 3, 1), 200.0),
            line("down", D(2023, 3, 1), 200.0),
            line("down", D(2024, 3, 1), 100.0),
        )
        out = score(book)
        assert row(out, "up")["growth_score"] > 50 > row(out, "down")["growth_score"]
        assert said(row(out, "up"), "growth")["sales_up"]["change"] == pytest.approx(1.0)

    def test_growth_from_a_small_base_is_a_multiple(self) -> None:
        """Sales 50 times the previous year's read as a multiple of that amount, not "up 4,900%";
        nine times still reads as a percentage. The score is unchanged (capped trend)."""
        book = orders(
            line("big", D(2023, 3, 1), 100.0),
            line("big", D(2024, 3, 1), 5_000.0),
            line("nine", D(2023, 3, 1), 100.0),
            line("nine", D(2024, 3, 1), 900.0),
        )
        out = score(book)
        assert said(row(out, "big"), "growth") == {
            "sales_times": {"times": 50.0, "before": 100.0, "months": 12}
        }
        assert said(row(out, "nine"), "growth")["sales_up"]["change"] == pytest.approx(8.0)
        assert row(out, "big")["growth_score"] == row(out, "nine")["growth_score"] == 100.0

    def test_a_drop_to_nothing_is_not_down_100_percent(self) -> None:
        """No sales in the window: the volume says so, growth says what it was before; a drop that
        would show as 100% but is not all of it reads "more than 99%"."""
        book = orders(
            line("gone", D(2023, 3, 1), 800.0),
            line("nearly", D(2023, 3, 1), 10_000.0),
            line("nearly", D(2024, 3, 1), 30.0),
        )
        out = score(book)
        assert said(row(out, "gone"), "volume") == {"no_sales": {"months": 12}}
        assert said(row(out, "gone"), "growth") == {"sales_stopped": {"before": 800.0, "months": 12}}
        assert said(row(out, "nearly"), "growth") == {"sales_down_nearly_all": {"months": 12}}
        assert row(out, "gone")["growth_score"] == 0.0

    def test_trial_orders_growing(self) -> None:
        """A new customer whose orders grow from a small trial scores high."""
        book = orders(line("t", D(2024, 1, 1), 100.0), line("t", D(2024, 5, 1), 300.0))
        out = score(book)
        assert row(out, "t")["growth_score"] == pytest.approx(100.0)
        assert said(row(out, "t"), "growth")["trial"] == {"ratio": 3.0}

    def test_new_product_uptake(self) -> None:
        """Buying products first sold within the last year raises growth."""
        book = orders(
            line("x", D(2020, 1, 1), 10.0, product="old"),
            line("a", D(2024, 3, 1), 100.0, product="new"),
            line("b", D(2024, 3, 1), 100.0, product="old"),
        )
        out = score(book)
        assert row(out, "a")["growth_score"] == 100.0
        assert row(out, "b")["growth_score"] == 0.0

    def test_a_share_of_new_products_that_rounds_to_0_percent_is_said_in_words(self) -> None:
        """None bought reads "no new products", a share under half a percent "less than 1 %"."""
        book = orders(
            line("x", D(2020, 1, 1), 10.0, product="old"),
            line("a", D(2024, 3, 1), 100.0, product="new"),
            line("b", D(2024, 3, 1), 100.0, product="old"),
            line("c", D(2024, 3, 1), 1.0, product="new"),
            line("c", D(2024, 3, 1), 999.0, product="old"),
        )
        out = score(book)
        assert said(row(out, "a"), "growth") == {"new_products": {"share": 1.0}}
        assert said(row(out, "b"), "growth") == {"no_new_products": {"months": 12}}
        assert said(row(out, "c"), "growth") == {"new_products_few": {}}


class TestContextDimensions:
    def test_relationship_level_and_contacts(self) -> None:
        """Level 5 with a monthly touch is a full relationship score; no frame leaves contacts unknown."""
        book = orders(line("a", D(2024, 3, 1), 1.0), line("b", D(2024, 3, 1), 1.0))
        master = customers(
            dict(customer_id="a", relationship_level=5), dict(customer_id="b", relationship_level=1)
        )
        log = interactions(
            *[dict(customer_id="a", occurred_on=D(2024, m, 2), kind="email_out") for m in (4, 5, 6)]
        )
        with_log = score(book, master, interactions=log)
        assert row(with_log, "a")["relationship_score"] == 100.0
        assert row(with_log, "b")["relationship_score"] == 0.0
        without = score(book, master)
        assert row(without, "a")["relationship_score"] == 100.0  # the level alone

    def test_no_logged_contact_leaves_the_relationship_unknown_not_zero(self) -> None:
        """A customer with no level and no logged contact is unknown, and its total ignores the dimension."""
        book = orders(line("a", D(2024, 3, 1), 1.0), line("b", D(2024, 3, 1), 1.0))
        log = interactions(dict(customer_id="a", occurred_on=D(2023, 1, 2), kind="email_out"))
        out = score(book, interactions=log)
        assert row(out, "a")["relationship_score"] == 0.0  # logged contacts, none recent: evidence of 0
        assert row(out, "b")["relationship_score"] is None
        assert said(row(out, "b"), "relationship") == {"unknown": {}}
        empty_log = score(book, interactions=interactions())
        assert empty_log["relationship_score"].null_count() == 2
        assert empty_log["total_score"].to_list() == score(book)["total_score"].to_list()

    def test_payment_terms_lateness_and_overdue(self) -> None:
        """T/T is read as TT; late and overdue payments lower the payment score."""
        book = orders(line("a", D(2024, 3, 1), 1000.0), line("b", D(2024, 3, 1), 1000.0))
        master = customers(
            dict(customer_id="a", payment_terms="T/T"), dict(customer_id="b", payment_terms="t/t")
        )
        pays = payments(
            dict(customer_id="a", due_date=D(2024, 4, 1), paid_date=D(2024, 4, 1), amount=1000.0),
            dict(customer_id="b", due_date=D(2024, 5, 1), paid_date=None, amount=500.0),
        )
        out = score(book, master, payments=pays)
        a, b = row(out, "a"), row(out, "b")
        assert a["payment_risk_score"] == pytest.approx((75.0 + 100.0 + 100.0) / 3)
        late_b = (AS_OF - D(2024, 5, 1)).days
        assert b["payment_risk_score"] < a["payment_risk_score"]
        assert said(b, "payment_risk")["days_late"] == {"days": late_b}
        assert said(a, "payment_risk") == {"terms": {"terms": "TT"}, "on_time": {}, "nothing_overdue": {}}

    def test_manual_ratings(self) -> None:
        """Market trend -2..2, lifespan risk and delivery sensitivity 1..5 map onto 0..100."""
        master = customers(
            dict(customer_id="a", market_trend=2, lifespan_risk=1, delivery_sensitivity=5),
            dict(customer_id="b", market_trend=0, lifespan_risk=3, delivery_sensitivity=1),
        )
        out = score(orders(line("a", D(2024, 3, 1), 1.0)), master)
        assert [
            row(out, "a")[f"{d}_score"] for d in ("market_trend", "lifespan_risk", "delivery_sensitivity")
        ] == [
            100.0,
            100.0,
            0.0,
        ]
        assert [
            row(out, "b")[f"{d}_score"] for d in ("market_trend", "lifespan_risk", "delivery_sensitivity")
        ] == [
            50.0,
            50.0,
            100.0,
        ]

    def test_policy_risk_table_default_and_unknown(self) -> None:
        """A listed country takes the table's score, an unlisted one the default, a missing one is unknown."""
        book = orders(
            line("us", D(2024, 3, 1), 1.0, country="US"),
            line("de", D(2024, 3, 1), 1.0, country="de"),
            line("xx", D(2024, 3, 1), 1.0),
        )
        out = score(book)
        assert row(out, "us")["policy_risk_score"] == POLICY.country_policy["US"]
        assert row(out, "de")["policy_risk_score"] == POLICY.country_default
        assert row(out, "xx")["policy_risk_score"] is None

    def test_several_currencies_take_the_dominant_one(self) -> None:
        """With several currencies the one carrying most of the amount sets currency risk."""
        book = orders(
            line("a", D(2024, 3, 1), 900.0, currency="TRY"),
            line("a", D(2024, 4, 1), 100.0, currency="USD"),
            line("b", D(2024, 3, 1), 100.0, currency="XYZ"),
        )
        out = score(book)
        bad = POLICY.currency_volatility_bad
        assert row(out, "a")["currency_risk_score"] == pytest.approx((bad - 25.0) / bad * 100)
        assert row(out, "a")["revenue_window"] == pytest.approx(1000.0)  # amounts are home currency
        assert row(out, "b")["currency_risk_score"] == pytest.approx((bad - 15.0) / bad * 100)
        strict = Policy(currency_default=None)
        assert row(score(book, policy=strict), "b")["currency_risk_score"] is None


def test_a_home_currency_customer_has_no_currency_risk_and_it_is_no_reason() -> None:
    """Paying in the company's own currency scores 100 and says so, but is never a top reason."""
    book = orders(
        line("usd", D(2024, 3, 1), 100.0, currency="USD"),
        line("gbp", D(2024, 3, 1), 100.0, currency="GBP"),
    )
    out = score(book)
    usd, gbp = row(out, "usd"), row(out, "gbp")
    assert usd["currency_risk_score"] == 100.0
    assert said(usd, "currency_risk") == {"home": {"currency": "USD"}}
    assert "currency_risk" not in usd["top_reasons"]
    assert said(gbp, "currency_risk") == {"volatility": {"currency": "GBP", "volatility": 0.09}}
    assert "currency_risk" in gbp["top_reasons"]  # a real risk still is one
    british = score(book, policy=Policy(home_currency="GBP"))
    assert said(row(british, "gbp"), "currency_risk") == {"home": {"currency": "GBP"}}
    assert "currency_risk" not in row(british, "gbp")["top_reasons"]


def test_currency_risk_is_against_a_home_currency_other_than_usd() -> None:
    """A Chinese exporter keeping its books in CNY: a USD customer moves as much as CNY does
    against USD (it scored 100 with "0.0% against USD"); other currencies get the estimate from
    both volatilities; the company's own table (against the home currency) comes first."""
    book = orders(
        line("usd", D(2024, 3, 1), 100.0, currency="USD"),
        line("eur", D(2024, 3, 1), 100.0, currency="EUR"),
        line("cny", D(2024, 3, 1), 100.0, currency="CNY"),
    )
    bad = POLICY.currency_volatility_bad
    chinese = score(book, policy=Policy(home_currency="CNY"))
    usd, eur = row(chinese, "usd"), row(chinese, "eur")
    assert usd["currency_risk_score"] == pytest.approx((bad - 4.0) / bad * 100)
    assert said(usd, "currency_risk") == {
        "volatility_home": {"currency": "USD", "home": "CNY", "volatility": 0.04}
    }
    cross = (8.0**2 + 4.0**2) ** 0.5
    assert eur["currency_risk_score"] == pytest.approx((bad - cross) / bad * 100)
    assert said(eur, "currency_risk")["volatility_home"]["volatility"] == pytest.approx(0.0894)
    assert said(row(chinese, "cny"), "currency_risk") == {"home": {"currency": "CNY"}}
    own = score(book, policy=Policy(home_currency="CNY", home_currency_volatility={"USD": 3.0}))
    assert row(own, "usd")["currency_risk_score"] == pytest.approx((bad - 3.0) / bad * 100)
    assert row(own, "eur")["currency_risk_score"] == pytest.approx((bad - cross) / bad * 100)
    # A home currency nobody rated, with no default: the other currencies' risk is unknown.
    unrated = score(book, policy=Policy(home_currency="XAF", currency_default=None))
    assert row(unrated, "usd")["currency_risk_score"] is None
    # USD at home reads as before: the policy table is against USD.
    assert said(row(score(book), "eur"), "currency_risk") == {
        "volatility": {"currency": "EUR", "volatility": 0.08}
    }


def test_payment_terms_as_the_app_stores_them_are_scored_and_named() -> None:
    """It scores the app's "T/T in advance" code (TT_ADVANCE) and says it as the normalised code."""
    lines = pl.DataFrame({"customer_id": ["A"], "order_date": [D(2025, 1, 10)], "amount": [1000.0]})
    master = pl.DataFrame({"customer_id": ["A"], "payment_terms": ["TT_ADVANCE"]})
    card = score_customers(lines, master, as_of=D(2025, 6, 30), policy=POLICY).row(0, named=True)
    assert card["payment_risk_score"] == 100.0
    assert said(card, "payment_risk")["terms"] == {"terms": "TTADVANCE"}  # worded by the adapter


def test_sales_do_not_depend_on_the_order_of_the_lines() -> None:
    """Purchases and a return that cancel sum to exactly 0 in any order, and every figure is the
    same whichever order the lines come in (a parallel group-by adds them in no fixed order:
    Online Retail II counted 4,244 buying customers in one run and 4,246 in the next)."""
    amounts = [10.1, 20.2, 0.3, 33.33, -63.93]
    assert sum(amounts) != 0.0  # what the floats give, added in this order
    lines = [line("a", D(2024, 3, 1 + i), x) for i, x in enumerate(amounts)]
    lines += [line("b", D(2024, 4, 1 + i), x * 3) for i, x in enumerate(amounts[:-1])]
    figures = ("revenue_window", "revenue_total", "revenue_12m")
    seen = set()
    for turn in range(6):
        shuffled = lines[turn:] + lines[:turn] if turn % 2 else list(reversed(lines[turn:] + lines[:turn]))
        out = score(orders(*shuffled))
        a = row(out, "a")
        assert a["revenue_window"] == 0.0
        seen.add(tuple(row(out, c).get(f) for c in ("a", "b") for f in figures))
    assert len(seen) == 1
