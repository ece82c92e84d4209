"""Inquiry scoring, the board moves, the portrait and the inquiry file, through the services."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from laoke.accounts.models import User
from laoke.customers.models import Customer
from laoke.pipeline.models import Prospect, ProspectMove
from laoke.pipeline.repositories import visible_prospects
from laoke.pipeline.services.board import MoveRefused, move_prospect, pace
from laoke.pipeline.services.inquiries import create_inquiry, score_prospects
from laoke.pipeline.services.inquiry_file import read_inquiry_file
from laoke.pipeline.services.portraits import book_target, customer_portrait, save_portrait

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


def test_an_inquiry_like_the_best_customers_outscores_one_like_the_small_ones(
    graded_book: list[Customer], sales: User
) -> None:
    """It stores a higher look-alike score, the nearest customers and the evidence on the inquiry."""
    today = timezone.localdate()
    big = create_inquiry(
        owner=sales,
        fields={"name": "Big new", "kind": "distributor", "headcount": 510, "expected_value": 305_000},
        as_of=today,
    )
    small = create_inquiry(
        owner=sales,
        fields={"name": "Small new", "kind": "end_user", "headcount": 6, "expected_value": 2_100},
        as_of=today,
    )
    big.refresh_from_db()
    small.refresh_from_db()
    assert big.lookalike_score is not None and small.lookalike_score is not None
    assert big.lookalike_score > small.lookalike_score
    assert big.created_on == today and big.status == "inquiry" and big.scored_on == today
    nearest = big.lookalike["nearest"]
    assert 3 <= len(nearest) <= 5 and nearest[0]["grade"] == "A"
    assert "turnover" in big.lookalike["missing"]
    assert big.lookalike_confidence is not None and big.lookalike_confidence < 1


def test_a_bad_field_is_refused_with_its_name(sales: User) -> None:
    """It raises a validation error naming the field and stores nothing."""
    with pytest.raises(ValidationError) as info:
        create_inquiry(owner=sales, fields={"name": "X", "kind": "robot"}, as_of=TODAY)
    assert "kind" in info.value.message_dict
    assert not Prospect.objects.exists()


def test_rescoring_is_idempotent(graded_book: list[Customer], sales: User) -> None:
    """It gives the same score when run twice on the same facts."""
    p = create_inquiry(owner=sales, fields={"name": "Q", "kind": "distributor"}, as_of=TODAY)
    first = (p.lookalike_score, p.lookalike)
    score_prospects(prospects=[p], as_of=TODAY)
    p.refresh_from_db()
    assert (p.lookalike_score, p.lookalike) == first


def test_moving_through_the_board_and_winning_creates_a_customer(sales: User) -> None:
    """It moves inquiry → B → A → won, records each move, and makes the won target a customer."""
    p = Prospect.objects.create(name="Acme", country="DE", kind="importer", owner=sales, created_on=TODAY)
    move_prospect(prospect=p, to="B", user=sales, today=TODAY)
    move_prospect(prospect=p, to="A", user=sales, today=TODAY)
    move_prospect(prospect=p, to="won", user=sales, today=TODAY + dt.timedelta(days=3))
    p.refresh_from_db()
    assert p.status == "won" and p.won_on == TODAY + dt.timedelta(days=3)
    assert p.customer is not None and p.customer.name == "Acme" and p.customer.owner == sales
    assert p.customer.code == f"P-{p.pk}"
    assert [m.to_stage for m in ProspectMove.objects.order_by("id")] == ["B", "A", "won"]
    with pytest.raises(MoveRefused) as info:
        move_prospect(prospect=p, to="C", user=sales, today=TODAY)
    assert info.value.code == "portrait.pipeline.move.already_won"


def test_winning_links_an_existing_customer(sales: User) -> None:
    """It links the given customer instead of creating one."""
    existing = Customer.objects.create(code="K1", name="Known", is_target=True)
    p = Prospect.objects.create(name="Known Ltd", owner=sales, created_on=TODAY, status="target", tier="C")
    move_prospect(prospect=p, to="won", user=sales, today=TODAY, customer=existing)
    existing.refresh_from_db()
    assert Customer.objects.count() == 1 and p.customer == existing and not existing.is_target
    other = Prospect.objects.create(name="Known again", owner=sales, created_on=TODAY)
    with pytest.raises(MoveRefused) as info:
        move_prospect(prospect=other, to="won", user=sales, today=TODAY, customer=existing)
    assert info.value.code == "portrait.pipeline.move.customer_taken"


def test_dropping_needs_a_reason_and_can_be_reopened(sales: User) -> None:
    """It refuses to drop without a reason, stores the reason and day, and clears them on reopening."""
    p = Prospect.objects.create(name="Maybe", owner=sales, created_on=TODAY, status="target", tier="A")
    with pytest.raises(MoveRefused):
        move_prospect(prospect=p, to="removed", user=sales, today=TODAY)
    move_prospect(prospect=p, to="removed", reason="Only a price check", user=sales, today=TODAY)
    p.refresh_from_db()
    assert (p.status, p.removed_on, p.removed_reason) == ("removed", TODAY, "Only a price check")
    move_prospect(prospect=p, to="inquiry", user=sales, today=TODAY)
    p.refresh_from_db()
    assert (p.status, p.removed_on, p.removed_reason) == ("inquiry", None, "")


def test_salespeople_see_only_their_own_prospects(sales: User, other_sales: User, manager: User) -> None:
    """It shows a salesperson their own prospects and a manager all of them."""
    mine = Prospect.objects.create(name="Mine", owner=sales, created_on=TODAY)
    Prospect.objects.create(name="Theirs", owner=other_sales, created_on=TODAY)
    assert list(visible_prospects(sales)) == [mine]
    assert visible_prospects(manager).count() == 2


def test_pace_counts_the_visible_prospects(sales: User, other_sales: User) -> None:
    """It counts per owner and for the company from stored prospects."""
    Prospect.objects.create(name="a", owner=sales, created_on=dt.date(2026, 10, 5))
    Prospect.objects.create(
        name="b", owner=other_sales, created_on=dt.date(2026, 1, 5), won_on=dt.date(2026, 10, 9), status="won"
    )
    table = pace(prospects=Prospect.objects.all(), as_of=dt.date(2026, 11, 1), quarters=1)
    rows = {r["owner"]: r for r in table.to_dicts()}
    assert (rows["sales1"]["entered"], rows["sales2"]["converted"], rows[None]["tracked"]) == (1, 1, 1)


def test_portrait_combines_derived_and_edited_dimensions(graded_book: list[Customer]) -> None:
    """It derives volume and channel from data and takes the edited product line and attributes."""
    customer = graded_book[1]
    save_portrait(customer=customer, values={"product_line": "Pigments", "attributes": ["purity", "REACH"]})
    portrait = customer_portrait(customer=customer, as_of=timezone.localdate())
    assert portrait["volume"] == 301_000.0 and portrait["channel"] == "distributor"
    assert portrait["product_line"] == "Pigments" and portrait["attributes"] == ["purity", "REACH"]
    assert portrait["grade"] == "A"


def test_target_portrait_of_the_graded_book(graded_book: list[Customer]) -> None:
    """It describes the three A customers: distributors on L/C."""
    target = book_target(as_of=timezone.localdate())
    rows = {r.key: r for r in target.rows}
    assert target.best_customers == 3 and target.customers == 6
    assert rows["channel"].value == "distributor" and rows["payment_terms"].value == "LC"


def test_inquiry_file_reports_row_and_column_and_reads_chinese_headers() -> None:
    """It names the row and the column of each bad cell, and maps Chinese headers and choices."""
    data = '名称,类型,员工人数,预计年采购额,关注指标\n好公司,经销商,120,50000,"纯度，粒径"\n,机器人,abc,-1,\n'
    parsed = read_inquiry_file(io.BytesIO(data.encode()), name="inq.csv")
    assert parsed.rows[0]["kind"] == "distributor" and parsed.rows[0]["attributes"] == ["纯度", "粒径"]
    places = {(e.row, e.column) for e in parsed.errors}
    assert places == {(3, "类型"), (3, "员工人数"), (3, "预计年采购额"), (3, "名称")}
    assert all(e.message(True).startswith("第 3 行") for e in parsed.errors)


def test_an_inquiry_on_an_empty_book_is_recorded_with_score_zero(sales: User) -> None:
    """It records and scores an inquiry when there are no customers yet (nothing to resemble)."""
    p = create_inquiry(owner=sales, fields={"name": "First ever", "kind": "distributor"}, as_of=TODAY)
    p.refresh_from_db()
    # One fact is not enough to compare: scored (dated) but without a similarity, and no neighbours.
    assert p.scored_on == TODAY and p.lookalike_score is None and p.lookalike["enough"] is False
    assert p.lookalike["nearest"] == [] and p.lookalike["best_match"] is None
    assert book_target(as_of=TODAY).best_customers == 0


def test_customers_without_orders_or_scores_still_get_a_portrait(sales: User) -> None:
    """It describes a customer known only by its record (imported, never scored)."""
    customer = Customer.objects.create(code="N1", name="New", kind="trader", headcount=12)
    portrait = customer_portrait(customer=customer, as_of=TODAY)
    assert portrait["channel"] == "distributor" and portrait["headcount"] == 12.0
    assert portrait["volume"] == 0.0 and portrait["grade"] is None and portrait["product_line"] is None
