"""Figures about the follow-up plan: open tasks by salesperson and kind, response times, win-backs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from laoke.accounts.models import User
from laoke.cadence.models import PlanStatusChoices, ReactivationPlan
from laoke.cadence.services.agenda import AgendaReport
from laoke.cadence.services.trips import FOLLOW_UP_KIND as TRIP_FOLLOW_UP_KIND
from laoke.cadence.services.urgent import NEWLY_AT_RISK_KIND
from laoke.core.cadence.model import TaskKind
from laoke.core.cadence.response import ResponseStats, response_stats
from laoke.interactions.models import Interaction, InteractionKindChoices
from laoke.retention.services.activity import COMPLAINT_TASK_KIND, FOLLOW_UP_TASK_KIND, PERSONAL_TASK_KIND
from laoke.retention.services.alerts import ALERT_TASK_KIND
from laoke.retention.services.tasks import active_tasks

KIND_LABELS: dict[str, Any] = {
    TaskKind.LADDER_ASK: _("Ask whether the mail arrived"),
    TaskKind.LADDER_INTRO: _("Short product introduction"),
    TaskKind.LADDER_CALL: _("Phone call"),
    TaskKind.MONTHLY_TOUCH: _("Monthly mail"),
    TaskKind.FESTIVAL: _("Festival greeting"),
    TaskKind.BIRTHDAY: _("Birthday"),
    TaskKind.PRE_SEASON: _("Pre-season samples"),
    TaskKind.SEASON_SAMPLES: _("Season samples"),
    TaskKind.SEASON_DESIGNS: _("Season designs"),
    TaskKind.VISIT: _("Visit"),
    TaskKind.ORDER_COMPLETION: _("Completion date"),
    TaskKind.ORDER_PHOTOS: _("Production photos"),
    TaskKind.ORDER_SHIPPING: _("Shipping notice"),
    TaskKind.ORDER_LOADING: _("Loading photos"),
    TaskKind.REACTIVATION: _("Win-back touch"),
    ALERT_TASK_KIND: _("Alert"),
    NEWLY_AT_RISK_KIND: _("Newly at risk"),
    COMPLAINT_TASK_KIND: _("Complaint"),
    FOLLOW_UP_TASK_KIND: _("Follow-up"),
    PERSONAL_TASK_KIND: _("Own task"),
    TRIP_FOLLOW_UP_KIND: _("After the visit"),
    # Made by the demo book when a salesperson has left.
    "handover": _("Handover"),
}
#: The window of mails the response time is measured on.
RESPONSE_DAYS = 90


def kind_label(kind: str) -> str:
    """The reader's-language name of a task kind (the code itself for kinds made elsewhere)."""
    return str(KIND_LABELS.get(kind, kind))


def agenda_counts(*, as_of: dt.date, horizon_days: int = 30) -> dict[str, dict[str, int]]:
    """Open tasks due by ``as_of + horizon_days`` per salesperson (username) and kind."""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    rows = (
        active_tasks()
        .filter(effective_due__lte=as_of + dt.timedelta(days=horizon_days))  # type: ignore[misc]
        .values("assignee__username", "kind")
        .annotate(n=Count("pk"))
        .order_by("assignee__username", "kind")
    )
    for row in rows:
        out[row["assignee__username"] or "—"][row["kind"]] = row["n"]
    return dict(out)


@dataclass(frozen=True)
class PersonResponse:
    """One salesperson's reply times to customer mails."""

    user: User
    stats: ResponseStats


def response_times(
    *, people: QuerySet[User], as_of: dt.date, days: int = RESPONSE_DAYS
) -> list[PersonResponse]:
    """Median reply time to customer mails (``email_in`` with our ``reply_hours``) per salesperson."""
    # Datetime bounds (not a date cast per row) so the (kind, user, occurred_at) rows are read by index.
    start = timezone.make_aware(dt.datetime.combine(as_of - dt.timedelta(days=days - 1), dt.time()))
    end = timezone.make_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time()))
    hours: dict[int, list[float | None]] = defaultdict(list)
    for uid, reply in Interaction.objects.filter(
        kind=InteractionKindChoices.EMAIL_IN, user__in=people, occurred_at__gte=start, occurred_at__lt=end
    ).values_list("user_id", "reply_hours"):
        hours[uid].append(reply)
    return [PersonResponse(p, response_stats(hours.get(p.pk, []))) for p in people]


def win_back_summary(*, plans: QuerySet[ReactivationPlan] | None = None) -> dict[str, int]:
    """Win-back plans by status (active, won, closed), of ``plans`` (default: all)."""
    qs = ReactivationPlan.objects.all() if plans is None else plans
    counts = dict(qs.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {status: counts.get(status, 0) for status in PlanStatusChoices.values}


def agenda_summary(report: AgendaReport, *, detailed: bool = True) -> list[str]:
    """What a refresh of the plan did, in lines; when ``detailed``, open tasks by salesperson and kind.

    ``laoke agenda`` and ``laoke score`` print these lines.
    """
    lines = [
        gettext(
            "Follow-up plan as of %(as_of)s: %(created)d new tasks, %(updated)d updated, "
            "%(cleared)d cleared; "
            "%(plans)d win-back plans started, %(won)d customers won back, %(visits)d trips proposed."
        )
        % {
            "as_of": report.as_of.isoformat(),
            "created": report.created,
            "updated": report.updated,
            "cleared": report.cleared,
            "plans": report.plans_started,
            "won": report.won_back,
            "visits": report.visits,
        }
    ]
    if detailed:
        for person, counts in agenda_counts(as_of=report.as_of).items():
            parts = ", ".join(f"{kind_label(kind)} {n}" for kind, n in sorted(counts.items()))
            lines.append(f"  {person}: {sum(counts.values())} — {parts}")
    return lines
