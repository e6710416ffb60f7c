"""Persons and households."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ekb.accounts.models import Municipality


class Person(models.Model):
    # 12 digits, validated by ekb.people.identity_number before it is stored.
    identity_number = models.CharField(_("personnummer"), max_length=12, unique=True)
    is_coordination_number = models.BooleanField(default=False)
    first_name = models.CharField(_("förnamn"), max_length=100)
    last_name = models.CharField(_("efternamn"), max_length=100)
    birth_date = models.DateField(_("födelsedatum"))
    # Skyddade personuppgifter (sekretessmarkering, skyddad folkbokföring). Never shown as a reason.
    protected_identity = models.BooleanField(_("skyddade personuppgifter"), default=False)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    # Where payments go (IBAN); empty until the client has given an account.
    # null: a bulk COPY of demo persons leaves it unset.
    payout_iban = models.CharField(  # noqa: DJ001
        _("konto för utbetalning (IBAN)"), max_length=34, null=True, blank=True
    )

    class Meta:
        verbose_name = _("person")

    def __str__(self) -> str:
        return f"Person {self.pk}"  # never the name: str() ends up in logs

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def formatted_identity_number(self) -> str:
        return f"{self.identity_number[:8]}-{self.identity_number[8:]}"


class Household(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    # Persons sharing the home beyond the members (e.g. a lodger); the application bears its share
    # of the common household costs (socialtjänstförordningen 12 kap. 3 §).
    other_residents = models.PositiveSmallIntegerField(_("andra boende i hemmet"), default=0)

    class Meta:
        verbose_name = _("hushåll")

    def __str__(self) -> str:
        return f"Household {self.pk}"


class MemberRole(models.TextChoices):
    APPLICANT = "applicant", _("Sökande")
    CO_APPLICANT = "co_applicant", _("Medsökande")
    CHILD = "child", _("Barn")
    # Lives in the home (a lodger, an adult child, a young person of 18–20 not in school whom the
    # parents no longer have to support, FB 7 kap. 1 §): not in the norm, but the application bears
    # only its share of the common household costs (socialtjänstförordningen 2025:468 12 kap. 3 §).
    OTHER_ADULT = "other_adult", _("Annan vuxen i hemmet")


class Relationship(models.TextChoices):
    MARRIED = "married", _("Gift")
    COHABITING = "cohabiting", _("Sambo")
    REGISTERED_PARTNER = "registered_partner", _("Registrerad partner")


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("roll i hushållet"), max_length=20, choices=MemberRole.choices)
    # For a co-applicant: how the two adults are related.
    relationship = models.CharField(max_length=20, choices=Relationship.choices, blank=True)
    # For a child who lives in two homes: days per month in this household (None: all days).
    days_per_month = models.PositiveSmallIntegerField(
        _("dagar per månad i hushållet"), null=True, blank=True
    )
    # The riksnorm's main amount for a child assumes lunch at home; the lower "utan lunch" amount
    # (0–6 years) applies only when it is known that the child eats lunch at preschool on weekdays
    # (SoF 2025:468 12 kap.; the norm engine's default, ekb/norm/household.py). One default.
    lunch_at_home = models.BooleanField(_("äter lunch hemma"), default=True)
    in_school = models.BooleanField(_("går i skolan"), default=False)
    valid_from = models.DateField(_("från"))
    valid_to = models.DateField(_("till"), null=True, blank=True)
    # Where the membership comes from, in words a person reads, e.g. "Folkbokföringen
    # (Skatteverket), hämtad 2026-11-20", "Uppgift från den sökande" or "Handläggare".
    source = models.CharField(_("källa"), max_length=200, blank=True, default="")
    # Whether the population register has the person at the applicant's address (None: not
    # checked). A co-applicant who is not registered there needs a reason.
    registered_at_address = models.BooleanField(_("folkbokförd på adressen"), null=True, blank=True)
    unregistered_reason = models.TextField(
        _("varför inte folkbokförd på adressen"), blank=True, default=""
    )

    class Meta:
        verbose_name = _("hushållsmedlem")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(days_per_month__isnull=True)
                | models.Q(days_per_month__gte=0, days_per_month__lte=31),
                name="people_member_days_in_month",
            ),
        ]
        indexes = [models.Index(fields=["person", "valid_to"], name="people_member_person")]


class HouseholdChange(models.Model):
    """One change of a household member, with the reason a person gave (events carry no free text,
    so the words live here; the case event and the access log point to the case)."""

    class Kind(models.TextChoices):
        ADDED = "added", _("Lades till")
        EDITED = "edited", _("Ändrades")
        ENDED = "ended", _("Avslutades")

    member = models.ForeignKey(HouseholdMember, on_delete=models.CASCADE, related_name="changes")
    # The case the change was made in (an id: people does not depend on cases).
    case_id = models.BigIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.TextField(_("skäl"), blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    changed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    client_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ändring i hushållet")
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"HouseholdChange {self.pk}"
