"""Store what the engine derived (scores, states, forecasts, alerts) — idempotently.

Derived rows are replaced wholesale inside the caller's transaction; alerts are matched by their
stable key so that recomputing never duplicates them and a user's dismissal is kept.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.db import connection, models
from django.utils import timezone

from laoke.core.messages import Message, from_rows
from laoke.customers.models import Customer
from laoke.platform.messages import to_stored
from laoke.retention.models import Alert, CustomerScore, Forecast, StateChange

BATCH = 2000


def bulk_insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows`` (values in ``fields`` order, already in database form) in one stream.

    PostgreSQL gets a ``COPY … FROM STDIN``; other databases one ``executemany`` per batch. No
    model instance or per-value SQL compilation is made, which is what made ``bulk_create`` of
    tens of thousands of derived rows slow. Returns the rows written.
    """
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    column_of = {field.name: field.column for field in model._meta.concrete_fields}
    columns = ", ".join(quote(column_of[name]) for name in fields)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    written += 1
            return written
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        iterator = iter(rows)
        while batch := list(islice(iterator, BATCH)):
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def insert_instances(model: type[models.Model], instances: Sequence[models.Model]) -> int:
    """Insert new ``instances`` of ``model`` as ``bulk_create`` stores them, in one ``bulk_insert``.

    Each field's value goes in the form the ORM saves it (``get_db_prep_save``: JSON as the
    driver takes it, dates in the database's form); no SQL is compiled per value, which was most
    of ``bulk_create``'s time for thousands of win-back plans. The instances get no primary key,
    and fields the database fills on save (``auto_now``) are not supported: none of the callers'
    models has one. Returns the rows written.
    """
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    if any(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False) for field in fields):
        raise ValueError(f"{model.__name__} has a field set on save; use bulk_create")
    rows = (
        [field.get_db_prep_save(getattr(instance, field.attname), connection) for field in fields]
        for instance in instances
    )
    return bulk_insert(model, [field.name for field in fields], rows)


def clear_table(model: type[models.Model]) -> None:
    """Delete every row of a derived table in one statement.

    ``QuerySet.delete()`` first loads the rows to look for cascades and signals; the derived
    tables have neither, and loading 100 k scorecards took seconds.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _json(value: Any) -> str:
    return json.dumps(value)


def customer_ids_by_code() -> dict[str, int]:
    """Map customer code → primary key."""
    return dict(Customer.objects.values_list("code", "id"))


def replace_scores(*, rows: Iterable[Mapping[str, Any]], as_of: dt.date, ids: Mapping[str, int]) -> int:
    """Replace every stored scorecard with ``rows`` (one mapping per customer). Returns rows written."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    day = _day(as_of)
    values = (
        (
            ids[row["customer_id"]],
            day,
            row.get("total"),
            row.get("grade") or "",
            row.get("treatment_code") or "",
            row.get("treatment_en") or "",
            row.get("treatment_zh") or "",
            row.get("state") or "",
            row.get("revenue_12m") or 0.0,
            row.get("profit_12m"),
            _json(row.get("dimensions") or {}),
            _json(row.get("reasons") or []),
            now,
        )
        for row in rows
        if row["customer_id"] in ids
    )
    clear_table(CustomerScore)
    return bulk_insert(
        CustomerScore,
        [
            "customer",
            "as_of",
            "total",
            "grade",
            "treatment_code",
            "treatment_en",
            "treatment_zh",
            "state",
            "revenue_12m",
            "profit_12m",
            "dimensions",
            "reasons",
            "computed_at",
        ],
        values,
    )


def replace_state_history(*, rows: Iterable[Mapping[str, Any]], ids: Mapping[str, int]) -> int:
    """Replace the lifecycle history with ``rows`` (customer_id, changed_on, state, why).

    ``why`` is a list of ``{"code", "params"}`` messages (the core's reasons), stored in ``reason_msg``.
    """
    values = (
        (
            ids[row["customer_id"]],
            _day(row["changed_on"]),
            row["state"],
            "",
            _json(row["why"]) if row.get("why") else None,
        )
        for row in rows
        if row["customer_id"] in ids
    )
    clear_table(StateChange)
    return bulk_insert(StateChange, ["customer", "changed_on", "state", "reason", "reason_msg"], values)


def replace_forecasts(*, rows: Iterable[Mapping[str, Any]], as_of: dt.date, ids: Mapping[str, int]) -> int:
    """Replace every stored forecast with ``rows``."""
    day = _day(as_of)
    values = (
        (
            ids[row["customer_id"]],
            day,
            _day(row.get("next_order_on")),
            _day(row.get("window_start")),
            _day(row.get("window_end")),
            row.get("p_order_90d"),
            row.get("expected_orders_365d"),
            row.get("expected_value_365d"),
            _json(row.get("reasons") or []),
            _json(row.get("details") or {}),
        )
        for row in rows
        if row["customer_id"] in ids
    )
    clear_table(Forecast)
    return bulk_insert(
        Forecast,
        [
            "customer",
            "as_of",
            "next_order_on",
            "window_start",
            "window_end",
            "p_order_90d",
            "expected_orders_365d",
            "expected_value_365d",
            "reasons",
            "details",
        ],
        values,
    )


