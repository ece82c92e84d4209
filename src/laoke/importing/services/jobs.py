"""Large imports from the web page run as ``import`` jobs (:mod:`laoke.jobs`) and report their progress.

The batch row is created (and committed) before the job is queued, so the page can show it at
once. A worker runs the import as one transaction (all-or-nothing) and keeps its live figures in
the job queue's store, which the batch page polls; when the import fails, the transaction rolls
back, the batch says ``failed`` with the reason, and the uploaded file is kept so the user can try
again. A worker killed mid-import leaves nothing written: the job is tried again (up to three
times) or ends failed, and so does its batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone, translation

from laoke.importing.models import ImportBatch
from laoke.importing.services.flow import Upload
from laoke.jobs import catalogue
from laoke.jobs.listing import live
from laoke.jobs.models import Job
from laoke.jobs.services import latest, queue_job

#: Files from this size on are imported by a worker (about 15 000 order lines of CSV).
BACKGROUND_BYTES = 1_000_000

#: ``ImportBatch.failure`` of a batch whose job is gone.
PROCESS_GONE = "server process stopped"


@dataclass(frozen=True)
class Progress:
    """Where a running import is: ``stage`` ("queued", "reading", "writing") and rows written."""

    stage: str
    done: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        """Rows written in percent (0 before writing starts)."""
        return min(100, 100 * self.done // self.total) if self.total else 0


def runs_in_background(upload: Upload) -> bool:
    """Whether the upload is large enough to be imported by a worker."""
    return upload.path.stat().st_size >= BACKGROUND_BYTES


def start_import(
    upload: Upload, *, mapping: dict[str, str], partial: bool, user: Any, lang: str
) -> ImportBatch:
    """Create the batch row and queue the ``import`` job; return the row."""
    batch = ImportBatch.objects.create(
        kind=upload.kind, file_name=upload.name[:500], user=user, stage="queued", file_sha256=""
    )
    params = {
        "batch": batch.pk,
        "token": upload.token,
        "name": upload.name,
        "kind": upload.kind,
        "mapping": mapping,
        "partial": partial,
        "lang": lang,
    }
    queue_job("import", params=params, user=user)
    return batch


def mark_failed(batch_id: int, reason: str) -> None:
    """Record that a running batch stopped without a result (a no-op once it has finished)."""
    ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.RUNNING).update(
        status=ImportBatch.Status.FAILED, stage="", failure=reason[:2000], finished_at=timezone.now()
    )


def current_progress(batch: ImportBatch) -> Progress | None:
    """The live progress of a running batch; None when it is not running (any more).

    A batch whose job failed for good (or vanished) is marked failed with the job's reason.
    """
    if batch.status != ImportBatch.Status.RUNNING:
        return None
    job = latest("import", batch=batch.pk)
    if job is None or job.state == Job.State.FAILED:
        with translation.override(translation.get_language()):
            reason = catalogue.error_text(job) if job is not None else PROCESS_GONE
        mark_failed(batch.pk, reason or PROCESS_GONE)
    elif job.state in (Job.State.QUEUED, Job.State.RUNNING):
        figures = live(job)
        stage = "queued" if job.state == Job.State.QUEUED else (figures.stage or "reading")
        return Progress(stage, figures.done, figures.total)
    batch.refresh_from_db()
    if batch.status != ImportBatch.Status.RUNNING:
        return None
    return Progress("writing", batch.rows_total, batch.rows_total)  # the job is writing its result
