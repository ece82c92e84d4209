"""laoke backup / restore: a round trip loses nothing, on SQLite and (PostgreSQL pass) PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import dj_database_url
import pytest

from laoke.audit.services.backup import BackupError, check_file, sqlite_snapshot

ROOT = Path(__file__).resolve().parents[2]
LAOKE = [sys.executable, "-m", "laoke.cli"]
TABLES = [
    "accounts_user",
    "customers_customer",
    "customers_contact",
    "orders_order",
    "orders_orderline",
    "orders_payment",
    "interactions_interaction",
    "retention_task",
    "audit_auditevent",
]


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``laoke ARGS`` with the given database; fail the test with its output when it fails."""
    done = subprocess.run([*LAOKE, *args], env=env, capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, f"laoke {' '.join(args)}: {done.stdout}\n{done.stderr}"
    return done


def engines() -> list[str]:
    """SQLite always; PostgreSQL when the suite runs on it (the PostgreSQL pass of make test)."""
    url = os.environ.get("LAOKE_DATABASE_URL", "")
    return ["sqlite", "postgresql"] if url.startswith("postgres") else ["sqlite"]


@pytest.fixture(params=engines())
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a fresh, migrated database holding a small demo book."""
    env = {**os.environ, "LAOKE_VAR_DIR": str(tmp_path / "var"), "LAOKE_LANGUAGE": "en"}
    name = ""
    if request.param == "sqlite":
        env["LAOKE_DATABASE_URL"] = f"sqlite:///{tmp_path / 'laoke.sqlite3'}"
    else:
        cfg = dj_database_url.parse(os.environ["LAOKE_DATABASE_URL"])
        name = f"laoke_backup_{uuid.uuid4().hex[:8]}"
        admin = {**os.environ, "PGPASSWORD": str(cfg.get("PASSWORD") or "")}
        base = ["-h", str(cfg["HOST"]), "-p", str(cfg["PORT"] or 5432), "-U", str(cfg["USER"])]
        subprocess.run(["createdb", *base, name], env=admin, check=True)
        user = cfg["USER"]
        password = f":{cfg['PASSWORD']}" if cfg.get("PASSWORD") else ""
        env["LAOKE_DATABASE_URL"] = f"postgres://{user}{password}@{cfg['HOST']}:{cfg['PORT'] or 5432}/{name}"
    run(env, "migrate", "-v0")
    run(env, "demo", "--customers", "40", "--years", "3", "--seed", "7")
    yield env
    if name:
        subprocess.run(["dropdb", *base, "--if-exists", name], env=admin, check=False)


def counts(env: dict[str, str]) -> dict[str, int]:
    """Rows per table, read through laoke shell (works for both engines)."""
    code = (
        "from django.db import connection\n"
        "c = connection.cursor()\n"
        f"for t in {TABLES!r}:\n"
        "    c.execute(f'SELECT COUNT(*) FROM {t}')\n"
        "    print(t, c.fetchone()[0])\n"
    )
    out = run(env, "shell", "-v0", "-c", code).stdout
    pairs = [line.split() for line in out.splitlines()]
    return {p[0]: int(p[1]) for p in pairs if len(p) == 2 and p[0] in TABLES}


def test_round_trip_loses_nothing(database: dict[str, str], tmp_path: Path) -> None:
    """Back up, change and delete data, restore: every table has the rows it had at the backup."""
    env = database
    before = counts(env)
    assert before["customers_customer"] == 40 and before["orders_order"] > 0
    assert before["interactions_interaction"] > 0
    out = tmp_path / "snap" / "laoke.bak"
    run(env, "backup", "--out", str(out))
    assert out.is_file() and oct(out.stat().st_mode & 0o777) == "0o600"
    run(
        env,
        "shell",
        "-v0",
        "-c",
        "from laoke.interactions.models import Interaction; Interaction.objects.all().delete();"
        "from laoke.customers.models import Customer; Customer.objects.update(name='gone')",
    )
    assert counts(env)["interactions_interaction"] == 0
    run(env, "restore", str(out), "--yes")
    after = counts(env)
    # the backup's own audit event was written after the snapshot: it is not in it
    assert {k: v for k, v in after.items() if k != "audit_auditevent"} == {
        k: v for k, v in before.items() if k != "audit_auditevent"
    }
    names = run(
        env,
        "shell",
        "-v0",
        "-c",
        "from laoke.customers.models import Customer as C; print(C.objects.filter(name='gone').count())",
    )
    assert names.stdout.strip().splitlines()[-1] == "0"


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    """A random file is refused before the database is touched, with a clear message."""
    env = {**os.environ, "LAOKE_DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "LAOKE_LANGUAGE": "en"}
    junk = tmp_path / "junk.bak"
    junk.write_bytes(b"hello")
    done = subprocess.run(
        [*LAOKE, "restore", str(junk), "--yes"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode != 0 and "not an SQLite backup" in done.stderr
    assert not (tmp_path / "x.sqlite3").exists() or (tmp_path / "x.sqlite3").stat().st_size == 0


def test_sqlite_backup_is_consistent_while_a_writer_runs(tmp_path: Path) -> None:
    """A snapshot taken while another connection keeps inserting pairs of rows never holds half a pair."""
    live = tmp_path / "live.sqlite3"
    con = sqlite3.connect(live)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE pair (k INTEGER, side TEXT)")
    con.execute("CREATE TABLE customers_customer (id INTEGER)")
    con.execute("CREATE TABLE django_migrations (id INTEGER)")
    con.commit()
    stop = threading.Event()

    def writer() -> None:
        w = sqlite3.connect(live, timeout=30)
        k = 0
        while not stop.is_set():
            with w:
                w.execute("INSERT INTO pair VALUES (?, 'a')", (k,))
                w.execute("INSERT INTO pair VALUES (?, 'b')", (k,))
            k += 1
        w.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        time.sleep(0.2)
        snaps = [tmp_path / f"snap{i}.sqlite3" for i in range(3)]
        for snap in snaps:
            sqlite_snapshot(live, snap)
    finally:
        stop.set()
        thread.join()
    for snap in snaps:
        check_file(snap, kind="sqlite")
        rows = sqlite3.connect(snap).execute("SELECT COUNT(*), SUM(side = 'a') FROM pair").fetchone()
        assert rows[0] > 0 and rows[0] == 2 * rows[1]


def test_check_file_rejects_a_foreign_sqlite_database(tmp_path: Path) -> None:
    """An SQLite file without Laoke's tables is not taken for a backup."""
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(BackupError, match="not a Laoke database"):
        check_file(other, kind="sqlite")


def restore_exit(tmp_path: Path, backup: Path) -> subprocess.CompletedProcess[str]:
    """Run ``laoke restore BACKUP --yes`` on an empty SQLite database; return the finished process."""
    env = {**os.environ, "LAOKE_DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "LAOKE_LANGUAGE": "en"}
    env["LAOKE_VAR_DIR"] = str(tmp_path / "var")
    return subprocess.run(
        [*LAOKE, "restore", str(backup), "--yes"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def laoke_database(path: Path) -> None:
    """A small SQLite file with Laoke's two marker tables and enough rows to span many pages."""
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE django_migrations (id INTEGER)")
    con.execute("CREATE TABLE customers_customer (id INTEGER, name TEXT)")
    con.executemany("INSERT INTO customers_customer VALUES (?, ?)", [(i, "x" * 200) for i in range(2000)])
    con.commit()
    con.close()


@pytest.mark.parametrize("cut", [0.5, 0.02])
def test_restore_of_a_truncated_backup_is_one_line_and_exit_2(tmp_path: Path, cut: float) -> None:
    """A backup cut short (a copy that stopped half way) is refused in one line, exit status 2."""
    whole = tmp_path / "whole.sqlite3"
    laoke_database(whole)
    check_file(whole, kind="sqlite")
    data = whole.read_bytes()
    cut_file = tmp_path / "cut.sqlite3"
    cut_file.write_bytes(data[: int(len(data) * cut)])
    done = restore_exit(tmp_path, cut_file)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and str(cut_file) in lines[0], done.stderr


def test_restore_of_a_garbage_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """Random bytes behind a valid SQLite header are refused the same way."""
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"SQLite format 3\x00" + os.urandom(4096 * 3))
    done = restore_exit(tmp_path, junk)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
