"""The board and the pace panel over a large pipeline: bounded cards, counted columns, cached pace."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from laoke.accounts.models import User
from laoke.pipeline import presentation
from laoke.pipeline.models import Prospect
from laoke.pipeline.services import board

pytestmark = pytest.mark.django_db


def _inquiries(owner: User, n: int, start: int = 0) -> None:
    today = timezone.localdate()
    for i in range(start, start + n):
        Prospect.objects.create(
            name=f"Inquiry {i:03d}", owner=owner, created_on=today, lookalike_score=i / 1000, scored_on=today
        )


def test_each_column_draws_its_best_cards_and_counts_the_rest(
    sales_client: Client, sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(board, "BOARD_CARDS", 2)
    _inquiries(sales, 5)
    Prospect.objects.create(
        name="Tier A Co", owner=sales, created_on=timezone.localdate(), status="target", tier="A"
    )
    page = sales_client.get("/pipeline/").content.decode()
    assert "Inquiry 004" in page and "Inquiry 003" in page  # the best look-alikes
    assert "Inquiry 002" not in page and "Inquiry 000" not in page
    assert "and 3 more" in page and "Tier A Co" in page
    inquiry_column = page[page.index('data-stage="inquiry"') : page.index('data-stage="A"')]
    assert '<span class="badge text-bg-light">5</span>' in inquiry_column


def test_the_board_reads_the_same_queries_for_few_or_many_prospects(
    sales_client: Client, sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(board, "BOARD_CARDS", 3)
    _inquiries(sales, 4)
    sales_client.get("/pipeline/")
    cache.clear()  # both visits read the board (a second visit would take it from the cache)
    with CaptureQueriesContext(connection) as few:
        sales_client.get("/pipeline/")
    _inquiries(sales, 40, start=100)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        page = sales_client.get("/pipeline/").content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.count("prospect-card") == 3


def test_the_pace_panel_is_computed_once_until_the_pipeline_changes(
    manager: User, sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.clear()
    calls: list[int] = []
    real = presentation.pace

    def counted(**kwargs: object) -> object:
        calls.append(1)
        return real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(presentation, "pace", counted)
    _inquiries(sales, 2)
    first = presentation.pace_context(manager)
    assert presentation.pace_context(manager) == first and len(calls) == 1
    _inquiries(sales, 1, start=50)  # a new inquiry: the book version moves
    after = presentation.pace_context(manager)
    assert len(calls) == 2
    assert sum(after["pace_chart"]["entered"]) == sum(first["pace_chart"]["entered"]) + 1
