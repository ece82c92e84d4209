"""The policy preview job: the book re-scored in memory under an edited policy.

Registered by the app's ``AppConfig.ready`` (see :mod:`laoke.jobs.handling`)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from laoke.jobs.models import Job
from laoke.jobs.runner import Reporter, handler


@handler("preview")
def preview(job: Job, report: Reporter) -> dict[str, Any]:
    """Re-score the book in memory with an edited policy and count the grade moves (nothing stored)."""
    from laoke.core.scorecard.policy_toml import policy_from_toml
    from laoke.retention.services.policy_changes import grade_changes, scoring_date

    report("scoring", 20)
    changes = grade_changes(policy_from_toml(job.params["toml"]), as_of=scoring_date(timezone.localdate()))
    return {
        "grades": changes.grades,
        "matrix": [[a, b, n] for (a, b), n in changes.matrix.items()],
        "customers": changes.customers,
        "changed": changes.changed,
    }