@dataclass(frozen=True)
class AlertSync:
    """What a recomputation did to the stored alerts."""

    raised: int
    still_open: int
    cleared: int


def _alert_messages(
    row: Mapping[str, Any],
) -> tuple[list[dict[str, Any]] | None, list[dict[str, Any]] | None]:
    """The stored form of an alert row's reason (list of messages) and action (one message).

    Rows of :mod:`laoke.core.forecast.alerts` carry ``reason`` / ``action`` as message structs;
    rows without them (older callers) give None and keep their ``reason_en``/``_zh`` texts.
    """
    action = row.get("action")
    return (
        to_stored(from_rows(row.get("reason"))),
        to_stored(Message.from_json(action)) if isinstance(action, Mapping) and action.get("code") else None,
    )


def _json_or_null(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


def sync_alerts(*, rows: Iterable[Mapping[str, Any]], as_of: dt.date, ids: Mapping[str, int]) -> AlertSync:
    """Bring stored alerts in line with the alerts computed as of ``as_of``.

    New keys are raised; known keys are refreshed (``last_seen_on``) and keep a dismissal; keys that
    no longer appear are marked cleared. Running it twice with the same rows changes nothing.

    The reason and action are stored as message codes (``reason_msg``, ``action_msg``) and worded
    when shown; new rows leave the old text columns empty. A row stored before keeps its texts
    (``Alert.reason`` falls back to them while it has no messages).
    """
    current = {row["key"]: row for row in rows if row["customer_id"] in ids}
    fields = [
        "cleared_on",
        "severity",
        "confidence",
        "reason_en",
        "reason_zh",
        "action_en",
        "action_zh",
        "reason_msg",
        "action_msg",
    ]
    existing = {
        values[1]: values for values in Alert.objects.values_list("id", "key", "last_seen_on", *fields)
    }
    day = _day(as_of)
    messages = {key: _alert_messages(row) for key, row in current.items()}
    raised = bulk_insert(
        Alert,
        [
            "customer",
            "key",
            "code",
            "severity",
            "confidence",
            "reason_en",
            "reason_zh",
            "action_en",
            "action_zh",
            "reason_msg",
            "action_msg",
            "raised_on",
            "last_seen_on",
            "dismissed_note",
        ],
        (
            (
                ids[row["customer_id"]],
                key,
                row["code"],
                int(row.get("severity") or 2),
                float(row.get("confidence") or 0.5),
                row.get("reason_en") or "",
                row.get("reason_zh") or "",
                row.get("action_en") or "",
                row.get("action_zh") or "",
                _json_or_null(messages[key][0]),
                _json_or_null(messages[key][1]),
                day,
                day,
                "",
            )
            for key, row in current.items()
            if key not in existing
        ),
    )
    # Known keys are refreshed; only alerts whose stored values differ are written.
    refreshed = 0
    changed = []
    for key, (pk, _key, last_seen_on, *old) in existing.items():
        row = current.get(key)
        if row is None:
            continue
        refreshed += 1
        reason_msg, action_msg = messages[key]
        new = [
            None,
            int(row.get("severity") or old[1]),
            float(row.get("confidence") or old[2]),
            row.get("reason_en") or old[3],
            row.get("reason_zh") or old[4],
            row.get("action_en") or old[5],
            row.get("action_zh") or old[6],
            reason_msg or old[7],
            action_msg or old[8],
        ]
        if last_seen_on != as_of or new != old:
            changed.append((day, *new[:7], _json_or_null(new[7]), _json_or_null(new[8]), pk))
    if changed:
        assignments = ", ".join(
            f"{connection.ops.quote_name(name)} = %s" for name in ["last_seen_on", *fields]
        )
        sql = f"UPDATE {connection.ops.quote_name(Alert._meta.db_table)} SET {assignments} WHERE id = %s"
        with connection.cursor() as cursor:
            for start in range(0, len(changed), BATCH):
                cursor.executemany(sql, changed[start : start + BATCH])
    gone = [key for key, values in existing.items() if key not in current and values[3] is None]
    cleared = sum(
        Alert.objects.filter(key__in=gone[start : start + 500]).update(cleared_on=as_of)
        for start in range(0, len(gone), 500)
    )
    return AlertSync(raised=raised, still_open=refreshed, cleared=cleared)
