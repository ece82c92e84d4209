from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pipeline", "0003_prospect_email_clashes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="prospect",
            index=models.Index(
                fields=["status", "tier", "lookalike_score", "created_on", "won_on", "removed_on"],
                name="prospect_board_idx",
            ),
        ),
    ]
