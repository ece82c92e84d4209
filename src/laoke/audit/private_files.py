"""Files holding the company's data are readable by their owner only (mode 600).

The SQLite database and its ``-wal``/``-shm`` companions are tightened whenever Django opens a
connection (so a database created, or left 644 by an older version, is closed to other local users
before any row is read); backups and the generated secret key are created 600 from the start.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.db.backends.signals import connection_created
from django.dispatch import receiver

PRIVATE = 0o600


def create_private(path: Path) -> None:
    """Create ``path`` empty with mode 600 (or truncate it and tighten its mode if it exists)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
    os.close(fd)
    path.chmod(PRIVATE)


def tighten(path: Path) -> None:
    """Make an existing file 600 when group or others may read or write it."""
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(PRIVATE)
    except FileNotFoundError:
        pass


def sqlite_files(name: str) -> list[Path]:
    """The database file and the WAL and shared-memory files SQLite keeps beside it."""
    base = Path(name)
    return [base, base.with_name(base.name + "-wal"), base.with_name(base.name + "-shm")]


@receiver(connection_created, dispatch_uid="laoke_private_sqlite_files")
def private_sqlite_files(sender: Any, connection: Any, **kwargs: Any) -> None:
    """On each new SQLite connection to a file, the database files are made 600."""
    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        return
    for path in sqlite_files(str(connection.settings_dict["NAME"])):
        tighten(path)
