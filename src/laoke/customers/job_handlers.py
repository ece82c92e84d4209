"""The job of the shared pool: customers nobody contacted go back to it.

Registered by the app's ``AppConfig.ready`` (see :mod:`laoke.jobs.handling`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from laoke.jobs.handling import job_date
from laoke.jobs.models import Job
from laoke.jobs.runner import Reporter, handler


@handler("pool")
def pool(job: Job, report: Reporter) -> dict[str, Any]:
    """Return the customers nobody contacted for the team's number of days to the shared pool."""
    from laoke.customers.models import AccessPolicy
    from laoke.customers.services.pool import return_to_pool

    report("pool", 10)
    days = AccessPolicy.current().pool_after_days
    if not days:
        return {"returned": 0}
    with transaction.atomic():
        returned = return_to_pool(as_of=job_date(job), days=days)
    return {"returned": returned}
