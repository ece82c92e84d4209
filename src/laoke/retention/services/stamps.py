"""What changes whenever a person's tasks are written, by any path: the agenda's cache stamps.

SQLite: triggers keep one random stamp per assignee (:class:`~laoke.retention.models.AgendaStamp`,
migration 0012). PostgreSQL: triggers append a row per assignee touched to
:class:`~laoke.retention.models.AgendaChange` (migration 0013), read as the count and the highest id
of that person's rows. The highest id alone could miss a write: ids are taken when a row is
written but seen when its transaction commits, so a transaction holding a lower id may commit after
a reader saw a higher one; the count still grows then. Both read one index of a small table, where
the alternative is a scan of every open task.
"""

from __future__ import annotations

from django.db import connection

from laoke.platform.prepared import PreparedRows
from laoke.retention.models import AgendaStamp


def agenda_stamp(assignee_pk: int | None) -> tuple[tuple[int, int], ...] | None:
    """A value that changes on any write to the tasks of ``assignee_pk`` (anyone's when ``None``),
    including the database's own stamp; ``None`` on a database without the triggers."""
    if connection.vendor == "sqlite":
        found = _EVERYONES.rows() if assignee_pk is None else _PERSONS.rows(assignee_pk)
        return tuple(found)
    if connection.vendor == "postgresql":
        whose = "" if assignee_pk is None else "WHERE assignee_key = %s"
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT stamp FROM retention_agendastamp WHERE assignee_key = %s), "
                f"COUNT(*), COALESCE(MAX(id), 0) FROM retention_agendachange {whose}",
                [AgendaStamp.DATABASE_KEY, *([] if assignee_pk is None else [assignee_pk])],
            )
            database, count, top = cursor.fetchone()
            if database is None:  # the migration's row is gone (a flush): the database stamps itself again
                cursor.execute(
                    "INSERT INTO retention_agendastamp (assignee_key, stamp) "
                    "VALUES (%s, (random() * 9e18)::bigint) ON CONFLICT (assignee_key) DO NOTHING",
                    [AgendaStamp.DATABASE_KEY],
                )
                cursor.execute(
                    "SELECT stamp FROM retention_agendastamp WHERE assignee_key = %s",
                    [AgendaStamp.DATABASE_KEY],
                )
                (database,) = cursor.fetchone()
        return ((AgendaStamp.DATABASE_KEY, database), (count, top))
    return None


#: SQLite's stamps, the queries compiled once (read on every visit of Today).
_EVERYONES = PreparedRows(
    lambda: AgendaStamp.objects.order_by("assignee_key").values_list("assignee_key", "stamp")
)
_PERSONS = PreparedRows(
    lambda pk: (
        AgendaStamp.objects.filter(assignee_key__in=[pk, AgendaStamp.DATABASE_KEY])
        .order_by("assignee_key")
        .values_list("assignee_key", "stamp")
    ),
    987654321,
)


def prune_agenda_changes() -> int:
    """Keep the change log small: one new row per assignee in it, then delete every row older than
    those; return the rows deleted. The new rows have higher ids than any deleted, so no reader sees
    a (count, highest id) it saw before; rows of a transaction still running are not deleted (not yet
    visible) and raise the count when it commits. Nothing on SQLite."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH keys AS (SELECT DISTINCT assignee_key FROM retention_agendachange), "
            "marks AS (INSERT INTO retention_agendachange (assignee_key) "
            "SELECT assignee_key FROM keys RETURNING id) "
            "DELETE FROM retention_agendachange WHERE id < (SELECT MIN(id) FROM marks)"
        )
        return max(cursor.rowcount, 0)
