from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('pipeline', '0004_prospect_board_index'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='prospect',
            index=models.Index(fields=['status', 'won_on'], name='prospect_won_idx'),
        ),
        migrations.AddIndex(
            model_name='prospect',
            index=models.Index(fields=['status', 'removed_on'], name='prospect_removed_idx'),
        ),
        migrations.AddIndex(
            model_name='prospect',
            index=models.Index(fields=['owner', 'status', 'tier', 'won_on', 'removed_on'], name='prospect_owner_board_idx'),
        ),
    ]
