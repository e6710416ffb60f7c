# Placeholder created before parallel work on issue 9; the amount-rules work fills in the operations.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('cases', '0005_meetings'),
    ]

    operations = []
