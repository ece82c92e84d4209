"""Notes added to a task at the same time by many clients are all stored (API and web form).

The app runs as in production (``laoke serve``: gunicorn, 2 workers × 4 threads) on a copy of the
test database: a SQLite file (copied from the in-memory test database, whose single shared
connection could not show what separate processes do) or, when ``LAOKE_DATABASE_URL`` points at
PostgreSQL, the test database itself.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string

from laoke.api.services.tokens import create_token
from laoke.retention.models import Task
from tests.web import factories as f

pytestmark = pytest.mark.slow

CLIENTS = 20
NOTES_PER_CLIENT = 6
TASKS = 2


@dataclass
class Served:
    """The app under gunicorn and what a client needs to reach it as one salesperson."""

    port: int
    token: str
    cookies: str
    csrf: str
    task_ids: list[int]
    sqlite_file: Path | None


@dataclass
class Tally:
    """Notes the server acknowledged, and every answer's status."""

    acknowledged: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _database_url(tmp_path: Path) -> tuple[str, Path | None]:
    """A URL the server process can open holding the test data (copied to a file for SQLite)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        target = tmp_path / "served.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return f"sqlite:///{target}", target
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{quote(db['USER'])}{password}@{db['HOST']}{port}/{db['NAME']}", None


def _wait_until_up(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"laoke serve exited with {process.returncode}")
        try:
            conn = HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/tasks")
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("laoke serve did not answer within 60 s")


@pytest.fixture
def served(transactional_db: Any, tmp_path: Path) -> Iterator[Served]:
    """One salesperson with two open tasks, an API token and a web session; the app serving them."""
    sales = f.user("sales1")
    customer = f.customer("Alpha GmbH", code="ALPHA", owner=sales)
    tasks = [f.task(customer, sales, timezone.localdate()) for _ in range(TASKS)]
    _token, raw = create_token(user=sales, name="concurrency")
    web = Client()
    web.force_login(sales)
    csrf = get_random_string(32)
    cookies = f"{settings.SESSION_COOKIE_NAME}={web.cookies[settings.SESSION_COOKIE_NAME].value}; "
    cookies += f"{settings.CSRF_COOKIE_NAME}={csrf}"
    url, sqlite_file = _database_url(tmp_path)
    port = _free_port()
    env = {
        **os.environ,
        "LAOKE_DATABASE_URL": url,
        "LAOKE_SECRET_KEY": settings.SECRET_KEY,
        "LAOKE_VAR_DIR": str(tmp_path),
        "LAOKE_PORT": str(port),
        "LAOKE_WORKERS": "2",
        "LAOKE_DEBUG": "false",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "laoke.cli", "serve", "--access-logfile=/dev/null", "--no-control-socket"],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        _wait_until_up(port, process)
        yield Served(port, raw, cookies, csrf, [t.pk for t in tasks], sqlite_file)
    finally:
        process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        process.wait(timeout=30)


def _add_notes(served: Served, client: int, tally: Tally) -> None:
    """Add notes in turn through the API (PATCH) and the web form (htmx POST) on the two tasks."""
    for i in range(NOTES_PER_CLIENT):
        task_id = served.task_ids[i % len(served.task_ids)]
        note = f"client {client} note {i}"
        if (client + i) % 2:
            method, path, body = "PATCH", f"/api/tasks/{task_id}", json.dumps({"note": note})
            headers = {"Authorization": f"Bearer {served.token}", "Content-Type": "application/json"}
        else:
            method, path, body = "POST", reverse("task_note", args=[task_id]), urlencode({"note": note})
            headers = {
                "Cookie": served.cookies,
                "X-CSRFToken": served.csrf,
                "HX-Request": "true",
                "Content-Type": "application/x-www-form-urlencoded",
            }
        status = _send(served.port, method, path, body, headers)
        with tally.lock:
            tally.statuses[status] += 1
            if status == 200:
                tally.acknowledged.append(note)


def _send(port: int, method: str, path: str, body: str, headers: dict[str, str]) -> int:
    """The answer's status, or 0 when none came (the connection failed)."""
    conn = HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers={**headers, "Connection": "close"})
        response = conn.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0
    finally:
        conn.close()


def _stored_lines(served: Served) -> list[str]:
    """Every line of the tasks' notes as the database holds them after the run."""
    if served.sqlite_file is not None:
        with sqlite3.connect(served.sqlite_file) as db:
            notes = [row[0] for row in db.execute(f"SELECT note FROM {Task._meta.db_table}")]
    else:
        notes = list(Task.objects.values_list("note", flat=True))
    return [line for note in notes for line in note.splitlines()]


def test_every_acknowledged_note_is_stored(served: Served) -> None:
    """20 clients adding notes at once through the API and the web form: no acknowledged note is lost."""
    tally = Tally()
    clients = [threading.Thread(target=_add_notes, args=(served, n, tally)) for n in range(CLIENTS)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join()
    stored = Counter(_stored_lines(served))
    lost = [note for note in tally.acknowledged if stored[note] != 1]
    refused = {status: n for status, n in tally.statuses.items() if status != 200}
    assert not {s for s in refused if s >= 500 and s != 503}, f"server errors: {refused}"
    assert tally.acknowledged, f"no note was acknowledged: {refused}"
    assert not lost, f"{len(lost)} of {len(tally.acknowledged)} acknowledged notes lost, e.g. {lost[:3]}"
    assert sum(stored.values()) == len(tally.acknowledged)


def test_the_served_app_answers_each_connection_once_and_closes_it(served: Served) -> None:
    """``laoke serve`` takes one request per connection (``laoke.cli.GUNICORN_OPTIONS``): a browser's
    kept-alive connection stayed with the process that accepted it, so one process could hold most of
    them while the other idled. The answer says so and the server closes the socket after it."""
    conn = HTTPConnection("127.0.0.1", served.port, timeout=30)
    conn.request("GET", "/api/tasks", headers={"Authorization": f"Bearer {served.token}"})
    response = conn.getresponse()
    response.read()
    assert response.status == 200 and response.getheader("Connection", "").lower() == "close"
    assert response.will_close
    sock = socket.create_connection(("127.0.0.1", served.port), timeout=30)
    request = f"GET /api/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {served.token}\r\n\r\n"
    sock.sendall(request.encode() * 2)  # two requests on one connection: only the first is answered
    received = b""
    while chunk := sock.recv(65536):  # the server closes the socket: recv returns b"" at its end
        received += chunk
    sock.close()
    assert received.count(b"HTTP/1.1 200") == 1
