# Placeholder created before parallel work on issue 9; the decisions-and-letters work fills in the operations.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('cases', '0006_support_facts'),
    ]

    operations = []
