"""The export job: a long export (the customer list, the year-end review) written by a worker.

Registered by the app's ``AppConfig.ready`` (see :mod:`laoke.jobs.handling`)."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from laoke.jobs.models import Job
from laoke.jobs.runner import JobFailed, Reporter, handler


@handler("export")
def export(job: Job, report: Reporter) -> dict[str, Any]:
    """Write a long export (the customer list, the year-end review) for its author, in their language."""
    from laoke.jobs.exports import remove_old, store

    p = job.params
    user = job.created_by
    if user is None or not user.is_active:
        raise JobFailed("no_author")
    remove_old()
    report("writing", 10)
    with translation.override(p.get("lang") or "en"):
        if p.get("what") == "review":
            from laoke.retention.services.review import review_export

            year = int(p["year"])
            data, rows = review_export(user, year=year, chinese=(p.get("lang") or "").startswith("zh"))
            name, suffix = f"review-{year}.xlsx", "xlsx"
        else:
            from laoke.web.customer_export import customer_export_file

            done = customer_export_file(user, query=str(p.get("query", "")), fmt=str(p.get("fmt", "xlsx")))
            data, rows, name, suffix = done.data, done.rows, done.filename, done.filename.rsplit(".", 1)[-1]
    return {"file": store(job, data, suffix=suffix), "filename": name, "rows": rows}
