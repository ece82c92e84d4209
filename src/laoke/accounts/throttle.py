"""Login throttling with counters in the database (so it holds across worker processes).

A username is locked for :data:`WINDOW` after :data:`MAX_FAILURES_PER_USER` failed logins since
its last good login; an address after :data:`MAX_FAILURES_PER_IP` failures. An attempt is counted
*before* its password is checked, by one conditional UPDATE (``attempts = attempts + 1 WHERE
attempts < limit``), so that parallel attempts cannot all read "not locked" before any of them is
recorded: of 30 parallel wrong passwords for one username at most 5 reach the password check.
A good login clears its username's count and gives its address's attempt back.
"""

from __future__ import annotations

import datetime as dt

from django.db import connections, router
from django.db.models import F
from django.utils import timezone

from laoke.accounts.models import LoginCounter

WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES_PER_USER = 5
MAX_FAILURES_PER_IP = 30


def user_key(username: str) -> str:
    """The counter key of a typed username (case and surrounding spaces do not matter)."""
    return f"u:{username.strip().lower()}"[:200]


def ip_key(ip: str) -> str:
    """The counter key of a client address."""
    return f"ip:{ip}"[:200]


def _insert_if_missing(key: str, now: dt.datetime) -> None:
    """Create the counter row unless it exists: one statement, outside any transaction block."""
    connection = connections[router.db_for_write(LoginCounter)]
    table = connection.ops.quote_name(LoginCounter._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in ("key", "attempts", "last"))
    field = LoginCounter._meta.get_field("last")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES (%s, 0, %s) ON CONFLICT DO NOTHING",
            [key, field.get_db_prep_value(now, connection)],
        )


def _take(key: str, limit: int, now: dt.datetime) -> bool:
    """Count one attempt for ``key`` unless it already has ``limit`` within the window; True if counted.

    Whether the attempt was counted is read from the row the UPDATE returns, not from the
    driver's changed-row count: SQLite keeps that count per connection, so a connection shared
    between threads (an in-memory test database) could report another statement's change.
    """
    connection = connections[router.db_for_write(LoginCounter)]
    name = connection.ops.quote_name
    table = name(LoginCounter._meta.db_table)
    key_, attempts, last = name("key"), name("attempts"), name("last")
    field = LoginCounter._meta.get_field("last")
    at = field.get_db_prep_value(now, connection)
    cutoff = field.get_db_prep_value(now - WINDOW, connection)
    count = (
        f"UPDATE {table} SET {attempts} = CASE WHEN {last} < %s THEN 1 ELSE {attempts} + 1 END, "
        f"{last} = %s WHERE {key_} = %s AND ({attempts} < %s OR {last} < %s) RETURNING {attempts}"
    )
    for _ in range(3):
        _insert_if_missing(key, now)
        with connection.cursor() as cursor:
            cursor.execute(count, [cutoff, at, key, limit, cutoff])
            counted = cursor.fetchall()
        if counted:
            return True
        if LoginCounter.objects.filter(key=key).exists():
            return False
        # The row was pruned between the insert and the update: insert it again.
    return False


def _give_back(key: str) -> None:
    LoginCounter.objects.filter(key=key, attempts__gt=0).update(attempts=F("attempts") - 1)


def begin_attempt(username: str, ip: str | None, *, now: dt.datetime | None = None) -> bool:
    """Count a login attempt for this username and address; False (nothing counted) when locked.

    Call it before checking the password, then :func:`attempt_succeeded` after a good one; a
    failed attempt stays counted.
    """
    now = now or timezone.now()
    name = username.strip()
    if name and not _take(user_key(name), MAX_FAILURES_PER_USER, now):
        return False
    if ip and not _take(ip_key(ip), MAX_FAILURES_PER_IP, now):
        if name:
            _give_back(user_key(name))
        return False
    return True


def attempt_succeeded(username: str, ip: str | None) -> None:
    """A good login: the username starts afresh and its address's attempt is not a failure."""
    LoginCounter.objects.filter(key=user_key(username)).update(attempts=0)
    if ip:
        _give_back(ip_key(ip))
    prune()


def prune(*, now: dt.datetime | None = None) -> int:
    """Delete counters whose window has passed (they would start afresh anyway); how many."""
    cutoff = (now or timezone.now()) - WINDOW
    deleted, _ = LoginCounter.objects.filter(last__lt=cutoff).delete()
    return deleted
