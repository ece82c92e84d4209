"""A real worker killed (SIGKILL) mid re-score: nothing half-written, the job is retried.

Runs on SQLite, and on PostgreSQL in the PostgreSQL pass.
"""

from __future__ import annotations

import re
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.jobs.live import (
    LAOKE,
    build_template,
    copy_of,
    drop_template,
    env_for,
    live_figures,
    query,
    shell,
    wait_for,
)

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


def _orders_csv(path: Path, lines: int) -> None:
    """An order file of ``lines`` lines for 400 new customers (客户, 日期, 金额, 币种)."""
    rows = ["客户,日期,金额,币种"]
    for i in range(lines):
        rows.append(f"Kill Test {i % 400:03d},2024-{1 + i % 12:02d}-{1 + i % 28:02d},{100 + i % 900},USD")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


_START_IMPORT = """
import shutil
from laoke.accounts.models import User
from laoke.importing.services.flow import UPLOAD_DIR, Upload
from laoke.importing.services.jobs import start_import
UPLOAD_DIR.mkdir(exist_ok=True)
upload = Upload("killtest", "big.csv", "orders")
shutil.copy({source!r}, upload.path)
user = User.objects.filter(role="manager").order_by("pk").first()
print(start_import(upload, mapping={{}}, partial=False, user=user, lang="en").pk)
"""


def _import_job(url: str) -> tuple[int, str, int]:
    rows = query(url, "SELECT id, state, attempts FROM jobs_job WHERE kind = 'import' ORDER BY id")
    return int(rows[0][0]), str(rows[0][1]), int(rows[0][2])


def _caught_writing(url: str, job_id: int) -> bool:
    """True once the running import has reported written rows; fails at once if the job ended first."""
    if (live_figures(url, job_id) or {}).get("done", 0) > 0:
        return True
    state = _import_job(url)[1]
    assert state in ("queued", "running"), f"the import ended ({state}) before the test could kill it"
    return False


def test_worker_killed_mid_import_writes_no_line_and_the_job_is_retried(
    template: str, tmp_path: Path
) -> None:
    """SIGKILL while the import writes: no line of the file stored; the retried job imports all of them.

    The worker reports its rows at most every 0.2 s, so the file must take the writer well over that
    on a quiet machine: 30,000 lines were written in one report's time and the job ended between two
    polls (the wait then ran out in a fresh-clone CI run)."""
    lines = 150_000
    source = tmp_path / "big.csv"
    _orders_csv(source, lines)
    with copy_of(template, tmp_path) as url:
        env = env_for(url, tmp_path, TMPDIR=str(tmp_path))  # the upload folder of both processes
        before = query(url, "SELECT COUNT(*) FROM orders_orderline")[0][0]
        batch = int(shell(env, _START_IMPORT.format(source=str(source))).split()[-1])
        job_id = _import_job(url)[0]
        worker = _worker(env, "--no-scheduler")
        try:
            wait_for(lambda: _caught_writing(url, job_id), every=0.05)
        finally:
            _kill(worker)
        assert _import_job(url)[1:] == ("running", 1)
        assert query(url, "SELECT COUNT(*) FROM orders_orderline")[0][0] == before
        assert query(url, "SELECT COUNT(*) FROM customers_customer WHERE name LIKE 'Kill Test%'")[0][0] == 0
        time.sleep(3.5)  # the lease runs out
        again = _worker(env, "--no-scheduler")
        try:
            wait_for(lambda: _import_job(url)[1] in ("done", "failed"))
        finally:
            _kill(again)
        assert _import_job(url)[1:] == ("done", 2)
        assert query(url, "SELECT COUNT(*) FROM orders_orderline")[0][0] == before + lines
        status = query(url, f"SELECT status, rows_imported FROM importing_importbatch WHERE id = {batch}")
        assert status == [("done", lines)]


_QUEUE_PREVIEWS = """
from laoke.core.scorecard.policy import Policy
from laoke.core.scorecard.policy_toml import policy_to_toml
from laoke.jobs.services import queue_job
for n in range({count}):
    queue_job("preview", params={{"toml": policy_to_toml(Policy()), "n": n}})
"""


def test_two_workers_on_one_queue_run_each_job_exactly_once(template: str, tmp_path: Path) -> None:
    """Two worker processes take 12 queued policy previews from one queue: each runs once, all end done."""
    count = 12  # a preview re-scores the book in memory (seconds): both workers get some
    with copy_of(template, tmp_path) as url:
        env = env_for(url, tmp_path)
        logs = [tmp_path / f"worker{n}.log" for n in range(2)]
        workers = [
            subprocess.Popen([LAOKE, "worker", "--no-scheduler"], env=env, stderr=log.open("wb"))
            for log in logs
        ]
        try:
            wait_for(lambda: all("consumer started" in log.read_text() for log in logs))
            shell(env, _QUEUE_PREVIEWS.format(count=count))
            wait_for(lambda: query(url, "SELECT COUNT(*) FROM jobs_job WHERE state = 'done'")[0][0] == count)
        finally:
            for worker in workers:
                _kill(worker)
        rows = query(url, "SELECT id, state, attempts, worker FROM jobs_job ORDER BY id")
        assert [(state, attempts) for _, state, attempts, _ in rows] == [("done", 1)] * count
        text = "".join(log.read_text() for log in logs)
        started = [int(n) for n in re.findall(r"job (\d+) \(preview\) started", text)]
        assert sorted(started) == [row[0] for row in rows]  # each job's handler ran once, in one worker
        assert len({row[3] for row in rows}) == 2  # both workers took part
