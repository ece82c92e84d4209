"""What the apps' job handlers share: the job's date, a Huey lock held for the handler, and a
message in both languages.

Each app registers the kinds it runs (``@handler("kind")`` from :mod:`laoke.jobs.runner`) in its
own ``job_handlers`` module, imported by its ``AppConfig.ready``: ``score`` and ``agenda`` in
cadence, ``pool`` in customers, ``mail`` and ``mailbox`` in mailbox, ``import`` in importing,
``preview`` in retention, ``export`` in web. The queue knows no app, so every app may queue jobs.

A handler's writes are one transaction (re-score parts, pool, import) or resumable (mail sync
stores each batch with the folder's last UID), so a worker killed mid-job leaves nothing
half-written and the job can simply run again. Handlers are thin: they call the apps' services
and report progress.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone, translation

from laoke.jobs import queue
from laoke.jobs.models import Job
from laoke.jobs.runner import Retry


def job_date(job: Job) -> dt.date:
    """The ``as_of`` date of the job's parameters; today when it has none."""
    value = (job.params or {}).get("as_of")
    return dt.date.fromisoformat(value) if value else timezone.localdate()


def in_both_languages(message: Any) -> dict[str, str]:
    """A message built by ``message()`` under English and under Chinese."""
    texts = {}
    for code, lang in (("en", "en"), ("zh", "zh-hans")):
        with translation.override(lang):
            texts[code] = str(message())
    return texts


class Held:
    """Hold the Huey lock ``name`` for the handler; a held lock sends the job back to wait."""

    def __init__(self, name: str) -> None:
        self.lock = queue.lock(name)

    def __enter__(self) -> None:
        try:
            self.lock.acquire()
        except queue.TaskLockedException as exc:
            raise Retry from exc

    def __exit__(self, *exc: object) -> None:
        self.lock.clear()
