# Placeholder created before parallel work on issue 9; the register-proposals and appeal-deadline work fills in the operations.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('cases', '0007_decisions_letters'),
    ]

    operations = []
