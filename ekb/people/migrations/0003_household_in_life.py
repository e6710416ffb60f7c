# Placeholder created before parallel work on issue 9; the household work fills in the operations.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('people', '0002_payout_account'),
    ]

    operations = []
