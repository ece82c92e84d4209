"""``laoke jobs [--json]``: scheduled jobs and their next run, running, queued and recent jobs.

``laoke jobs run NAME`` queues one now (score, agenda, mail, pool); a running ``laoke worker``
(``make run`` starts one) picks it up.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from laoke.jobs import catalogue
from laoke.jobs.listing import as_json, describe, recent_jobs, schedule_rows
from laoke.jobs.services import queue_job


class Command(BaseCommand):
    help = "List scheduled, running, queued and recent jobs, or queue one now (jobs run NAME)."
    # Listing jobs needs the models only: Django's system checks would load every URL and view,
    # and with them the scoring stack (Polars, SciPy), for a command that must answer at once.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", nargs="?", choices=["run"], help="run: queue the named job now")
        parser.add_argument("name", nargs="?", help=f"with run: one of {', '.join(catalogue.RUNNABLE)}")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(settings.LANGUAGE_CODE)
        if options["action"] == "run":
            name = options["name"]
            if name not in catalogue.RUNNABLE:
                raise CommandError(
                    _("Give a job to run: %(names)s.") % {"names": ", ".join(catalogue.RUNNABLE)}
                )
            job = queue_job(name)
            if options["json"]:
                self.stdout.write(json.dumps({"id": job.pk, "name": job.kind, "state": job.state}))
            else:
                self.stdout.write(
                    _("Queued %(name)s as job %(id)d; a running laoke worker starts it.")
                    % {"name": name, "id": job.pk}
                )
            return
        if options["json"]:
            self.stdout.write(json.dumps(as_json(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(_("Scheduled (%(zone)s):") % {"zone": timezone.get_current_timezone_name()})
        for schedule, when in schedule_rows():
            next_run = timezone.localtime(when).strftime("%Y-%m-%d %H:%M") if when else "–"
            self.stdout.write(f"  {schedule.kind:<8} {describe(schedule):<24} {next_run}")
        self.stdout.write(_("Jobs:"))
        for x in recent_jobs():
            started = (
                timezone.localtime(x.job.started_at).strftime("%m-%d %H:%M:%S") if x.job.started_at else "–"
            )
            done = (
                timezone.localtime(x.job.finished_at).strftime("%m-%d %H:%M:%S") if x.job.finished_at else "–"
            )
            line = f"  #{x.job.pk:<5} {x.job.kind:<8} {x.job.state:<8} {x.percent:>3}%  {started}  {done}"
            if x.error:
                line += f"  {x.error}"
            self.stdout.write(line)
