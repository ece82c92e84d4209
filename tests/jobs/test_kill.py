"""A real worker killed (SIGKILL) mid re-score: nothing half-written, the job is retried.

Runs on SQLite, and on PostgreSQL in the PostgreSQL pass.
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.jobs.live import LAOKE, build_template, copy_of, drop_template, env_for, query, wait_for

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database with a 40-customer demo book, built once."""
    folder = tmp_path_factory.mktemp("template")
    url = build_template(folder)
    yield url
    drop_template(url)


def _job(url: str, kind: str) -> tuple[str, int] | None:
    rows = query(url, f"SELECT state, attempts FROM jobs_job WHERE kind = '{kind}' ORDER BY id")
    return (str(rows[0][0]), int(rows[0][1])) if rows else None


def _worker(env: dict[str, str], *extra: str, log: bool = False) -> subprocess.Popen[bytes]:
    err = subprocess.PIPE if log else subprocess.DEVNULL
    return subprocess.Popen([LAOKE, "worker", *extra], env=env, stderr=err)


def _kill(worker: subprocess.Popen[bytes]) -> None:
    worker.send_signal(signal.SIGKILL)
    worker.wait()


def test_worker_killed_mid_rescore_leaves_no_half_scores_and_the_job_is_retried(
    template: str, tmp_path: Path
) -> None:
    """SIGKILL while the re-score runs: no scores or all of them; the next worker reruns it to done."""
    with copy_of(template, tmp_path) as url:
        env = env_for(url, tmp_path)
        customers = query(url, "SELECT COUNT(*) FROM customers_customer")[0][0]
        subprocess.run([LAOKE, "jobs", "run", "score"], env=env, check=True, capture_output=True)
        worker = _worker(env)
        wait_for(lambda: _job(url, "score") == ("running", 1))
        time.sleep(2)  # into the re-score (loading, scoring, forecasting: tens of seconds)
        _kill(worker)
        assert _job(url, "score") == ("running", 1)
        assert query(url, "SELECT COUNT(*) FROM retention_customerscore")[0][0] in (0, customers)
        time.sleep(3.5)  # the lease runs out
        again = _worker(env)
        try:
            assert wait_for(lambda: _job(url, "score") if _job(url, "score")[0] == "done" else None) == (
                "done",
                2,
            )
        finally:
            _kill(again)
        assert query(url, "SELECT COUNT(*) FROM retention_customerscore")[0][0] == customers
        assert query(url, "SELECT error_code FROM jobs_job WHERE kind = 'score'")[0][0] == ""
