"""The database, its WAL files, backups and the generated secret key are readable by their owner only."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from laoke.audit.services import backup as backup_service

ROOT = Path(__file__).resolve().parents[2]


def mode(path: Path) -> int:
    """The permission bits of ``path``."""
    return stat.S_IMODE(path.stat().st_mode)


def laoke(var: Path, *args: str) -> None:
    """Run ``laoke ARGS`` on the default SQLite database in ``var`` under the usual umask 022."""
    env = {k: v for k, v in os.environ.items() if k not in {"LAOKE_DATABASE_URL", "LAOKE_SECRET_KEY"}}
    env["LAOKE_VAR_DIR"] = str(var)
    done = subprocess.run(
        [sys.executable, "-m", "laoke.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=lambda: os.umask(0o022),
    )
    assert done.returncode == 0, done.stderr


def test_a_new_install_keeps_its_database_and_secret_key_private(tmp_path: Path) -> None:
    """After the first migrate, var/laoke.sqlite3 (and -wal, -shm) and var/secret_key are mode 600."""
    var = tmp_path / "var"
    laoke(var, "migrate", "-v0")
    database = var / "laoke.sqlite3"
    assert database.stat().st_size > 0
    assert mode(database) == 0o600
    for companion in (var / "laoke.sqlite3-wal", var / "laoke.sqlite3-shm"):
        if companion.exists():
            assert mode(companion) == 0o600
    assert mode(var / "secret_key") == 0o600


def test_an_existing_world_readable_database_is_tightened(tmp_path: Path) -> None:
    """A database left 644 by an older version is made 600 as soon as Laoke opens it."""
    var = tmp_path / "var"
    var.mkdir()
    database = var / "laoke.sqlite3"
    database.touch()
    database.chmod(0o644)
    laoke(var, "shell", "-v0", "-c", "from django.db import connection; connection.ensure_connection()")
    assert mode(database) == 0o600


def test_a_backup_is_private_before_any_data_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file the snapshot is written into is already mode 600 when the copy starts."""
    seen: list[int] = []

    def snapshot(live: Path, out: Path) -> None:
        seen.append(mode(out))
        out.write_bytes(b"SQLite format 3\x00")

    monkeypatch.setattr(backup_service, "engine", lambda alias="default": "sqlite")
    monkeypatch.setattr(backup_service, "_db", lambda alias="default": {"NAME": str(tmp_path / "live")})
    monkeypatch.setattr(backup_service, "sqlite_snapshot", snapshot)
    old = os.umask(0o022)
    try:
        out = backup_service.backup(tmp_path / "b" / "laoke.bak")
    finally:
        os.umask(old)
    assert seen == [0o600]
    assert mode(out) == 0o600
