"""The queue's own tables on PostgreSQL (Huey's SqlHuey: kv, schedule, task, counter).

On SQLite the queue lives in its own file, which Huey makes when a process first opens it. On
PostgreSQL the tables sit in the book's database; they are made here rather than when the settings
load, so a process connects to the database only when it uses it.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def create_queue_tables(apps: Any, schema_editor: Any) -> None:
    """Create Huey's tables (if missing) in the database being migrated."""
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    from huey.contrib.sql_huey import SqlStorage
    from peewee import PostgresqlDatabase

    conf = connection.settings_dict
    database = PostgresqlDatabase(
        conf["NAME"],
        host=conf.get("HOST") or None,
        port=conf.get("PORT") or None,
        user=conf.get("USER") or None,
        password=conf.get("PASSWORD") or None,
    )
    try:
        SqlStorage(name="laoke", database=database, create_tables=True)
    finally:
        database.close()


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]

    operations = [migrations.RunPython(create_queue_tables, migrations.RunPython.noop)]
