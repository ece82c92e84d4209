"""What the agenda page ("Today") shows besides the tasks: counts by kind, response time, calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.db.models import Count, QuerySet

from laoke.accounts.models import User
from laoke.cadence.services.reports import kind_label, response_times
from laoke.core.cadence.drafts import LETTER_KINDS
from laoke.retention.models import Task
from laoke.retention.services.tasks import agenda_tasks

#: How long the agenda reuses a salesperson's reply-time figure.
RESPONSE_CACHE_SECONDS = 600
#: Task kinds that open a mail draft.
DRAFT_KINDS = frozenset(LETTER_KINDS)


def agenda_extras(
    *,
    scope: QuerySet[Task, Any] | None,
    assignee: User | None,
    today: dt.date,
    kind: str,
    counts: list[tuple[str, int]] | None = None,
) -> dict[str, Any]:
    """Context for the agenda page: task counts by kind (for the filter), the reply-time figure.

    ``counts`` are the (kind, tasks) of the agenda when the caller has them already (Today reads
    them with its fingerprint, ``laoke.cadence.services.today.build_today``), most first.
    """
    if counts is None:
        rows = (
            agenda_tasks(today=today, assignee=assignee, scope=scope)
            .values("kind")
            .annotate(n=Count("pk"))
            .order_by("-n", "kind")
        )
        counts = [(str(row["kind"]), int(row["n"])) for row in rows]
    person = assignee if assignee is not None and not assignee.is_manager else None
    response = None
    if person is not None:
        # Reading 90 days of mail per page view is the page's slowest query; the figure moves slowly.
        key = f"cadence:response:{person.pk}:{today.isoformat()}"
        response = cache.get(key)
        if response is None:
            response = response_times(people=User.objects.filter(pk=person.pk), as_of=today)[0].stats
            cache.set(key, response, RESPONSE_CACHE_SECONDS)
    return {
        "kind_counts": [(name, kind_label(name), n) for name, n in counts],
        "kind": kind,
        "response": response,
        "draft_kinds": DRAFT_KINDS,
    }
