"""The generator is deterministic, pure, and the book has what the later features need."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import polars as pl
import pytest

from laoke.core.schema import INTERACTION_KINDS, LOSS_REASONS, ORDER_LINE_SCHEMA
from laoke.demo.book import ARCHETYPES, DemoBook
from laoke.demo.generator import generate_book

from .conftest import TODAY


def test_the_same_seed_gives_the_same_book() -> None:
    """It generates identical frames twice from the same seed and date."""
    first = generate_book(seed=11, today=TODAY, customers=40, years=5)
    second = generate_book(seed=11, today=TODAY, customers=40, years=5)
    assert first.users == second.users
    for name, df in first.frames().items():
        assert df.equals(second.frames()[name]), name


def test_a_different_seed_gives_a_different_book() -> None:
    """It generates different customers and orders from another seed."""
    first = generate_book(seed=11, today=TODAY, customers=40, years=5)
    other = generate_book(seed=12, today=TODAY, customers=40, years=5)
    assert not first.customers.equals(other.customers)
    assert not first.order_lines.equals(other.order_lines)


def test_the_generator_does_not_import_django() -> None:
    """It generates a book without loading Django (the generator is pure)."""
    code = (
        "import sys, datetime as dt; from laoke.demo.generator import generate_book; "
        "generate_book(today=dt.date(2026, 1, 1), customers=20, years=3); "
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_too_few_customers_are_refused() -> None:
    """It refuses a book too small to hold every archetype."""
    with pytest.raises(ValueError, match="at least"):
        generate_book(today=TODAY, customers=5)


def test_the_book_spans_many_countries_and_currencies(book: DemoBook) -> None:
    """It sells to 30+ countries in 15+ currencies, with the policy tables covering them."""
    customers = book.customers
    assert customers.height == 300
    assert customers["country"].n_unique() >= 30
    assert customers["currency"].n_unique() >= 15
    assert set(customers["country"]) <= set(book.country_policies["country"])
    assert set(customers["currency"]) <= set(book.currency_policies["currency"])
    rated = set(book.exchange_rates["currency"]) | {book.company.home_currency}
    assert set(customers["currency"]) <= rated
    assert book.company.home_currency == "USD"
    assert "演示数据" in book.company.name


def test_eight_salespeople_one_has_left_and_keeps_customers(book: DemoBook) -> None:
    """It has eight salespeople, one of whom left and still owns customers, plus a manager and an admin."""
    sales = [u for u in book.users if u.role == "salesperson"]
    assert len(sales) == 8
    assert [u.username for u in sales if not u.is_active] == [book.departed.username]
    assert {u.username for u in book.users} >= {"manager", "admin"}
    assert (book.customers["owner"] == book.departed.username).sum() >= 5


def test_every_archetype_is_present(book: DemoBook) -> None:
    """It draws every behaviour archetype at least once, even in a small book."""
    assert set(book.customers["archetype"]) == set(ARCHETYPES)
    small = generate_book(seed=3, today=TODAY, customers=20, years=4)
    assert set(small.customers["archetype"]) == set(ARCHETYPES)


def test_orders_cover_six_years_and_follow_the_canonical_schema(book: DemoBook) -> None:
    """It produces 6+ years of order lines in the core's canonical schema, none after today."""
    lines = book.order_lines
    assert dict(lines.schema) == dict(ORDER_LINE_SCHEMA)
    assert lines["order_date"].max() <= TODAY
    assert (TODAY - lines["order_date"].min()).days >= 6 * 365
    assert not lines.select("order_id", "line_no").is_duplicated().any()


def test_amounts_are_consistent_in_both_currencies(book: DemoBook) -> None:
    """It keeps quantity × unit price = original amount, and converts at a positive rate."""
    lines = book.order_lines
    gap = (lines["quantity"] * lines["unit_price"] - lines["amount_original"]).abs() / lines[
        "amount_original"
    ].abs()
    assert gap.max() < 1e-3
    usd = lines.filter(pl.col("currency") == "USD")
    assert (usd["amount"] - usd["amount_original"]).abs().max() < 0.011


