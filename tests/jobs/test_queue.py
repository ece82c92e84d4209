"""The queue's storage: loading it never connects to a database (its tables come from a migration)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.jobs.live import LAOKE, env_for


def test_loading_the_postgresql_queue_does_not_connect(tmp_path: Path) -> None:
    """A process configured for a PostgreSQL database that does not exist still loads the queue."""
    env = env_for("postgres://postgres@127.0.0.1:5432/laoke_no_such_database", tmp_path)
    code = "from laoke.jobs.queue import HUEY; print(type(HUEY.storage).__name__, HUEY.name)"
    done = subprocess.run([LAOKE, "shell", "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines()[-1].split() == ["SqlStorage", "laoke"]
