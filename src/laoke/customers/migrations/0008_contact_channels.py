from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0007_customer_city"),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="whatsapp",
            field=models.CharField(
                blank=True,
                help_text="The number with its country code.",
                max_length=40,
                verbose_name="WhatsApp",
            ),
        ),
        migrations.AddField(
            model_name="contact",
            name="wechat",
            field=models.CharField(blank=True, help_text="WeChat ID", max_length=60, verbose_name="WeChat"),
        ),
        migrations.AddField(
            model_name="contact",
            name="skype",
            field=models.CharField(blank=True, max_length=100, verbose_name="Skype"),
        ),
        migrations.AddField(
            model_name="contact",
            name="interests",
            field=models.TextField(
                blank=True,
                help_text="Hobbies, family, what they care about: topics for a personal word.",
                verbose_name="interests",
            ),
        ),
    ]
