"""Municipality, units and staff with their roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekb.accounts.roles import Role


class Municipality(models.Model):
    name = models.CharField(_("namn"), max_length=100)
    code = models.CharField(
        _("kommunkod"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("Kommunkoden ska vara fyra siffror."))],
    )
    # Only a demo municipality's persons can be picked with the demo e-ID.
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("kommun")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Unit(models.Model):
    """An enhet or stadsområde: the cases of a unit are handled by its staff."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("namn"), max_length=100)
    code = models.CharField(_("enhetskod"), max_length=20)

    class Meta:
        verbose_name = _("enhet")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"], name="accounts_unit_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A staff member. Clients are persons who log in with e-ID; they are not users."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    # Open phone hours when clients can call (FAS: "öppen telefontid").
    phone_hours = models.CharField(_("telefontid"), max_length=100, blank=True)
    failed_logins = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()

    def role_set(self) -> set[str]:
        # Cached per instance: access checks ask many times within one request.
        if not hasattr(self, "_role_set"):
            self._role_set = {a.role for a in self.role_assignments.all()}
        return self._role_set

    def has_role(self, role: str) -> bool:
        return role in self.role_set()

    def units_with_roles(self, roles) -> set[int]:
        return {a.unit_id for a in self.role_assignments.all() if a.role in roles and a.unit_id}

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class RoleAssignment(models.Model):
    """A role held by a staff member, in a unit (case roles) or municipality-wide (unit empty)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("roll"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("roll")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="accounts_role_unique"),
        ]

    def clean(self) -> None:
        from ekb.accounts.roles import CASE_HANDLING_ROLES

        if self.role in CASE_HANDLING_ROLES and self.unit_id is None:
            raise ValidationError({"unit": _("Rollen gäller i en enhet; välj enhet.")})


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once."""

    key_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # A client's token names the person by internal id (people.Person); kept loose so that
    # accounts does not depend on people.
    person_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, person_id__isnull=True)
                | models.Q(user__isnull=True, person_id__isnull=False),
                name="accounts_token_staff_or_client",
            ),
        ]


class Absence(models.Model):
    """A staff member away from and to a day (both included), and the colleague who covers:
    while she is away, her inbox is also the cover's (the section manager registers it)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="absences")
    starts_on = models.DateField(_("från"))
    ends_on = models.DateField(_("till och med"))
    covered_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="covering",
        verbose_name=_("ersättare"),
    )
    registered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("frånvaro")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="accounts_absence_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["ends_on"], name="accounts_absence_ends")]
