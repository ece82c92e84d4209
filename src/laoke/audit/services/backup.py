"""Consistent snapshots of the database while the app runs, and bringing one back.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies a consistent image page by
page while other connections keep reading and writing (WAL). PostgreSQL: ``pg_dump`` in custom
format (one consistent snapshot, MVCC) and ``pg_restore --clean --single-transaction``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

from laoke.audit.private_files import create_private

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(RuntimeError):
    """The backup or restore could not be done (the message says why)."""


def _db(alias: str = "default") -> dict[str, Any]:
    return dict(settings.DATABASES[alias])


def engine(alias: str = "default") -> str:
    """``sqlite`` or ``postgresql``."""
    name = str(_db(alias)["ENGINE"])
    if name.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in name:
        return "postgresql"
    raise BackupError(f"unsupported database engine {name}")


def default_path(directory: Path, *, now: dt.datetime | None = None, alias: str = "default") -> Path:
    """``DIR/laoke-YYYYmmdd-HHMMSS.sqlite3`` (or ``.pgdump``)."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    suffix = ".sqlite3" if engine(alias) == "sqlite" else ".pgdump"
    return directory / f"laoke-{stamp}{suffix}"


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    env["PGDATABASE"] = str(db["NAME"])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return path


def sqlite_snapshot(live: Path, out: Path) -> None:
    """Copy the SQLite database ``live`` to ``out`` with the online backup API (consistent, no lock-out)."""
    source = sqlite3.connect(str(live), timeout=30)
    target = sqlite3.connect(str(out))
    try:
        with target:
            source.backup(target, pages=1024)
    finally:
        target.close()
        source.close()


def backup(out: Path, *, alias: str = "default") -> Path:
    """Write a consistent snapshot of the database to ``out`` (parent folders are created)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    db = _db(alias)
    tmp = out.with_name(out.name + ".part")
    tmp.unlink(missing_ok=True)
    create_private(tmp)  # 600 before the first byte of data is written into it
    if engine(alias) == "sqlite":
        sqlite_snapshot(Path(str(db["NAME"])), tmp)
    else:
        cmd = [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={tmp}"]
        done = subprocess.run(cmd, env=_pg_env(db), capture_output=True, text=True, check=False)
        if done.returncode != 0:
            tmp.unlink(missing_ok=True)
            raise BackupError(f"pg_dump failed: {' '.join(done.stderr.split())}")
    tmp.chmod(0o600)
    tmp.replace(out)
    return out


def check_file(path: Path, *, alias: str = "default", kind: str | None = None) -> None:
    """Refuse a file that is not a snapshot of this kind of database (before touching anything).

    ``kind`` (``sqlite`` or ``postgresql``) defaults to the engine of the database ``alias``.
    """
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    with path.open("rb") as fh:
        head = fh.read(16)
    if (kind or engine(alias)) == "sqlite":
        if head != SQLITE_MAGIC:
            raise BackupError(f"{path}: not an SQLite backup")
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            ok = con.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:  # cut short or garbled past the header
            raise BackupError(f"{path}: the file is damaged or incomplete ({exc})") from exc
        finally:
            con.close()
        if "django_migrations" not in tables or "customers_customer" not in tables:
            raise BackupError(f"{path}: not a Laoke database")
        if ok != "ok":
            raise BackupError(f"{path}: the file is damaged ({ok})")
    elif not head.startswith(PGDUMP_MAGIC):
        raise BackupError(f"{path}: not a pg_dump custom-format backup")


def restore(path: Path, *, alias: str = "default") -> None:
    """Replace the database's content with the snapshot in ``path`` (all or nothing)."""
    check_file(path, alias=alias)
    db = _db(alias)
    connections[alias].close()
    if engine(alias) == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        target = sqlite3.connect(str(db["NAME"]), timeout=30)
        try:
            source.backup(target)
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{path}: the file could not be read back ({exc})") from exc
        finally:
            target.close()
            source.close()
        return
    cmd = [
        _tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        f"--dbname={db['NAME']}",
        str(path),
    ]
    done = subprocess.run(cmd, env=_pg_env(db), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {' '.join(done.stderr.split())}")
