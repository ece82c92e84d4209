"""One customer's interactions of one kind (the 360° page's complaints card)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("interactions", "0005_touch_kinds"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="interaction",
            index=models.Index(fields=["customer", "kind"], name="interaction_custome_c25a2e_idx"),
        ),
    ]
