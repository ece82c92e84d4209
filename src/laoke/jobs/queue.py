"""The Huey instance of the project (configured by ``settings.HUEY``), its locks and its key/value store.

Everything else talks to the queue through this module, so the choice of library stays in one place.
Huey is imported on first use (``queue.HUEY``, ``queue.TaskLockedException``, a lock): it imports
``psycopg`` with it, and the job handlers that every command registers when it starts need neither.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from huey import Huey
    from huey.exceptions import TaskLockedException

    HUEY: Huey

#: The lock every job that rewrites the book's derived data holds (re-score, agenda).
BOOK_LOCK = "book"

__all__ = ["BOOK_LOCK", "HUEY", "TaskLockedException", "clear_lock", "lock", "read_live", "write_live"]


def __getattr__(name: str) -> Any:
    if name == "HUEY":
        return _huey()
    if name == "TaskLockedException":
        from huey.exceptions import TaskLockedException

        return TaskLockedException
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _huey() -> Huey:
    from huey.contrib.djhuey import HUEY

    return HUEY


def lock(name: str) -> Any:
    """Huey's task lock ``name`` (a context manager raising TaskLockedException when held)."""
    return _huey().lock_task(name)


def clear_lock(name: str) -> None:
    """Release the lock ``name`` (its holder was a job whose worker died)."""
    _huey().lock_task(name).clear()


def _key(job_id: int) -> str:
    return f"laoke.job.{job_id}"


def write_live(job_id: int, **figures: Any) -> None:
    """Store the live figures (stage, percent, rows) and a heartbeat of a running job."""
    _huey().put(_key(job_id), {**figures, "beat": time.time()})


def read_live(job_id: int) -> dict[str, Any] | None:
    """The live figures of a running job with ``beat`` (epoch seconds), or None."""
    data = _huey().get(_key(job_id), peek=True)
    return data if isinstance(data, dict) else None


def forget_live(job_id: int) -> None:
    """Drop the live figures of a job that has stopped."""
    _huey().delete(_key(job_id))
