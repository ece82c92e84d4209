# BookChange now belongs to the customers app (same table): the web app forgets it, state only.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("web", "0002_book_change"),
        ("customers", "0009_book_change"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="BookChange")],
            database_operations=[],
        ),
    ]
