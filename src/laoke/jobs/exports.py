"""Long exports as jobs: a worker writes the file, its author downloads it from the job's page.

Files are kept in ``settings.EXPORT_DIR`` (``<LAOKE_VAR_DIR>/exports``; a 700 folder, files 600),
named by the job, for :data:`KEEP_DAYS` days; only the person who asked may download one.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import Any

from django.conf import settings

from laoke.jobs.models import Job
from laoke.jobs.services import queue_job

#: Which exports a worker can write (``Job.params["what"]``).
WHAT = ("customers", "review")
#: Days an export file is kept after it was written.
KEEP_DAYS = 7


def inline_rows() -> int:
    """Exports up to this many rows answer at once (``LAOKE_EXPORT_INLINE_ROWS``, default 5,000)."""
    return int(os.environ.get("LAOKE_EXPORT_INLINE_ROWS", "5000"))


def export_dir() -> Path:
    """Where finished export files wait for their download (created 700)."""
    folder = Path(settings.EXPORT_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def queue_export(user: Any, what: str, params: dict[str, Any], *, lang: str) -> Job:
    """Queue the export ``what`` for ``user`` with its own ``params``, written in ``lang``."""
    if what not in WHAT:
        raise ValueError(what)
    return queue_job("export", params={"what": what, "lang": lang or "en", **params}, user=user)


def file_path(job: Job) -> Path | None:
    """The written file of a finished export job, if it is still there."""
    stored = (job.result or {}).get("file")
    if job.kind != "export" or job.state != Job.State.DONE or not stored:
        return None
    path = export_dir() / Path(str(stored)).name  # never a path out of the folder
    return path if path.is_file() else None


def store(job: Job, data: bytes, *, suffix: str) -> str:
    """Write ``data`` as the job's file (600, replaced atomically); return its name in the folder."""
    name = f"job-{job.pk}.{suffix}"
    folder = export_dir()
    tmp = folder / f".{name}.part"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    tmp.replace(folder / name)
    return name


def remove_old(*, days: int = KEEP_DAYS, now: float | None = None) -> int:
    """Delete export files older than ``days``; return how many went."""
    limit = (now or time.time()) - dt.timedelta(days=days).total_seconds()
    gone = 0
    for path in export_dir().glob("job-*"):
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
            gone += 1
    return gone
