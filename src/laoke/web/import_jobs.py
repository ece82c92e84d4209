"""Large imports from the web page run in a background thread and report their progress.

The thread's ImportBatch row is created (and committed) before it starts, so the page can poll it.
The import itself stays one transaction (all-or-nothing), which means the row's own updates made
inside it are invisible until it commits — and on SQLite no other connection may write while it
runs. So the live figures (stage, rows written of the total) go to a small JSON file beside the
upload, which every server process can read; the row gets the stage and row count at the
phase boundaries and the final result. When the thread fails, the transaction rolls back, the row
says ``failed`` with the reason, and the uploaded file is kept so the user can try again. When the
server process dies mid-import, the next poll sees that the process named in the progress file is
gone and marks the batch failed the same way.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connections
from django.utils import timezone

from laoke.fileio.errors import FileReadError
from laoke.importing.models import ImportBatch
from laoke.project.dbstats import refresh_planner_statistics
from laoke.web import import_flow
from laoke.web.import_flow import Upload, run_import

log = logging.getLogger(__name__)

#: Files from this size on are imported in the background (about 15 000 order lines of CSV).
BACKGROUND_BYTES = 1_000_000

#: The background threads of this process, by batch id (tests join them).
THREADS: dict[int, threading.Thread] = {}

#: ``ImportBatch.failure`` of a batch whose server process went away.
PROCESS_GONE = "server process stopped"

#: One background import at a time per process (SQLite has one writer; the others wait, "queued").
_ONE_AT_A_TIME = threading.Lock()


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


def progress_path(batch_id: int) -> Path:
    """The progress file of a batch."""
    return import_flow.UPLOAD_DIR / f"batch-{batch_id}.progress.json"


def write_progress(batch_id: int, progress: Progress) -> None:
    """Replace the batch's progress file atomically (readers never see half a file)."""
    path = progress_path(batch_id)
    temporary = path.with_suffix(f".{threading.get_ident()}.tmp")
    data = {"pid": os.getpid(), "stage": progress.stage, "done": progress.done, "total": progress.total}
    temporary.write_text(json.dumps(data))
    temporary.replace(path)


def read_progress(batch_id: int) -> tuple[Progress, int] | None:
    """The batch's progress and the id of the process running it, or None when there is no file."""
    try:
        data = json.loads(progress_path(batch_id).read_text())
    except (FileNotFoundError, ValueError):
        return None
    return Progress(str(data["stage"]), int(data["done"]), int(data["total"])), int(data["pid"])


def runs_in_background(upload: Upload) -> bool:
    """Whether the upload is large enough to be imported in the background."""
    return upload.path.stat().st_size >= BACKGROUND_BYTES


def start_import(
    upload: Upload, *, mapping: dict[str, str], partial: bool, user: Any, lang: str
) -> ImportBatch:
    """Create the batch row, then import the upload in a background thread; return the row."""
    batch = ImportBatch.objects.create(
        kind=upload.kind, file_name=upload.name[:500], user=user, stage="queued", file_sha256=""
    )
    import_flow.UPLOAD_DIR.mkdir(mode=0o700, exist_ok=True)
    write_progress(batch.pk, Progress("queued"))
    thread = threading.Thread(
        target=_run,
        args=(batch.pk, upload, mapping, partial, user, lang),
        name=f"laoke-import-{batch.pk}",
        daemon=True,
    )
    THREADS[batch.pk] = thread
    thread.start()
    return batch


def _run(batch_id: int, upload: Upload, mapping: dict[str, str], partial: bool, user: Any, lang: str) -> None:
    """The thread: import, keep the row up to date, record a failure; never raise."""
    try:
        with _ONE_AT_A_TIME:
            _import(batch_id, upload, mapping, partial, user, lang)
    except FileReadError as exc:
        mark_failed(batch_id, exc.message(lang))
    except Exception as exc:
        log.exception("background import %s failed", batch_id)
        mark_failed(batch_id, f"{type(exc).__name__}: {exc}")
    finally:
        progress_path(batch_id).unlink(missing_ok=True)
        connections.close_all()
        THREADS.pop(batch_id, None)


def _import(
    batch_id: int, upload: Upload, mapping: dict[str, str], partial: bool, user: Any, lang: str
) -> None:
    """Read, check and write the upload, keeping the progress file and the batch row up to date."""
    batch = ImportBatch.objects.get(pk=batch_id)
    write_progress(batch_id, Progress("reading"))
    ImportBatch.objects.filter(pk=batch_id).update(stage="reading")

    def on_read(rows: int) -> None:
        ImportBatch.objects.filter(pk=batch_id).update(stage="writing", rows_total=rows)
        write_progress(batch_id, Progress("writing", 0, rows))

    def on_progress(_stage: str, done: int, total: int) -> None:
        write_progress(batch_id, Progress("writing", done, total))

    report = run_import(
        upload,
        mapping=mapping,
        partial=partial,
        user=user,
        lang=lang,
        batch=batch,
        on_read=on_read,
        progress=on_progress,
    )
    ImportBatch.objects.filter(pk=batch_id).update(stage="", progress=100)
    if report.written:
        upload.path.unlink(missing_ok=True)
        refresh_planner_statistics(report.rows_imported)


def mark_failed(batch_id: int, reason: str) -> None:
    """Record that a running batch stopped without a result (a no-op once it has finished)."""
    ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.RUNNING).update(
        status=ImportBatch.Status.FAILED, stage="", failure=reason[:2000], finished_at=timezone.now()
    )


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def current_progress(batch: ImportBatch) -> Progress | None:
    """The live progress of a running batch; marks it failed when its process has gone.

    Returns None when the batch is not running (any more): the caller shows its result.
    """
    if batch.status != ImportBatch.Status.RUNNING:
        return None
    found = read_progress(batch.pk)
    if found is not None and _process_alive(found[1]):
        return found[0]
    if found is None and batch.pk in THREADS:  # the thread is finishing right now
        return Progress("writing", batch.rows_total, batch.rows_total)
    mark_failed(batch.pk, PROCESS_GONE)
    batch.refresh_from_db()
    return None if batch.status != ImportBatch.Status.RUNNING else Progress(batch.stage)
