import laoke.retention.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('retention', '0013_agenda_change'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='task',
            index=models.Index(models.F('kind'), laoke.retention.models.TargetIdOf('details'), models.F('status'), name='task_follow_up_target_idx'),
        ),
    ]
