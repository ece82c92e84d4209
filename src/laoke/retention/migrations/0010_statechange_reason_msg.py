from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0009_messages_as_codes"),
    ]

    operations = [
        migrations.AddField(
            model_name="statechange",
            name="reason_msg",
            field=models.JSONField(
                blank=True,
                help_text="Message codes with their figures, worded when shown.",
                null=True,
                verbose_name="why",
            ),
        ),
    ]
