"""``laoke restore FILE --yes``: replace the database's content with a backup."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from laoke.audit.models import AuditAction
from laoke.audit.services import record
from laoke.audit.services.backup import BackupError, check_file, restore

BAD_FILE = 2  # exit status when the file is not a usable backup (one line on stderr, no traceback)


class Command(BaseCommand):
    help = "Bring a backup made by laoke backup back (replaces everything in the database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A file written by laoke backup.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            check_file(path)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=BAD_FILE) from exc
        if not options["yes"]:
            if not sys.stdin.isatty():
                raise CommandError(_("Restoring replaces everything in the database; add --yes to confirm."))
            answer = input(_("Replace everything in the database with %(path)s? [y/N] ") % {"path": path})
            if answer.strip().lower() not in {"y", "yes", "是"}:
                raise CommandError(_("Nothing was changed."))
        try:
            restore(path)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=BAD_FILE) from exc
        record(None, AuditAction.RESTORE, target=str(path), username="laoke restore")
        self.stdout.write(_("Database restored from %(path)s.") % {"path": path})
