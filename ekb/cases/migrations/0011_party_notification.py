"""Notification per party (issue 9, tester finding 6): the appeal time runs for each party from
the day that party was notified (förvaltningslagen 44 §). Written by hand: the model, then the
old per-decision fields moved to the applicant's rows, then those fields removed."""

import datetime as dt

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# delgivningslagen (2010:1932) 24 §, as in ekb/cases/rules/appeal.yaml in force since 2018-07-01.
# Fixed here: a migration must not change with the rules file.
POSTED_LETTER_PRESUMED_DAYS = 14


def _applicant(apps, decision):
    """The applicant of the decision's household in the decision's month (the only party the
    old field could speak for: it did not record who opened the decision)."""
    member_model = apps.get_model("people", "HouseholdMember")
    members = member_model.objects.filter(household_id=decision.case.household_id, role="applicant")
    if decision.application_id is not None:
        month = decision.application.month
        in_month = members.filter(valid_from__lt=month + dt.timedelta(days=31)).exclude(
            valid_to__lt=month
        )
        member = in_month.order_by("-valid_from").first()
        if member is not None:
            return member.person_id
    member = members.order_by("-valid_from").first()
    return member.person_id if member else None


def forwards(apps, schema_editor):
    decision_model = apps.get_model("cases", "Decision")
    notification_model = apps.get_model("cases", "DecisionNotification")
    old = decision_model.objects.select_related("case", "application").filter(
        models.Q(client_notified_at__isnull=False) | models.Q(letter_posted_on__isnull=False)
    )
    for decision in old:
        person_id = _applicant(apps, decision)
        if person_id is None:
            continue
        if decision.client_notified_at is not None:
            notification_model.objects.create(
                decision=decision,
                person_id=person_id,
                how="eservice",
                notified_at=decision.client_notified_at,
                notified_on=django.utils.timezone.localdate(decision.client_notified_at),
            )
        if decision.letter_posted_on is not None:
            # Only the applicant: crediting the co-applicant with a letter we cannot show was
            # addressed to them would start their appeal time on a guess.
            notification_model.objects.create(
                decision=decision,
                person_id=person_id,
                how="posted_letter",
                posted_on=decision.letter_posted_on,
                notified_on=decision.letter_posted_on
                + dt.timedelta(days=POSTED_LETTER_PRESUMED_DAYS),
            )


def backwards(apps, schema_editor):
    decision_model = apps.get_model("cases", "Decision")
    notification_model = apps.get_model("cases", "DecisionNotification")
    for row in notification_model.objects.filter(how__in=["eservice", "posted_letter"]).order_by(
        "recorded_at"
    ):
        decision = decision_model.objects.get(pk=row.decision_id)
        if row.how == "eservice" and decision.client_notified_at is None:
            decision.client_notified_at = row.notified_at or django.utils.timezone.now()
        if row.how == "posted_letter" and decision.letter_posted_on is None:
            decision.letter_posted_on = row.posted_on
        decision.save(update_fields=["client_notified_at", "letter_posted_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_support_per_person"),
        ("people", "0003_household_in_life"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DecisionNotification",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "how",
                    models.CharField(
                        choices=[
                            ("eservice", "Öppnade beslutet i e-tjänsten"),
                            ("posted_letter", "Brev med förenklad delgivning"),
                            ("oral", "Muntligt besked"),
                        ],
                        max_length=20,
                    ),
                ),
                ("notified_on", models.DateField(verbose_name="delgiven")),
                ("notified_at", models.DateTimeField(blank=True, null=True)),
                (
                    "posted_on",
                    models.DateField(blank=True, null=True, verbose_name="brevet skickat"),
                ),
                ("recorded_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "decision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to="cases.decision",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="people.person",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "delgivning",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("decision", "person", "how"),
                        name="cases_notification_once_per_way",
                    )
                ],
            },
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="decision", name="client_notified_at"),
        migrations.RemoveField(model_name="decision", name="letter_posted_on"),
        migrations.AlterField(
            model_name="caseevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("case_opened", "Ärendet öppnades"),
                    ("application_received", "Ansökan mottagen"),
                    ("assigned", "Handläggare utsedd"),
                    ("being_handled", "Ansökan handläggs"),
                    ("supplement_requested", "Komplettering begärd"),
                    ("supplement_answered", "Komplettering inskickad"),
                    ("decision_made", "Beslut fattat"),
                    ("payment_planned", "Utbetalning planerad"),
                    ("payment_paid", "Utbetalning gjord"),
                    ("payment_stopped", "Utbetalning stoppad"),
                    ("case_closed", "Ärendet avslutades"),
                    ("appeal_received", "Överklagande mottaget"),
                    ("appeal_reconsidered", "Beslutet omprövat"),
                    ("appeal_forwarded", "Överklagandet skickat till förvaltningsrätten"),
                    ("message_from_caseworker", "Meddelande från handläggaren"),
                    ("meeting_booked", "Möte bokat"),
                    ("household_changed", "Hushållet ändrat"),
                    ("earlier_support_recorded", "Tidigare försörjningsstöd registrerat"),
                    ("earlier_support_removed", "Tidigare försörjningsstöd struket"),
                    ("register_proposal_accepted", "Registeruppgift godtagen"),
                    ("register_proposal_rejected", "Registeruppgift avvisad"),
                    ("decision_notification_recorded", "Delgivning av beslut registrerad"),
                ],
                max_length=40,
            ),
        ),
    ]
