"""A move on the board made from a copy read before someone else changed the prospect keeps that change."""

from __future__ import annotations

import datetime as dt

import pytest

from laoke.accounts.models import User
from laoke.pipeline.models import Prospect, ProspectMove
from laoke.pipeline.services.board import MoveRefused, move_prospect

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)


def test_a_move_keeps_the_score_and_the_stage_stored_meanwhile(sales: User) -> None:
    """The prospect is scored and moved to B by others after this page read it: its move starts from B."""
    p = Prospect.objects.create(name="Acme", country="DE", kind="importer", owner=sales, created_on=TODAY)
    stale = Prospect.objects.get(pk=p.pk)
    Prospect.objects.filter(pk=p.pk).update(lookalike_score=81.5, scored_on=TODAY)
    move_prospect(prospect=Prospect.objects.get(pk=p.pk), to="B", user=sales, today=TODAY)
    move_prospect(prospect=stale, to="A", user=sales, today=TODAY)
    p.refresh_from_db()
    assert (p.stage, p.lookalike_score, p.scored_on) == ("A", 81.5, TODAY)
    moves = ProspectMove.objects.order_by("pk").values_list("from_stage", "to_stage")
    assert list(moves) == [("inquiry", "B"), ("B", "A")]


def test_a_prospect_won_meanwhile_cannot_be_moved_back_from_a_stale_page(sales: User) -> None:
    """A target won by a colleague after this page read it is refused a move back to C."""
    p = Prospect.objects.create(name="Acme", owner=sales, created_on=TODAY, status="target", tier="B")
    stale = Prospect.objects.get(pk=p.pk)
    move_prospect(prospect=Prospect.objects.get(pk=p.pk), to="won", user=sales, today=TODAY)
    with pytest.raises(MoveRefused) as info:
        move_prospect(prospect=stale, to="C", user=sales, today=TODAY)
    assert info.value.code == "portrait.pipeline.move.already_won"
    p.refresh_from_db()
    assert p.stage == "won" and p.customer is not None
