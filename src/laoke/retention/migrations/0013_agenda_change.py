"""Agenda changes, PostgreSQL: statement triggers append a row per assignee whose tasks changed.

SQLite keeps its stamps (0012). On PostgreSQL an upsert of one stamp row per assignee would hold
that row until the writing transaction ends, so concurrent task writes would wait on it and could
deadlock; appending rows takes no lock another writer needs. One trigger per operation, each with
its transition table(s): a statement that writes 26,000 tasks adds one row per assignee it
touched, and a statement that changes nothing adds none. The database also gets its own random
stamp (``AgendaStamp`` key -1), so two books never share an agenda's cache key.
"""

from typing import Any

from django.db import migrations, models

_INSERT = "INSERT INTO retention_agendachange (assignee_key) "
_FUNCTIONS = {
    "retention_task_inserted": _INSERT + "SELECT DISTINCT COALESCE(assignee_id, 0) FROM new_rows;",
    "retention_task_deleted": _INSERT + "SELECT DISTINCT COALESCE(assignee_id, 0) FROM old_rows;",
    "retention_task_updated": _INSERT
    + "SELECT COALESCE(assignee_id, 0) FROM new_rows UNION SELECT COALESCE(assignee_id, 0) FROM old_rows;",
}
_TRIGGERS = {
    "retention_task_inserted": "AFTER INSERT ON retention_task REFERENCING NEW TABLE AS new_rows",
    "retention_task_deleted": "AFTER DELETE ON retention_task REFERENCING OLD TABLE AS old_rows",
    "retention_task_updated": (
        "AFTER UPDATE ON retention_task REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
    ),
}
POSTGRESQL = [
    statement
    for name, body in _FUNCTIONS.items()
    for statement in (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {body} RETURN NULL; END $$",
        f"CREATE TRIGGER {name} {_TRIGGERS[name]} FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
    )
]
POSTGRESQL.append(
    "INSERT INTO retention_agendastamp (assignee_key, stamp) "
    "VALUES (-1, (random() * 9e18)::bigint) ON CONFLICT (assignee_key) DO NOTHING"
)
POSTGRESQL_REVERSE = [
    statement
    for name in _FUNCTIONS
    for statement in (f"DROP TRIGGER IF EXISTS {name} ON retention_task", f"DROP FUNCTION IF EXISTS {name}()")
]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0012_agenda_stamp"),
    ]

    operations = [
        migrations.CreateModel(
            name="AgendaChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("assignee_key", models.BigIntegerField(db_index=True, verbose_name="assignee")),
            ],
            options={
                "verbose_name": "agenda change",
                "verbose_name_plural": "agenda changes",
            },
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL}),
            _run({"postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
