"""Earlier months of försörjningsstöd are per person (jobbstimulans is "för den som har fått
försörjningsstöd", 4 kap. 1 b § SoL 2001:453): EarlierSupportMonth gets a person.

Rows recorded before this were the household's; in practice they were the applicant's months
from an earlier municipality, so each gets the applicant of the case's household (the one whose
membership covers the month, else the latest). A row whose household has no applicant keeps a
null person and counts as a month of the case's household (ekb.cases.support_history)."""

import django.db.models.deletion
from django.db import migrations, models


def give_rows_to_the_applicant(apps, schema_editor):
    EarlierSupportMonth = apps.get_model("cases", "EarlierSupportMonth")
    HouseholdMember = apps.get_model("people", "HouseholdMember")
    for fact in EarlierSupportMonth.objects.filter(person__isnull=True).select_related("case"):
        applicants = HouseholdMember.objects.filter(
            household_id=fact.case.household_id, role="applicant"
        ).order_by("-valid_from", "-pk")
        covering = (
            applicants.filter(valid_from__lte=fact.month)
            .filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=fact.month))
            .first()
        )
        applicant = covering or applicants.first()
        if applicant is not None:
            fact.person_id = applicant.person_id
            fact.save(update_fields=["person"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_event_kinds_issue_9"),
        ("people", "0003_household_in_life"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="earliersupportmonth",
            name="cases_earlier_support_one_a_month",
        ),
        migrations.AddField(
            model_name="earliersupportmonth",
            name="person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="people.person",
                verbose_name="person",
            ),
        ),
        migrations.AddConstraint(
            model_name="earliersupportmonth",
            constraint=models.UniqueConstraint(
                condition=models.Q(removed_at__isnull=True),
                fields=("case", "person", "month"),
                name="cases_earlier_support_one_a_month",
            ),
        ),
        # Last: on PostgreSQL no ALTER TABLE may follow the row updates in one transaction.
        migrations.RunPython(give_rows_to_the_applicant, migrations.RunPython.noop),
    ]
