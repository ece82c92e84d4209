"""Chunked look-ups by natural key, and small helpers shared by the import services."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.db.models import Model
from django.utils import timezone

from laoke.importing.models import ImportBatch, SalespersonName
from laoke.importing.services.report import ImportReport

T = TypeVar("T")
M = TypeVar("M", bound=Model)

#: Keys per ``IN (...)`` query; below SQLite's and PostgreSQL's parameter limits.
LOOKUP_CHUNK = 900
#: Rows per INSERT statement batch.
INSERT_BATCH = 2000


def chunks(items: list[T], size: int) -> Iterator[list[T]]:
    """``items`` in consecutive lists of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def fetch_by_key(model: type[M], key: str, values: Iterable[Any], *fields: str) -> dict[Any, Any]:
    """``{key value: row}`` for the rows of ``model`` whose ``key`` is in ``values``.

    With ``fields``, each row is a tuple ``(key, *fields)`` from ``values_list``; without, the
    model instance.
    """
    found: dict[Any, Any] = {}
    for part in chunks(sorted(set(values)), LOOKUP_CHUNK):
        queryset = model._default_manager.filter(**{f"{key}__in": part})
        if fields:
            for row in queryset.values_list(key, *fields):
                found[row[0]] = row
        else:
            for obj in queryset:
                found[getattr(obj, key)] = obj
    return found


def derived_order_no(customer: str, order_date: str) -> str:
    """A stable order number for a file without one: a hash of customer and date."""
    digest = hashlib.sha1(f"{customer}\x00{order_date}".encode(), usedforsecurity=False).hexdigest()
    return f"H-{digest[:16]}"


def resolve_users(names: Iterable[str]) -> dict[str, Any]:
    """``{name as written: User}``, matching the login (any case), else the full name (first and
    last name in either order, spaces ignored: "Wei Zhang" and 张伟 alike), else a name a manager
    tied to a user at an earlier import (:class:`laoke.importing.models.SalespersonName`).

    A company has at most a few hundred users, so they are all read once.
    """
    wanted = sorted({n for n in names if n})
    if not wanted:
        return {}
    users = list(get_user_model()._default_manager.all())
    by_id = {u.pk: u for u in users}
    aliases = {
        a.name.replace(" ", "").lower(): by_id[a.user_id]
        for a in SalespersonName.objects.all()
        if a.user_id in by_id
    }
    by_login = {u.username.lower(): u for u in users}
    by_name: dict[str, Any] = {}
    for user in users:
        for full in (f"{user.first_name}{user.last_name}", f"{user.last_name}{user.first_name}"):
            key = full.replace(" ", "").lower()
            if key:
                by_name.setdefault(key, user)
    found: dict[str, Any] = {}
    for name in wanted:
        key = name.replace(" ", "").lower()
        match = by_login.get(name.lower()) or by_name.get(key) or aliases.get(key)
        if match is not None:
            found[name] = match
    return found


def run_progress(progress: Callable[[str, int, int], None] | None, stage: str, done: int, total: int) -> None:
    """Call ``progress`` when one was given."""
    if progress is not None:
        progress(stage, done, total)


def run_in_batch(
    *,
    batch: ImportBatch | None,
    kind: str,
    report: ImportReport,
    user: Any,
    file_name: str,
    file_sha256: str,
    partial: bool,
    write: Callable[[ImportBatch], None],
) -> None:
    """Record the run in ImportBatch and call ``write`` when the import may go ahead.

    It goes ahead when no row was rejected, or when ``partial`` asks to keep the good rows;
    otherwise only the failed batch is recorded. ``report`` is the run's ImportReport.
    """
    batch = record_batch(
        batch,
        kind=kind,
        file_name=file_name[:500],
        file_sha256=file_sha256,
        user=user if getattr(user, "pk", None) else None,
        rows_total=report.rows_total,
        rows_skipped=report.rows_skipped,
        rows_rejected=report.rows_rejected,
    )
    report.batch_id = batch.pk
    if report.ok or partial:
        write(batch)
        report.written = True
    batch.status = ImportBatch.Status.DONE if report.written else ImportBatch.Status.FAILED
    batch.rows_imported = report.rows_imported if report.written else 0
    batch.report = report.as_json()
    batch.finished_at = timezone.now()
    batch.save()


def record_batch(batch: ImportBatch | None, **values: Any) -> ImportBatch:
    """The run's ImportBatch: ``batch`` updated with ``values``, or a new row."""
    if batch is None:
        return ImportBatch.objects.create(**values)
    for name, value in values.items():
        setattr(batch, name, value)
    batch.save()
    return batch
