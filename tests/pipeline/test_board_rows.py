"""The board read as rows of values (``board_columns``' cards) draws the page the model instances drew.

The reference is the board as it was drawn before: each column's prospects read as model instances
(with their owners) and drawn by the cards' template (``pipeline/_board_cards.html``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.test import Client

from laoke.accounts.models import RoleChoices, Team, User
from laoke.core.portrait.pipeline import STAGES, TIERS
from laoke.customers.models import SourceChannelChoices
from laoke.pipeline.models import Prospect, ProspectStatusChoices
from laoke.pipeline.repositories import visible_prospects
from laoke.pipeline.services import board
from tests.pipeline.test_board_cards import _page, _pipeline

pytestmark = pytest.mark.django_db


def _stage_filters(today: dt.date) -> dict[str, Q]:
    """The prospects of each column as ORM filters: the board read before (its SQL is written out)."""
    since = today - dt.timedelta(days=board.BOARD_RECENT_DAYS)
    return {
        "inquiry": Q(status=ProspectStatusChoices.INQUIRY),
        **{tier: Q(status=ProspectStatusChoices.TARGET, tier=tier) for tier in TIERS},
        "won": Q(status=ProspectStatusChoices.WON, won_on__gte=since),
        "removed": Q(status=ProspectStatusChoices.REMOVED, removed_on__gte=since),
    }


def _model_columns(*, prospects: QuerySet[Prospect], today: dt.date, limit: int | None = None) -> list[Any]:
    """The columns as they were read before: model instances with their owners, in the same order."""
    filters = _stage_filters(today)
    columns = []
    for key in STAGES:
        qs = prospects.filter(filters[key])
        order = ("-lookalike_score", "-created_on", "pk")
        items = list(qs.select_related("owner").order_by(*order)[: limit or board.BOARD_CARDS])
        columns.append(board.BoardColumn(key=key, items=items, count=qs.count()))  # type: ignore[arg-type]
    return columns


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("who", ["sales", "manager"])
def test_the_board_read_as_rows_is_the_board_read_as_models(
    client: Client,
    sales: User,
    other_sales: User,
    manager: User,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    who: str,
) -> None:
    """Cards of every shape (clash, tiers with follow-ups, won, dropped, no owner, no source), a
    column with more cards than drawn: the page is the one drawn from model instances."""
    _pipeline(sales, other_sales)
    for n in range(board.BOARD_CARDS + 3):  # "and 3 more" under the inquiries
        Prospect.objects.create(name=f"Inquiry {n}", owner=sales, created_on=dt.date(2025, 1, 1 + n))
    client.force_login(sales if who == "sales" else manager)
    client.cookies["django_language"] = language
    rows = _page(client, monkeypatch, fast=True)
    again = _page(client, monkeypatch, fast=True)  # the cards kept per book version, drawn from the memo
    cache.clear()
    monkeypatch.setattr(board, "board_columns", _model_columns)
    models = _page(client, monkeypatch, fast=False)
    assert rows == again == models
    assert rows.count("prospect-card") >= 7 + board.BOARD_CARDS - 2
    assert rows.count("board-more") == 1  # the inquiries: more than drawn


def test_an_owner_without_a_full_name_is_written_by_username(sales_client: Client, sales: User) -> None:
    """A card names its owner as a user is written everywhere: full name, else the username."""
    nameless = User.objects.create_user("zhou.w", role=sales.role)
    Prospect.objects.create(name="Unnamed owner's", owner=nameless, created_on=dt.date(2025, 1, 1))
    Prospect.objects.create(name="Li's own", owner=sales, created_on=dt.date(2025, 1, 1))
    cards = board.board_columns(prospects=Prospect.objects.all(), today=dt.date(2025, 1, 2))[0].items
    assert {c.name: c.owner for c in cards} == {"Unnamed owner's": "zhou.w", "Li's own": str(sales)}


def test_the_cards_template_reads_a_board_card(
    monkeypatch: pytest.MonkeyPatch, sales_client: Client, sales: User
) -> None:
    """An edited cards template (drawn by the template engine) reads a card's values as it read a model's."""
    on = dt.date(2025, 1, 1)
    Prospect.objects.create(name="Fair lead", source_channel="field", owner=sales, created_on=on)
    fast = _page(sales_client, monkeypatch, fast=True)
    assert fast == _page(sales_client, monkeypatch, fast=False)
    assert str(SourceChannelChoices.FIELD.label) in fast and str(sales) in fast


def test_a_team_manager_and_someone_who_left_read_the_columns_the_querysets_read(sales: User) -> None:
    """The columns are read around the scope's compiled query: a team manager's scope (their team,
    their own and unowned rows: an ``OR`` with a subquery) and the empty scope of someone who left
    give the counts and cards the column querysets give."""
    team, other_team = Team.objects.create(name="A"), Team.objects.create(name="B")
    sales.team = team
    sales.save(update_fields=["team"])
    lead = User.objects.create_user("lead.a", role=RoleChoices.MANAGER, team=team)
    outsider = User.objects.create_user("zhao", role=RoleChoices.SALESPERSON, team=other_team)
    gone = User.objects.create_user("gone", role=RoleChoices.SALESPERSON, left_on=dt.date(2024, 12, 1))
    today = dt.date(2025, 3, 1)
    for n, owner in enumerate([sales, lead, outsider, None, gone] * 5):
        p = Prospect.objects.create(
            name=f"P{n}", owner=owner, created_on=dt.date(2025, 1, 1 + n), lookalike_score=(n % 7) / 10
        )
        stage = ["inquiry", "A", "B", "C", "won", "removed"][n % 6]
        if stage != "inquiry":
            p.status, p.tier = ("target", stage) if stage in "ABC" else (stage, "")
            p.won_on = today if stage == "won" else None
            p.removed_on = dt.date(2024, 1, 1) if n % 12 == 11 else (today if stage == "removed" else None)
            p.save()
    for user in (lead, gone, sales):
        scope = visible_prospects(user)
        got = board.board_columns(prospects=scope, today=today, limit=3)
        want = _model_columns(prospects=scope, today=today, limit=3)
        assert [(c.key, c.count, [p.pk for p in c.items]) for c in got] == [
            (c.key, c.count, [p.pk for p in c.items]) for c in want
        ]
    assert sum(c.count for c in board.board_columns(prospects=visible_prospects(lead), today=today)) > 0
    assert [c.count for c in board.board_columns(prospects=visible_prospects(gone), today=today)] == [0] * 6
