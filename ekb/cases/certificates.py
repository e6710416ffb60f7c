"""Doctor's certificates (läkarintyg): recorded with period and extent."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.models import MedicalCertificate

EXTENTS = (25, 50, 75, 100)


@transaction.atomic
def do_register_certificate(
    case,
    person,
    *,
    period_start,
    period_end,
    extent_percent,
    received_on,
    acting_user,
    channel=Channel.WEB,
):
    errors = {}
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = _("Slutdatum kan inte vara före startdatum.")
    if extent_percent not in EXTENTS:
        errors["extent_percent"] = _("Omfattningen är 25, 50, 75 eller 100 procent.")
    if not case.household.members.filter(person=person).exists():
        errors["person"] = _("Personen ingår inte i hushållet.")
    if errors:
        raise ValidationError(errors)
    certificate = MedicalCertificate.objects.create(
        case=case,
        person=person,
        period_start=period_start,
        period_end=period_end,
        extent_percent=extent_percent,
        received_on=received_on,
        registered_by=acting_user,
    )
    record(
        action=Action.CHANGE_CASE,
        user=acting_user,
        case_id=case.pk,
        person_id=person.pk,
        channel=channel,
    )
    return certificate
