"""One new application or renewal per case and month (see ekb.cases.choices)."""

from django.db import migrations, models
from django.db.models import Count


def refuse_if_a_month_was_applied_for_twice(apps, schema_editor):
    """A database that already holds two applications for one month cannot take the constraint;
    say which, for a caseworker to look at the payments, instead of an IntegrityError."""
    Application = apps.get_model("cases", "Application")
    twice = list(
        Application.objects.filter(kind__in=("new", "renewal"))
        .exclude(status__in=("withdrawn", "draft"))
        .values("case_id", "month")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("case_id", "month")
    )
    if twice:
        listed = ", ".join(f"case {row['case_id']} {row['month']:%Y-%m}" for row in twice)
        raise RuntimeError(
            "Two applications for the same month (money may have been paid twice): "
            f"{listed}. Withdraw one of each (status 'withdrawn') after checking its payments, "
            "then migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_party_notification"),
    ]

    operations = [
        migrations.RunPython(refuse_if_a_month_was_applied_for_twice, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="application",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("kind__in", ("new", "renewal")),
                    models.Q(("status__in", ("withdrawn", "draft")), _negated=True),
                ),
                fields=("case", "month"),
                name="cases_one_application_a_month",
            ),
        ),
    ]
