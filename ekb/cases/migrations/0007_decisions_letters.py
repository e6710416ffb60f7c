# Decisions and letters (issue 9): the children's consideration, what a decision was made with,
# the reference keys of a line, and the municipality's decision to automate.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_support_facts"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="children_consideration",
            field=models.TextField(
                blank=True, default="", verbose_name="hur barnens situation har beaktats"
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="legal_references",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="decision",
            name="rule_versions",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="decisionline",
            name="reference_keys",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="municipalitypolicy",
            name="automation_decision",
            field=models.CharField(
                blank=True, default="", max_length=300, verbose_name="beslut om automatisering"
            ),
        ),
    ]
