"""Agenda stamps: a row per assignee whose stamp changes on any write to their tasks (triggers).

SQLite has row triggers only: each written task upserts its assignee's row (both rows when it
changes hands). PostgreSQL runs one statement trigger per INSERT, UPDATE or DELETE over its
transition tables, so a bulk write of thousands of tasks costs one upsert per assignee.
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

_PG_UPSERT = """
    INSERT INTO retention_agendastamp (assignee_key, stamp)
    SELECT k.key, floor(random() * 9.2e18)::bigint
    FROM (SELECT DISTINCT COALESCE(assignee_id, 0) AS key FROM {rows}) AS k
    ON CONFLICT (assignee_key) DO UPDATE SET stamp = EXCLUDED.stamp;"""
POSTGRES = [
    f"""CREATE FUNCTION retention_task_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'DELETE' THEN{_PG_UPSERT.format(rows="new_rows")}
  END IF;
  IF TG_OP <> 'INSERT' THEN{_PG_UPSERT.format(rows="old_rows")}
  END IF;
  RETURN NULL;
END $$""",
    "CREATE TRIGGER retention_task_stamp_insert AFTER INSERT ON retention_task "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE PROCEDURE retention_task_stamp()",
    "CREATE TRIGGER retention_task_stamp_update AFTER UPDATE ON retention_task "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE PROCEDURE retention_task_stamp()",
    "CREATE TRIGGER retention_task_stamp_delete AFTER DELETE ON retention_task "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE PROCEDURE retention_task_stamp()",
]
POSTGRES.append(
    "INSERT INTO retention_agendastamp (assignee_key, stamp) VALUES (-1, floor(random() * 9.2e18)::bigint)"
)
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS retention_task_stamp_insert ON retention_task",
    "DROP TRIGGER IF EXISTS retention_task_stamp_update ON retention_task",
    "DROP TRIGGER IF EXISTS retention_task_stamp_delete ON retention_task",
    "DROP FUNCTION IF EXISTS retention_task_stamp()",
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
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]
