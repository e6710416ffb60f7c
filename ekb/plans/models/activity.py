"""The activity requirement's facts: exemptions, a person's schedule with its sessions, and the
attendance recorded per session (ekb.plans.activity has the rules, activity_actions the changes)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.accounts.models import User
from ekb.cases.models import Case
from ekb.people.models import Person
from ekb.plans.activity_choices import ActivityKind, AttendanceStatus, ExemptionReason


class ActivityExemption(models.Model):
    """A person is not covered by the requirement, for a reason, until it is ended; the review
    date says when the caseworker looks at it again (it does not end by itself)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="activity_exemptions")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("skäl"), max_length=30, choices=ExemptionReason.choices)
    note = models.TextField(_("anteckning"), blank=True)
    valid_from = models.DateField(_("gäller från"))
    review_on = models.DateField(_("omprövas senast"))
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    ended_on = models.DateField(_("upphör"), null=True, blank=True)
    ended_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["case", "person"], name="plans_exemption_person")]


class ActivitySchedule(models.Model):
    """A person's activity schedule: the weekly target in hours (computed from the rule, or
    adjusted with a reason) and the time for own job seeking, planned but not counted."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="activity_schedules")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    weekly_target_hours = models.DecimalField(
        _("mål timmar per vecka"), max_digits=4, decimal_places=1
    )
    # What the rule gave when the target was set, kept to show an adjustment.
    rule_target_hours = models.DecimalField(max_digits=4, decimal_places=1)
    part_time_work_hours = models.DecimalField(
        _("arbete på deltid, timmar per vecka"), max_digits=4, decimal_places=1, default=0
    )
    target_reason = models.TextField(_("skäl till ändrat mål"), blank=True)
    own_job_seeking_hours = models.DecimalField(
        _("eget jobbsökande, timmar per vecka"), max_digits=4, decimal_places=1, default=0
    )
    set_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="plans_one_schedule_per_person")
        ]


class ActivityTarget(models.Model):
    """The weekly target from a day on: each change of the schedule's target is a new row, so a
    past week keeps the target it had (ekb.plans.activity.target_in_force). The schedule's own
    fields mirror the latest row for the pages that show "the target now"."""

    schedule = models.ForeignKey(ActivitySchedule, on_delete=models.PROTECT, related_name="targets")
    hours = models.DecimalField(_("mål timmar per vecka"), max_digits=4, decimal_places=1)
    # The rule's target (the ceiling) on valid_from, with the part-time work it was reduced by.
    rule_hours = models.DecimalField(max_digits=4, decimal_places=1)
    part_time_work_hours = models.DecimalField(max_digits=4, decimal_places=1, default=0)
    reason = models.TextField(_("skäl till ändrat mål"), blank=True)
    valid_from = models.DateField(_("gäller från"))
    set_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["schedule", "valid_from"], name="plans_target_from")]


class ActivitySession(models.Model):
    """One session in a schedule: what, when, where and who runs it."""

    schedule = models.ForeignKey(
        ActivitySchedule, on_delete=models.PROTECT, related_name="sessions"
    )
    kind = models.CharField(_("typ av aktivitet"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("aktivitet"), max_length=200)
    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"))
    place = models.CharField(_("plats"), max_length=200)
    provider = models.CharField(_("anordnare"), max_length=200, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["schedule", "starts_at"], name="plans_session_time")]

    @property
    def hours(self):
        from decimal import Decimal

        seconds = (self.ends_at - self.starts_at).total_seconds()
        return (Decimal(int(seconds)) / Decimal(3600)).quantize(Decimal("0.1"))


class ActivityAttendance(models.Model):
    """Whether the person took part in a session; recorded again, it is changed in place (the
    case events keep each recording)."""

    session = models.OneToOneField(
        ActivitySession, on_delete=models.PROTECT, related_name="attendance"
    )
    status = models.CharField(_("närvaro"), max_length=30, choices=AttendanceStatus.choices)
    note = models.TextField(_("anteckning"), blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
