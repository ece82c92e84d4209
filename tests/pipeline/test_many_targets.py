"""Target follow-ups on a large pipeline: the re-score's target step copes with thousands of targets."""

from __future__ import annotations

import datetime as dt

import pytest

from laoke.accounts.models import User
from laoke.pipeline.models import Prospect, ProspectMove, ProspectStatusChoices
from laoke.pipeline.services.targets import sync_target_tasks, tier_entered
from laoke.retention.models import Task

pytestmark = pytest.mark.django_db

TARGETS = 1_500


def test_fifteen_hundred_targets_get_their_tier_day_and_a_follow_up(sales: User) -> None:
    """Each target's day in its tier is its last move into that tier (an earlier move to another
    tier does not count); with 1,500 targets SQLite once refused the query (expression too deep)."""
    created = dt.date(2026, 1, 5)
    prospects = Prospect.objects.bulk_create(
        Prospect(
            name=f"Target {i:04d}",
            owner=sales,
            created_on=created,
            status=ProspectStatusChoices.TARGET,
            tier="A" if i % 2 else "B",
        )
        for i in range(TARGETS)
    )
    moves = []
    for i, p in enumerate(prospects):
        moves.append(
            ProspectMove(prospect=p, moved_on=dt.date(2026, 2, 1), from_stage="inquiry", to_stage="C")
        )
        if i % 3 == 0:
            moves.append(
                ProspectMove(prospect=p, moved_on=dt.date(2026, 3, 1), from_stage="C", to_stage=str(p.tier))
            )
    ProspectMove.objects.bulk_create(moves)
    entered = tier_entered(Prospect.objects.filter(status=ProspectStatusChoices.TARGET))
    assert len(entered) == TARGETS
    for i, p in enumerate(prospects):
        assert entered[p.pk] == (dt.date(2026, 3, 1) if i % 3 == 0 else created)
    sync_target_tasks(today=dt.date(2026, 12, 6))
    assert Task.objects.filter(details__target_id__isnull=False).count() == TARGETS
