"""Agenda stamps: a row per assignee whose stamp changes on any write to their tasks (triggers).

SQLite only: each written task upserts its assignee's row (both rows when it changes hands) in a
row trigger. SQLite runs one writer at a time, so the stamps add no waiting. On PostgreSQL the
table stays empty and Today scans the open tasks: there an upsert of a shared row per assignee
would hold that row's lock until the writing transaction ends (the follow-up plan's, over every
assignee, for seconds), so every task written meanwhile would wait, and two writers stamping
several assignees in different orders could deadlock.
"""

from typing import Any

from django.db import migrations, models

_SQLITE_UPSERT = (
    "INSERT INTO retention_agendastamp (assignee_key, stamp) VALUES (COALESCE({row}.assignee_id, 0), random()) "
    "ON CONFLICT (assignee_key) DO UPDATE SET stamp = excluded.stamp;"
)
SQLITE = [
    "CREATE TRIGGER retention_task_stamp_insert AFTER INSERT ON retention_task BEGIN "
    + _SQLITE_UPSERT.format(row="NEW")
    + " END",
    "CREATE TRIGGER retention_task_stamp_update AFTER UPDATE ON retention_task BEGIN "
    + _SQLITE_UPSERT.format(row="OLD")
    + " "
    + _SQLITE_UPSERT.format(row="NEW")
    + " END",
    "CREATE TRIGGER retention_task_stamp_delete AFTER DELETE ON retention_task BEGIN "
    + _SQLITE_UPSERT.format(row="OLD")
    + " END",
]
# The database's own stamp (key -1), so that two books never share a stamp.
SQLITE.append("INSERT INTO retention_agendastamp (assignee_key, stamp) VALUES (-1, random())")
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS retention_task_stamp_insert",
    "DROP TRIGGER IF EXISTS retention_task_stamp_update",
    "DROP TRIGGER IF EXISTS retention_task_stamp_delete",
]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0011_task_kind_status_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="AgendaStamp",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("assignee_key", models.BigIntegerField(unique=True, verbose_name="assignee")),
                ("stamp", models.BigIntegerField(verbose_name="stamp")),
            ],
            options={
                "verbose_name": "agenda stamp",
                "verbose_name_plural": "agenda stamps",
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE}),
            _run({"sqlite": SQLITE_REVERSE}),
        ),
    ]
