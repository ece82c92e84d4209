"""Many clients adding notes to the same tasks at once: print acknowledged vs stored per database.

Run from the repository root::

    .venv/bin/python bench/concurrency.py                    # SQLite, then PostgreSQL if it answers
    .venv/bin/python bench/concurrency.py --seconds 20 --database sqlite

For each database it migrates a fresh database (a SQLite file under ``/tmp/laoke_conc_*``, or the
PostgreSQL database ``laoke_bench``, dropped and created again and dropped at the end), creates
one salesperson with ``--tasks`` open tasks and an API token, and starts the app as ``laoke serve``
does (gunicorn, ``--workers`` × ``--threads``) on 127.0.0.1. ``--clients`` threads then add notes
for ``--seconds``: in turn through the API (``PATCH /api/tasks/{id}`` with ``note``) and through
the web form (the htmx POST of the Today page, each client with its own logged-in session), every
note a unique line. After the server has stopped, it reads the tasks' notes from the database and
prints, per database and per channel, the notes acknowledged (HTTP 200), how many of them are
stored, how many are lost, and the answers that were not 200 (a refusal must be a clear 409/503,
never a 500; 0 = no answer). ``--src`` runs the app from another checkout's ``src`` (for example
a ``git worktree`` of an older commit) to compare. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.client import HTTPConnection, HTTPResponse
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
BIN = REPO / ".venv" / "bin"
PG_NAME = "laoke_bench"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"
USERNAME = "bench-sales"
PASSWORD = "bench-notes-2026"
CHANNELS = ("api", "web")

#: Run by ``laoke shell``: the salesperson, a customer, the tasks and a token; prints them as JSON.
_SETUP = """
import json
from django.utils import timezone
from laoke.accounts.models import User
from laoke.api.services.tokens import create_token
from laoke.customers.models import Customer
from laoke.retention.models import Task
user = User.objects.create_user(username=%(username)r, password=%(password)r, role="salesperson")
customer = Customer.objects.create(code="BENCH", name="Bench Notes GmbH", owner=user)
ids = [Task.objects.create(customer=customer, assignee=user, kind="monthly_mail", title_en=f"Bench {n}",
        title_zh=f"基准 {n}", due_on=timezone.localdate()).pk for n in range(%(tasks)d)]
_token, raw = create_token(user=user, name="bench")
print(json.dumps({"tasks": ids, "token": raw}))
"""

#: Run by ``laoke shell``: every line of the notes of the tasks, as JSON.
_STORED = """
import json
from laoke.retention.models import Task
notes = Task.objects.filter(pk__in=%(ids)r).values_list("note", flat=True)
print(json.dumps([line for note in notes for line in note.splitlines()]))
"""


def run(args: list[str], env: dict[str, str]) -> str:
    """Run a command, fail loudly, return its stdout."""
    done = subprocess.run(args, env=env, check=True, capture_output=True, text=True)
    return done.stdout


def shell(code: str, env: dict[str, str]) -> Any:
    """Run ``code`` in ``laoke shell`` and parse the JSON of its last output line."""
    return json.loads(run([str(BIN / "laoke"), "shell", "-c", code], env).strip().splitlines()[-1])


def postgres(command: str) -> None:
    """``dropdb`` or ``createdb`` the benchmark's PostgreSQL database."""
    extra = ["--if-exists"] if command == "dropdb" else []
    subprocess.run([command, "-h", "127.0.0.1", "-U", "postgres", *extra, PG_NAME], check=True)


def postgres_answers() -> bool:
    """Whether a PostgreSQL server answers on 127.0.0.1:5432."""
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """The app as ``laoke serve`` runs it (gunicorn) on 127.0.0.1:``port``."""

    port: int
    env: dict[str, str]
    workers: int
    threads: int
    process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        env = {**self.env, "LAOKE_PORT": str(self.port), "LAOKE_WORKERS": str(self.workers)}
        options = [f"--threads={self.threads}", "--access-logfile=/dev/null", "--no-control-socket"]
        self.process = subprocess.Popen(
            [str(BIN / "python"), "-m", "laoke.cli", "serve", *options], env=env, stdout=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"laoke serve exited with {self.process.returncode}")
            try:
                conn = HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/login/")
                conn.getresponse().read()
                conn.close()
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("laoke serve did not answer within 60 s")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
            self.process.wait(timeout=60)


