"""``laoke backup [--out FILE]``: a consistent snapshot of the database while the app runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from laoke.audit.models import AuditAction
from laoke.audit.services import record
from laoke.audit.services.backup import BackupError, backup, default_path


class Command(BaseCommand):
    help = "Write a consistent snapshot of the database (SQLite online backup, or pg_dump)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out", help="Backup file; default var/backups/laoke-<date-time>.sqlite3 or .pgdump"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"]) if options["out"] else default_path(Path(settings.VAR_DIR) / "backups")
        try:
            path = backup(out)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = path.stat().st_size
        record(None, AuditAction.BACKUP, target=str(path), detail={"bytes": size}, username="laoke backup")
        self.stdout.write(_("Backup written to %(path)s (%(size)s bytes).") % {"path": path, "size": size})
