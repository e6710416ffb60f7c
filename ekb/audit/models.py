"""The access log (åtkomstlogg): who read or changed which case or person, when, and the outcome.

Required by lag (2001:454) 10 § and SoL 2025:400: access must be documented so that it can be
checked. Rows name cases and persons by internal id only, never by name or personnummer. The table
is append-only; database triggers (see migrations) refuse UPDATE always and DELETE except inside a
retention run (gallring), so not even a raw SQL client can quietly edit the log.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    PERMITTED = "permitted", _("Tillåten")
    DENIED = "denied", _("Nekad")


class Action(models.TextChoices):
    # The Swedish label is what an auditor reads; it is stored with the row so the log reads
    # the same even if a label is reworded later.
    LIST_CASES = "list_cases", "Visade ärendelistan"
    SEARCH_CASES = "search_cases", "Sökte ärenden"
    SEARCH_DEMO_PERSONS = "search_demo_persons", "Sökte bland demopersonerna (demo-e-legitimation)"
    OPEN_CASE = "open_case", "Öppnade ärendet"
    CHANGE_CASE = "change_case", "Ändrade ärendet"
    OPEN_PERSON = "open_person", "Öppnade personuppgifter"
    CHANGE_PERSON = "change_person", "Ändrade personuppgifter"
    CHANGE_CALCULATION = "change_calculation", "Ändrade beräkningen"
    CLIENT_OPEN_OWN_CASE = "client_open_own_case", "Klienten öppnade sitt ärende"
    READ_ACCESS_LOG = "read_access_log", "Läste åtkomstloggen"
    STAFF_LOGIN = "staff_login", "Loggade in"
    STAFF_LOGIN_FAILED = "staff_login_failed", "Misslyckad inloggning"
    STAFF_LOCKED_OUT = "staff_locked_out", "Kontot låstes efter upprepade misslyckade inloggningar"
    CLIENT_LOGIN = "client_login", "Klienten loggade in med e-legitimation"
    CREATE_API_TOKEN = "create_api_token", "Skapade API-nyckel"
    BUILD_DEMO = "build_demo", "Byggde demokommunen"
    RETENTION = "retention", "Gallrade åtkomstloggen"
    RUN_PAYMENTS = "run_payments", "Skapade betalfil"
    PREPARE_PAYMENTS = "prepare_payments", "Förberedde utbetalningar"
    ATTEST_PAYMENTS = "attest_payments", "Attesterade utbetalningar"
    READ_PAYMENT_FILE = "read_payment_file", "Hämtade betalfilen"
    REOPEN_PAYMENTS = "reopen_payments", "Öppnade förberedda utbetalningar igen"
    # Issue 12: a personal identity number sent to Arbetsförmedlingen to ask about a programme;
    # a member of staff's own settings (phone hours) and calendar address.
    ASK_ARBETSFORMEDLINGEN = "ask_arbetsformedlingen", "Frågade Arbetsförmedlingen om en person"
    CHANGE_OWN_SETTINGS = "change_own_settings", "Ändrade sina egna inställningar"
    CREATE_CALENDAR_FEED = "create_calendar_feed", "Skapade en kalenderadress"


class Channel(models.TextChoices):
    WEB = "web", _("Webb")
    API = "api", _("API")
    CLI = "cli", _("Kommandorad")
    SYSTEM = "system", _("System")


class AccessLogEntry(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # Staff actor (accounts.User id) or client actor (people.Person id); ids, not names, so the
    # log never carries personal data and survives retention of the rows it points to.
    actor_user_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_username = models.CharField(max_length=150, blank=True)
    actor_person_id = models.BigIntegerField(null=True, blank=True)
    actor_roles = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=40, choices=Action.choices)
    action_text = models.CharField(max_length=200)
    case_id = models.BigIntegerField(null=True, blank=True)
    person_id = models.BigIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    request_id = models.CharField(max_length=64, blank=True)
    # Ids only (e.g. the cases shown in a list); never free text from a user.
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("åtkomstloggpost")
        indexes = [
            models.Index(fields=["case_id", "at"], name="audit_case_at"),
            models.Index(fields=["person_id", "at"], name="audit_person_at"),
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log is append-only; only retention removes rows.")

    def roles_display(self) -> str:
        from ekb.accounts.roles import Role

        labels = {value: label for value, label in Role.choices}
        return ", ".join(
            str(labels.get(code, code)) for code in self.actor_roles.split(",") if code
        )


class RetentionUnlock(models.Model):
    """A row here, inside the retention transaction only, lets the DELETE trigger pass."""

    created_at = models.DateTimeField(default=timezone.now)