class WebSession:
    """One browser-like client logged in through the login form (cookies kept by hand)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        _status, page = self.request("GET", "/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is None:
            raise RuntimeError("no CSRF token on the login page")
        form = {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1).decode()}
        status, _body = self.request("POST", "/login/", urlencode(form))
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login failed (HTTP {status})")

    def _remember(self, response: HTTPResponse) -> None:
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]

    def request(
        self, method: str, path: str, body: str | None = None, htmx: bool = False
    ) -> tuple[int, bytes]:
        """Send a form request (with the CSRF header once the cookie is known); status and body."""
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Content-Type": "application/x-www-form-urlencoded",
            "X-CSRFToken": self.cookies.get("csrftoken", ""),
        }
        if htmx:
            headers["HX-Request"] = "true"
        conn = HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            self._remember(response)
            return response.status, data
        finally:
            conn.close()


@dataclass
class Tally:
    """Per channel: the notes acknowledged and the statuses of the answers."""

    acknowledged: dict[str, list[str]] = field(default_factory=lambda: {c: [] for c in CHANNELS})
    statuses: dict[str, Counter[int]] = field(default_factory=lambda: {c: Counter() for c in CHANNELS})
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, channel: str, note: str, status: int) -> None:
        """Count one answer; keep the note when it was acknowledged."""
        with self.lock:
            self.statuses[channel][status] += 1
            if status == 200:
                self.acknowledged[channel].append(note)


def api_patch(port: int, token: str, task_id: int, note: str) -> int:
    """PATCH a note onto a task through the API; the status (0 = no answer)."""
    conn = HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    try:
        conn.request("PATCH", f"/api/tasks/{task_id}", body=json.dumps({"note": note}), headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0
    finally:
        conn.close()


def client(n: int, port: int, setup: dict[str, Any], web: WebSession, deadline: float, tally: Tally) -> None:
    """Add notes until ``deadline``: API and web form in turn, on random tasks."""
    rng = random.Random(n)
    tasks = list(setup["tasks"])
    i = 0
    while time.monotonic() < deadline:
        task_id = rng.choice(tasks)
        channel = CHANNELS[(n + i) % 2]
        note = f"client {n} {channel} note {i}"
        if channel == "api":
            status = api_patch(port, str(setup["token"]), task_id, note)
        else:
            try:
                status, _body = web.request(
                    "POST", f"/tasks/{task_id}/note/", urlencode({"note": note}), htmx=True
                )
            except OSError:
                status = 0
        tally.record(channel, note, status)
        i += 1


def bench_database(kind: str, options: argparse.Namespace) -> str:
    """Run the clients against a fresh database of ``kind``; return the result lines."""
    folder = Path(tempfile.mkdtemp(prefix="laoke_conc_", dir="/tmp"))
    try:
        if kind == "postgres":
            postgres("dropdb")
            postgres("createdb")
        env = {
            **os.environ,
            "LAOKE_DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3" if kind == "sqlite" else PG_URL,
            "LAOKE_VAR_DIR": str(folder),
            "LAOKE_DEBUG": "false",
            "DJANGO_SETTINGS_MODULE": "laoke.project.settings",
        }
        if options.src:
            env["PYTHONPATH"] = str(Path(options.src).resolve())
        run([str(BIN / "laoke"), "migrate", "--noinput", "-v0"], env)
        values = {"username": USERNAME, "password": PASSWORD, "tasks": options.tasks}
        setup = shell(_SETUP % values, env)
        tally = Tally()
        with Server(free_port(), env, options.workers, options.threads) as server:
            # One login after the other (the login throttle refuses a burst of parallel logins).
            sessions = [WebSession(server.port) for _ in range(options.clients)]
            deadline = time.monotonic() + options.seconds
            threads = [
                threading.Thread(target=client, args=(n, server.port, setup, sessions[n], deadline, tally))
                for n in range(options.clients)
            ]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
        stored = Counter(shell(_STORED % {"ids": setup["tasks"]}, env))
        return report(kind, options, tally, stored, elapsed)
    finally:
        if kind == "postgres":
            postgres("dropdb")
        shutil.rmtree(folder, ignore_errors=True)


def report(kind: str, options: argparse.Namespace, tally: Tally, stored: Counter[str], elapsed: float) -> str:
    """The table of one database: per channel, acknowledged, stored, lost and other answers."""
    where = (
        f"{kind}: {options.clients} clients × {options.seconds:g} s on {options.tasks} tasks, "
        f"gunicorn {options.workers} workers × {options.threads} threads"
    )
    lines = [
        where,
        f"{'channel':<8}{'sent':>8}{'acked':>8}{'stored':>8}{'lost':>8}{'req/s':>8}  other answers",
    ]
    total = Counter[str]()
    for channel in (*CHANNELS, "all"):
        if channel == "all":
            sent, acked, kept, other = total["sent"], total["acked"], total["stored"], total["other"]
            refused = ""
        else:
            notes = tally.acknowledged[channel]
            statuses = tally.statuses[channel]
            sent, acked = sum(statuses.values()), len(notes)
            kept = sum(1 for note in notes if stored[note] >= 1)
            other = sent - acked
            refused = ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items()) if status != 200)
            total.update({"sent": sent, "acked": acked, "stored": kept, "other": other})
        row = f"{channel:<8}{sent:>8}{acked:>8}{kept:>8}{acked - kept:>8}{sent / elapsed:>8.1f}"
        lines.append(f"{row}  {refused or ('-' if channel != 'all' else f'{other} not 200')}")
    unacknowledged = sum(stored.values()) - total["stored"]
    lines.append(f"lines stored that were not acknowledged: {unacknowledged}")
    load_avg = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    lines.append(f"host load average after the run (1/5/15 min): {load_avg} on {os.cpu_count()} cores\n")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=60, help="how long the clients add notes")
    parser.add_argument("--clients", type=int, default=20, help="client threads at once")
    parser.add_argument("--tasks", type=int, default=5, help="tasks the notes go to (fewer: more contention)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (laoke serve uses 4)")
    parser.add_argument("--src", help="run the app from this src folder (e.g. a worktree of an older commit)")
    options = parser.parse_args()
    kinds = ["sqlite", "postgres"] if options.database == "both" else [options.database]
    if "postgres" in kinds and not postgres_answers():
        print("PostgreSQL does not answer on 127.0.0.1:5432: skipped", file=sys.stderr)
        kinds.remove("postgres")
    for kind in kinds:
        print(bench_database(kind, options), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
