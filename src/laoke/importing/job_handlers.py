"""The import job: an uploaded file into the book, then a re-score.

Registered by the app's ``AppConfig.ready`` (see :mod:`laoke.jobs.handling`)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from laoke.jobs.models import Job
from laoke.jobs.runner import JobFailed, Reporter, handler
from laoke.jobs.services import queue_job


@handler("import")
def import_file(job: Job, report: Reporter) -> dict[str, Any]:
    """Import an uploaded file (all-or-nothing unless partial), then queue a re-score of the book."""
    from laoke.fileio.errors import FileReadError
    from laoke.importing.models import ImportBatch
    from laoke.importing.services.flow import Upload, run_import
    from laoke.platform.dbstats import refresh_planner_statistics

    p = job.params
    batch = ImportBatch.objects.get(pk=p["batch"])
    if batch.status != ImportBatch.Status.RUNNING:  # an earlier attempt committed before its worker died
        return {"rows": batch.rows_imported, "batch": batch.pk}
    upload = Upload(p["token"], p["name"], "customers" if p["kind"] == "customers" else "orders")
    report("reading", 1)
    ImportBatch.objects.filter(pk=batch.pk).update(stage="reading")
    try:
        done = run_import(
            upload,
            mapping=p["mapping"],
            partial=bool(p.get("partial")),
            user=job.created_by,
            lang=p.get("lang", "en"),
            batch=batch,
            on_read=lambda rows: report("writing", done=0, total=rows),
            progress=lambda _stage, n, total: report("writing", done=n, total=total),
        )
    except FileReadError as exc:
        _batch_failed(batch, exc.message(p.get("lang", "en")))
        raise JobFailed("message", en=exc.message("en"), zh=exc.message("zh-hans")) from exc
    except Exception as exc:
        if job.attempts >= job.max_attempts:
            _batch_failed(batch, f"{type(exc).__name__}: {exc}")
        raise
    ImportBatch.objects.filter(pk=batch.pk).update(stage="", progress=100)
    if done.written:
        upload.path.unlink(missing_ok=True)
        refresh_planner_statistics(done.rows_imported)
        queue_job("score", user=job.created_by)
    return {"rows": done.rows_imported, "batch": batch.pk}


def _batch_failed(batch: Any, reason: str) -> None:
    from laoke.importing.models import ImportBatch

    ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.RUNNING).update(
        status=ImportBatch.Status.FAILED, stage="", failure=reason[:2000], finished_at=timezone.now()
    )