def test_margins_vary_and_a_few_lines_lack_cost(book: DemoBook) -> None:
    """It gives customers different margins, leaves a few costs empty and includes credit notes."""
    lines = book.order_lines
    assert 0 < lines["cost"].null_count() < 0.05 * lines.height
    margin = (
        lines.filter(pl.col("amount") > 0)
        .group_by("customer_id")
        .agg(m=1 - pl.col("cost").sum() / pl.col("amount").sum())
    )
    assert margin["m"].std() > 0.04
    credit = lines.filter(pl.col("amount") < 0)
    assert credit.height > 0 and credit["order_id"].str.starts_with("CN").all()


def test_new_products_are_being_taken_up(book: DemoBook) -> None:
    """It sells recently launched products to some customers, never before their launch."""
    recent = book.products.filter(pl.col("launched_on") > TODAY - dt.timedelta(days=730))
    assert recent.height >= 4
    sold = book.order_lines.join(
        recent.select(sku="sku", launched_on="launched_on"), left_on="product", right_on="sku"
    )
    assert sold["customer_id"].n_unique() >= 10
    assert (sold["order_date"] >= sold["launched_on"]).all()


def test_payments_include_late_and_overdue_unpaid(book: DemoBook) -> None:
    """It has one payment per order, some paid late and some overdue and unpaid."""
    pays = book.payments
    assert (
        pays.height
        == book.order_lines.filter(pl.col("order_id").str.starts_with("SO"))["order_id"].n_unique()
    )
    late = pays.filter((pl.col("paid_date") - pl.col("due_date")).dt.total_days() > 30)
    overdue = pays.filter(pl.col("paid_date").is_null() & (pl.col("due_date") < TODAY))
    assert late.height > 50
    assert overdue.height > 5
    assert (pays.drop_nulls("paid_date")["paid_date"] <= TODAY).all()


def test_interactions_cover_every_kind_with_replies_and_outcomes(book: DemoBook) -> None:
    """It logs every kind of interaction, unanswered mails, open complaints and test outcomes."""
    it = book.interactions
    assert set(it["kind"]) == set(INTERACTION_KINDS)
    mails = it.filter(pl.col("kind") == "email_out")
    assert 0 < mails["reply_hours"].null_count() < mails.height
    ours = it.filter(pl.col("kind") == "email_in")["reply_hours"]
    assert ours.null_count() == 0 and (ours > 24).sum() > 0 and ours.median() < 3
    complaints = it.filter(pl.col("kind") == "complaint")
    assert complaints["resolved_at"].null_count() > 0 and complaints["resolved_at"].is_not_null().sum() > 0
    assert {"stayed", "switched"} <= set(it.filter(pl.col("kind") == "terms_test")["outcome"])
    assert it["occurred_at"].max() <= dt.datetime.combine(TODAY, dt.time(23, 59))


def test_promises_losses_prospects_and_tasks(book: DemoBook) -> None:
    """It has broken promises, post-mortems, A/B/C targets and only the handover task (rules do the rest)."""
    assert book.promises.filter(pl.col("kept") == False).height > 0  # noqa: E712
    assert book.promises["kept"].null_count() > 0
    losses = book.losses
    assert set(losses["reason"]) <= set(LOSS_REASONS) and losses["reason"].n_unique() >= 4
    assert (losses["note"].str.len_chars() > 10).all()
    churned = set(book.customers.filter(pl.col("archetype") == "churned")["customer_id"])
    assert set(losses["customer_id"]) == churned
    targets = book.prospects.filter(pl.col("status") == "target")
    assert set(targets["tier"]) == {"A", "B", "C"}
    assert book.prospects.filter(pl.col("status") == "inquiry").height > 0
    won = book.prospects.filter(pl.col("status") == "won")["customer_id"]
    assert won.null_count() == 0 and set(won) <= set(book.customers["customer_id"])
    assert book.tasks["kind"].to_list() == ["handover"]
    assert not (book.tasks["assignee"] == book.departed.username).any()


def test_contacts_have_birthdays_and_languages(book: DemoBook) -> None:
    """It gives every customer a primary contact, most with a birthday and a language."""
    contacts = book.contacts
    assert set(contacts.filter(pl.col("is_primary"))["customer_id"]) == set(book.customers["customer_id"])
    assert contacts["birthday"].is_not_null().mean() > 0.7
    assert contacts["language"].n_unique() >= 10
