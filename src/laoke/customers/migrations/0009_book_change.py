# The book-version table moves from the web app to customers (where its cache module now lives):
# only Django's state changes; the table keeps its name, web_bookchange.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0008_contact_channels"),
        ("web", "0002_book_change"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="BookChange",
                    fields=[
                        ("id", models.BigAutoField(primary_key=True, serialize=False)),
                    ],
                    options={"db_table": "web_bookchange"},
                ),
            ],
            database_operations=[],
        ),
    ]
