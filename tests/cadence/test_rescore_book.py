"""``laoke score`` and the re-score service do the same work: the command is a thin adapter over
``rescore_book`` (scores, forecasts, alerts, the follow-up plan, the A/B/C targets' follow-ups,
new inquiries), with the same rule for a book that is history and the same ``--no-agenda``."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from laoke.cadence.services.book import rescore_book
from laoke.pipeline.models import Prospect, ProspectStatusChoices
from laoke.retention.models import CustomerScore, Task, TaskStatusChoices
from tests.web import factories as f

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 6, 30)


@pytest.fixture
def target() -> Prospect:
    """A book of six customers ordering every few weeks, and an A target without its follow-up."""
    seller = f.user("seller")
    for i in range(6):
        customer = f.customer(f"Trade {i}", owner=seller)
        for month in range(1, 13 + i):
            f.order(customer, dt.date(2025, 1, 1) + dt.timedelta(days=month * 25), 1000)
    return Prospect.objects.create(
        name="Target Co",
        owner=seller,
        created_on=dt.date(2026, 6, 1),
        status=ProspectStatusChoices.TARGET,
        tier="A",
    )


def _rescore(how: str, as_of: dt.date = AS_OF, **options: bool) -> str:
    """Re-score the book through the command or the service; the command's output ('' for the service)."""
    if how == "service":
        rescore_book(
            as_of=as_of,
            plan_old_book=options.get("plan_old_book", False),
            refresh_plan=not options.get("no_agenda", False),
        )
        return ""
    out = StringIO()
    with translation.override("en"):
        call_command("score", as_of=as_of.isoformat(), stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def _target_tasks(target: Prospect) -> int:
    return Task.objects.filter(details__target_id=target.pk, status=TaskStatusChoices.OPEN).count()


@pytest.mark.parametrize("how", ["command", "service"])
def test_a_rescore_gives_each_target_its_follow_up(target: Prospect, how: str) -> None:
    """Both give the A target its follow-up beside the rule-made tasks, and no second one on a re-run."""
    _rescore(how)
    assert CustomerScore.objects.count() == 6
    assert _target_tasks(target) == 1
    assert Task.objects.count() > 1  # the rule-made tasks too
    _rescore(how)
    assert _target_tasks(target) == 1


@pytest.mark.parametrize("how", ["command", "service"])
def test_without_the_plan_no_task_is_made(target: Prospect, how: str) -> None:
    """``--no-agenda`` (``refresh_plan=False``) scores the book and leaves every task alone."""
    out = _rescore(how, no_agenda=True)
    assert CustomerScore.objects.count() == 6
    assert not Task.objects.exists()
    assert "Follow-up plan left as it was" not in out


@pytest.mark.parametrize("how", ["command", "service"])
def test_a_book_of_the_past_gets_no_target_follow_ups_unless_asked(target: Prospect, how: str) -> None:
    """Scored over a year after its last order, the book is history for both: no task at all,
    unless ``--plan-old-book``."""
    later = AS_OF + dt.timedelta(days=800)
    out = _rescore(how, later)
    assert not Task.objects.exists()
    if how == "command":
        assert "Follow-up plan left as it was" in out
    _rescore(how, later, plan_old_book=True)
    assert _target_tasks(target) == 1
