"""The meetings seen from outside: the client's request to move a meeting, each caseworker's
open phone hours, calls and messages logged on a case, and the secret address of a
caseworker's calendar feed (FAS: "öppen telefontid", seed 003 L347)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.accounts.models import User
from ekb.cases.models import Case, Task
from ekb.meetings.models.meeting import Meeting
from ekb.people.models import Person


class ContactKind(models.TextChoices):
    CALL = "call", _("Samtal")
    MESSAGE = "message", _("Meddelande")


class ContactDirection(models.TextChoices):
    FROM_CLIENT = "in", _("Från klienten")
    TO_CLIENT = "out", _("Till klienten")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("måndag")
    TUESDAY = 1, _("tisdag")
    WEDNESDAY = 2, _("onsdag")
    THURSDAY = 3, _("torsdag")
    FRIDAY = 4, _("fredag")


class MeetingMoveRequest(models.Model):
    """The client asks to move a booked meeting, with a message. It opens a task for the
    caseworker (TaskKind.MEETING_MOVE_REQUESTED); the caseworker answers by booking anew."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="move_requests")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    message = models.TextField(_("meddelande"))
    sent_at = models.DateTimeField(default=timezone.now)
    task = models.ForeignKey(
        Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("begäran om att flytta möte")
        indexes = [models.Index(fields=["meeting", "sent_at"], name="meetings_move_meeting")]


class PhoneHours(models.Model):
    """One weekday's open phone hours of a staff member, published to her clients."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="phone_hour_rows")
    weekday = models.PositiveSmallIntegerField(_("veckodag"), choices=Weekday.choices)
    starts = models.TimeField(_("från"))
    ends = models.TimeField(_("till"))

    class Meta:
        verbose_name = _("telefontid")
        ordering = ["weekday", "starts"]
        constraints = [
            models.UniqueConstraint(fields=["user", "weekday"], name="meetings_phone_hours_day"),
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")),
                name="meetings_phone_hours_ends_after_start",
            ),
        ]


class ContactLog(models.Model):
    """A call or a message with the client, logged on the case: client work that is not a
    meeting, counted in the month view (seed 003 warns against counting only visits)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contact_logs")
    kind = models.CharField(_("typ"), max_length=10, choices=ContactKind.choices)
    direction = models.CharField(_("riktning"), max_length=3, choices=ContactDirection.choices)
    at = models.DateTimeField(_("tid"))
    duration_minutes = models.PositiveSmallIntegerField(_("längd (minuter)"), null=True, blank=True)
    note = models.TextField(_("anteckning"), blank=True)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("samtal eller meddelande")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["case", "at"], name="meetings_contact_case_at"),
            models.Index(fields=["by", "at"], name="meetings_contact_by_at"),
        ]


class CalendarFeed(models.Model):
    """The secret address of a staff member's calendar feed. Only the token's SHA-256 is kept:
    the address is shown once, when it is made; making a new one ends the old one."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="calendar_feed")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
