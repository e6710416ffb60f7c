"""Meetings with the client: booked, held or missed (FAS: about one a month), the record of what
was said, the meeting rule's targets and a case's own interval."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.accounts.models import Municipality, Unit, User
from ekb.cases.models import Case, JournalEntry
from ekb.meetings import choices as c


class Meeting(models.Model):
    """A client meeting: booked, then recorded as held (with what was said) or missed (with the
    follow-up done). The record is kept on the meeting: one meeting, one record."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meetings")
    caseworker = models.ForeignKey(User, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField(_("tid"))
    # Kept beside the duration so an overlap is one indexed query (meetings.actions).
    ends_at = models.DateTimeField(_("slutar"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("längd (minuter)"), default=45)
    kind = models.CharField(_("mötesform"), max_length=20, choices=c.MeetingKind.choices)
    place = models.CharField(_("plats"), max_length=200, blank=True)
    interpreter_language = models.CharField(_("tolk (språk)"), max_length=60, blank=True)
    status = models.CharField(
        max_length=20, choices=c.MeetingStatus.choices, default=c.MeetingStatus.BOOKED
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    # Why a booked meeting was cancelled (meetings.actions.do_cancel_meeting).
    cancel_reason = models.TextField(_("skäl till att mötet ställdes in"), blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    # The record (meetings.records): filled when the meeting is marked held or missed.
    participants = models.TextField(_("deltagare"), blank=True)
    notes_planning = models.TextField(_("planering"), blank=True)
    notes_health = models.TextField(_("hälsa"), blank=True)
    notes_children = models.TextField(_("barnens situation"), blank=True)
    notes_school = models.TextField(_("skola"), blank=True)
    agreed = models.TextField(_("överenskommet"), blank=True)
    # Barnrättsperspektiv: how the children's needs were considered (required with children).
    children_considered = models.TextField(_("barnens behov"), blank=True)
    concern_report_needed = models.BooleanField(_("orosanmälan behövs"), default=False)
    no_show_follow_up = models.TextField(_("uppföljning av uteblivet möte"), blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # The journal entry the caseworker signed from the meeting's draft (meetings.records).
    journal_entry = models.ForeignKey(
        JournalEntry, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        indexes = [
            models.Index(fields=["case", "starts_at"], name="meetings_case_time"),
            models.Index(fields=["caseworker", "starts_at"], name="meetings_worker_time"),
        ]

    @property
    def is_recorded(self) -> bool:
        return self.recorded_at is not None


class MeetingTarget(models.Model):
    """A municipality's or a unit's own monthly target per caseworker (the rule's default is in
    rules/meetings.yaml). A unit's target wins over its municipality's; the latest in force wins."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    meetings_per_month = models.PositiveSmallIntegerField(_("möten per månad"))
    valid_from = models.DateField(_("gäller från"))
    set_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(municipality__isnull=False, unit__isnull=True)
                | models.Q(municipality__isnull=True, unit__isnull=False),
                name="meetings_target_municipality_or_unit",
            )
        ]


class MeetingFrequency(models.Model):
    """A case's own meeting interval, an exception to the rule with its reason (need-based
    frequency, seed 001: some clients need a meeting every week, some every third month).

    The interval is counted in months (every other month for a client in stable work training)
    or in weeks (every other week, twice a month, for a client in a crisis). A row with neither
    is the return to the rule: the history of exceptions is kept, the latest in force wins."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meeting_frequencies")
    interval_months = models.PositiveSmallIntegerField(
        _("möte var n:e månad"), null=True, blank=True
    )
    interval_weeks = models.PositiveSmallIntegerField(
        _("möte var n:e vecka"), null=True, blank=True
    )
    reason = models.TextField(_("skäl"), blank=True)
    valid_from = models.DateField(_("gäller från"))
    set_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["case", "valid_from"], name="meetings_freq_case")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interval_months__isnull=True)
                | models.Q(interval_weeks__isnull=True),
                name="meetings_freq_months_or_weeks",
            )
        ]

    @property
    def is_exception(self) -> bool:
        """False for the row that returns the case to the rule."""
        return self.interval_months is not None or self.interval_weeks is not None
