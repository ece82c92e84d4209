"""``laoke worker``: run a Huey consumer — the job workers and, unless ``--no-scheduler``, the scheduler.

Start as many as you like against PostgreSQL, on one machine or several (docs/jobs.md). On start it
requeues or fails the jobs of workers that died (the reaper also runs every minute).
"""

from __future__ import annotations

import logging
import sys
from typing import Any, cast

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run a job worker (Huey consumer): imports, re-scores, mail sync, schedules."

    def add_arguments(self, parser: CommandParser) -> None:
        consumer = _consumer_settings()
        parser.add_argument(
            "--threads", type=int, default=consumer.get("workers", 2), help="jobs run side by side"
        )
        parser.add_argument(
            "--no-scheduler", action="store_true", help="do not queue scheduled jobs from this worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from laoke.jobs import reaper, schedules, tasks  # noqa: F401  (tasks registers the Huey tasks)
        from laoke.jobs.queue import HUEY
        from laoke.jobs.runner import announce_start

        for name in ("huey", "laoke.jobs"):  # the queue's and the jobs' own lines (a job started, failed)
            logger = logging.getLogger(name)
            if not logger.handlers:
                handler = logging.StreamHandler(sys.stderr)
                handler.setFormatter(logging.Formatter("[%(asctime)s] %(levelname)s %(name)s: %(message)s"))
                logger.addHandler(handler)
                logger.setLevel(logging.INFO)
                logger.propagate = False
        schedules.ensure_defaults()
        reaper.reap()
        announce_start()  # what the apps keep of the book, built ahead beside the jobs
        consumer_options = _consumer_settings()
        consumer_options.update(workers=options["threads"], periodic=not options["no_scheduler"])
        HUEY.create_consumer(**consumer_options).run()


def _consumer_settings() -> dict[str, Any]:
    """The consumer options of ``settings.HUEY``."""
    return dict(cast("dict[str, Any]", settings.HUEY.get("consumer", {})))
