from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0010_statechange_reason_msg"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="task",
            index=models.Index(fields=["kind", "status"], name="task_kind_status_idx"),
        ),
    ]
