from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("interactions", "0004_complaint_workflow"),
    ]

    operations = [
        migrations.AlterField(
            model_name="interaction",
            name="kind",
            field=models.CharField(
                choices=[
                    ("email_out", "E-mail sent"),
                    ("email_in", "E-mail received"),
                    ("call", "Call"),
                    ("whatsapp", "WhatsApp"),
                    ("wechat", "WeChat"),
                    ("visit", "Visit"),
                    ("meeting", "Meeting"),
                    ("sample_sent", "Sample sent"),
                    ("quotation", "Quotation"),
                    ("complaint", "Complaint"),
                    ("price_dispute", "Price dispute"),
                    ("terms_test", "Refused-terms test"),
                    ("note", "Note"),
                    ("task_done", "Task done"),
                ],
                max_length=16,
                verbose_name="kind",
            ),
        ),
    ]
