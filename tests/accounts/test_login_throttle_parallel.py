"""Parallel wrong passwords against a live server: the lock holds, at most five are checked."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from typing import Any

import pytest
import requests
from django.db import connections

from laoke.accounts.models import User
from laoke.accounts.throttle import MAX_FAILURES_PER_USER

PARALLEL = 30
_statement = threading.Lock()


def one_statement_at_a_time(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    """Run one SQL statement at a time, as SQLite does across processes.

    On SQLite the live server's request threads share the test's in-memory connection, which
    cannot run two statements at once; on PostgreSQL each thread has its own connection and the
    lock only orders statements, never transactions.
    """
    with _statement:
        return execute(sql, params, many, context)


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_passwords_reach_the_password_check_at_most_five_times(
    live_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """30 wrong passwords sent at once for one username: no more than five are checked."""
    User.objects.create_user("ann", password="a-good-long-password")
    checks = 0
    lock = threading.Lock()
    original = User.check_password

    def counting(self: User, raw_password: str | None) -> bool:
        nonlocal checks
        with lock:
            checks += 1
        return original(self, raw_password)

    monkeypatch.setattr(User, "check_password", counting)
    with ExitStack() as stack:
        # The live server's threads share the connections it was given (SQLite in memory).
        for shared in {connections["default"], *live_server.thread.connections_override.values()}:
            stack.enter_context(shared.execute_wrapper(one_statement_at_a_time))
        statuses, checks_seen = _send_in_parallel(live_server.url), checks
    assert statuses == [200] * PARALLEL
    assert 1 <= checks_seen <= MAX_FAILURES_PER_USER


def _send_in_parallel(base: str) -> list[int]:
    url = f"{base}/login/"
    token = requests.get(url, timeout=30).cookies["csrftoken"]
    start = threading.Barrier(PARALLEL)

    def attempt(i: int) -> int:
        start.wait()
        response = requests.post(
            url,
            data={"username": "ann", "password": f"wrong-{i}", "csrfmiddlewaretoken": token},
            cookies={"csrftoken": token, "django_language": "en"},
            timeout=120,
        )
        return response.status_code

    with ThreadPoolExecutor(PARALLEL) as pool:
        return list(pool.map(attempt, range(PARALLEL)))
