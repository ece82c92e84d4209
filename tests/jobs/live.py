"""A database of its own for tests that run real ``laoke`` processes: SQLite file or PostgreSQL database.

The book (migrated, a small demo) is built once per test session and copied for each test.
"""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

LAOKE = str(Path(sys.executable).parent / "laoke")
POSTGRES = os.environ.get("LAOKE_DATABASE_URL", "").startswith("postgres")


def env_for(url: str, var: Path, **extra: str) -> dict[str, str]:
    """The environment of a laoke process on ``url``."""
    return {
        **os.environ,
        "LAOKE_DATABASE_URL": url,
        "LAOKE_VAR_DIR": str(var),
        "LAOKE_LANGUAGE": "en",
        "PYTHONUNBUFFERED": "1",
        "LAOKE_JOB_LEASE_SECONDS": "3",
        **extra,
    }


def _server_url(name: str) -> str:
    base = os.environ["LAOKE_DATABASE_URL"]
    return base.rsplit("/", 1)[0] + "/" + name


def _admin(sql: str) -> None:
    with psycopg.connect(_server_url("postgres"), autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def build_template(folder: Path) -> str:
    """Migrate a new database and load a small demo book into it; return its URL."""
    if POSTGRES:
        name = f"laoke_tpl_{uuid.uuid4().hex[:8]}"
        _admin(f"CREATE DATABASE {name}")
        url = _server_url(name)
    else:
        url = f"sqlite:///{folder / 'template.sqlite3'}"
    env = env_for(url, folder)
    subprocess.run([LAOKE, "migrate", "-v0"], env=env, check=True)
    subprocess.run(
        [LAOKE, "demo", "--customers", "40", "--years", "3"], env=env, check=True, capture_output=True
    )
    return url


def drop_template(url: str) -> None:
    """Remove a PostgreSQL template (a SQLite one goes with its folder)."""
    if POSTGRES:
        _admin(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")


@contextmanager
def copy_of(template: str, folder: Path) -> Iterator[str]:
    """A fresh copy of the template database (its URL), dropped afterwards."""
    if POSTGRES:
        name = f"laoke_job_{uuid.uuid4().hex[:8]}"
        _admin(f"CREATE DATABASE {name} TEMPLATE {template.rsplit('/', 1)[1]}")
        try:
            yield _server_url(name)
        finally:
            _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    else:
        target = folder / "book.sqlite3"
        shutil.copy(template.removeprefix("sqlite:///"), target)
        yield f"sqlite:///{target}"


def query(url: str, sql: str) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` on the database at ``url``."""
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30) as conn:
            return list(conn.execute(sql).fetchall())
    with psycopg.connect(url) as conn:
        return list(conn.execute(sql).fetchall())  # type: ignore[arg-type]


def wait_for(check: Any, timeout: float = 300, every: float = 0.3) -> Any:
    """Poll ``check()`` until it returns something true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("timed out")


def live_figures(url: str, job_id: int) -> dict[str, Any] | None:
    """The live figures a running job stored in the queue's key/value store (Huey ``laoke``), or None."""
    key = f"laoke.job.{job_id}"
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///") + ".queue"
        if not Path(path).exists():
            return None
        with sqlite3.connect(path, timeout=30) as conn:
            rows = conn.execute("SELECT value FROM kv WHERE queue = 'laoke' AND key = ?", (key,)).fetchall()
    else:
        with psycopg.connect(url) as conn:
            rows = conn.execute("SELECT value FROM kv WHERE queue = 'laoke' AND key = %s", (key,)).fetchall()
    if not rows:
        return None
    value = pickle.loads(bytes(rows[0][0]))
    return value if isinstance(value, dict) else None


def shell(env: dict[str, str], code: str) -> str:
    """Run ``code`` in ``laoke shell`` on the process environment ``env``; return what it printed."""
    done = subprocess.run([LAOKE, "shell", "-c", code], env=env, check=True, capture_output=True, text=True)
    return done.stdout
