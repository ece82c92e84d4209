from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0006_contact_salutation"),
    ]

    operations = [
        migrations.AddField(
            model_name="customer",
            name="city",
            field=models.CharField(
                blank=True, help_text="Where a visit would go.", max_length=100, verbose_name="city"
            ),
        ),
    ]
