"""Meetings with the client: booked, held or missed (FAS: about one a month)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.accounts.models import User
from ekb.cases.models import Case
from ekb.meetings import choices as c


class Meeting(models.Model):
    """A booked client meeting. The FAS capability (ROADMAP 1) adds records, rules and targets."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meetings")
    caseworker = models.ForeignKey(User, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField(_("tid"))
    kind = models.CharField(_("mötesform"), max_length=20, choices=c.MeetingKind.choices)
    place = models.CharField(_("plats"), max_length=200, blank=True)
    interpreter_language = models.CharField(_("tolk (språk)"), max_length=60, blank=True)
    status = models.CharField(
        max_length=20, choices=c.MeetingStatus.choices, default=c.MeetingStatus.BOOKED
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["case", "starts_at"], name="meetings_case_time")]
