"""Re-score the book: scores, states, forecasts and alerts (``rescore``), the follow-up plan, then
the inquiries stored without a look-alike score.

One service for everything that re-derives the book after its facts or its policy change: the
nightly job, the policy page, the "Re-score now" button and the re-score after an import all call
it (through the ``score`` job, which holds the book lock), and so does ``laoke score``. It lives in
cadence, above retention and pipeline, because it drives both. Each part is one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from laoke.cadence.services.agenda import AgendaReport, refresh_agenda
from laoke.core.scorecard.policy import Policy
from laoke.pipeline.services.inquiries import score_unscored
from laoke.pipeline.services.targets import sync_target_tasks
from laoke.platform.dbstats import refresh_planner_statistics
from laoke.retention.services.scoring import ScoreReport, rescore
from laoke.retention.services.stamps import prune_agenda_changes

#: Progress steps with the share of the work done when each starts (percent).
STEPS = {"loading": 5, "scoring": 20, "forecasting": 45, "storing": 80, "agenda": 90}


@dataclass(frozen=True)
class BookReport:
    """What re-scoring the book did."""

    scores: ScoreReport
    #: None when the plan was left alone: the book is history (``ScoreReport.stale_days``).
    agenda: AgendaReport | None
    inquiries: int = 0
    #: False when the caller asked to leave the follow-up plan alone (``refresh_plan=False``).
    plan_requested: bool = True

    @property
    def plan_skipped(self) -> bool:
        """Whether the follow-up plan was not refreshed because the book is history."""
        return self.plan_requested and self.agenda is None


def written_rows(scores: ScoreReport, agenda: AgendaReport | None) -> int:
    """Rows a re-score wrote: scorecards, forecasts, state changes and the plan's new or changed tasks."""
    tasks = agenda.created + agenda.updated if agenda is not None else 0
    return scores.customers + scores.forecasts + scores.state_changes + tasks


def rescore_book(
    *,
    as_of: dt.date,
    policy: Policy | None = None,
    progress: Callable[[str, int], None] | None = None,
    plan_old_book: bool = False,
    refresh_plan: bool = True,
) -> BookReport:
    """Recompute scores, states, forecasts and alerts, every rule-made follow-up task, unscored inquiries,
    and the A/B/C targets' follow-ups.

    When the book's newest order is more than a year before ``as_of`` (a file of the past scored
    at today's date), the follow-up plan and the targets' tasks are left as they are unless
    ``plan_old_book``: they would give every salesperson a win-back task for each customer of a
    book that is history (11,735 tasks for Online Retail II scored in 2026). With
    ``refresh_plan=False`` (``laoke score --no-agenda``) they are left as they are in any case.
    """
    say = progress or (lambda _step, _percent: None)
    scores = rescore(as_of=as_of, policy=policy, progress=lambda step: say(step, STEPS.get(step, 0)))
    plan = refresh_plan and (plan_old_book or scores.stale_days is None)
    agenda = None
    if plan:
        say("agenda", STEPS["agenda"])
        with transaction.atomic():
            agenda = refresh_agenda(as_of=as_of, policy=policy)
    with transaction.atomic():
        inquiries = score_unscored(as_of=as_of)
        if plan:
            sync_target_tasks(today=as_of)  # A weekly, B every two weeks, C monthly
    prune_agenda_changes()  # PostgreSQL's log of task writes, kept small by the nightly re-score
    refresh_planner_statistics(written_rows(scores, agenda))
    return BookReport(scores=scores, agenda=agenda, inquiries=inquiries, plan_requested=refresh_plan)
