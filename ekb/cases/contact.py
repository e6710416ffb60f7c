"""The client's own contact details, used only to tell them that something is new in the case
(ekb.cases.notifications). Both may be empty: then nothing is sent."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.people.models import Person

# A Swedish or international mobile number: digits with an optional leading +, spaces and dashes.
PHONE = re.compile(r"^\+?[0-9][0-9 \-]{6,18}[0-9]$")


def clean_contact_details(email: str, phone: str) -> tuple[str, str, dict[str, str]]:
    email, phone = email.strip(), phone.strip()
    errors: dict[str, str] = {}
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = str(_("Skriv en e-postadress som namn@exempel.se, eller lämna tomt."))
        if len(email) > 254:
            errors["email"] = str(_("E-postadressen är för lång."))
    if phone and not PHONE.match(phone):
        errors["phone"] = str(
            _("Skriv ett mobilnummer med siffror, till exempel 070-123 45 67, eller lämna tomt.")
        )
    return email, phone, errors


@transaction.atomic
def do_change_contact_details(
    person: Person, *, email: str, phone: str, channel=Channel.WEB
) -> Person:
    """The client changes where we tell them of news in the case (an empty field removes it)."""
    email, phone, errors = clean_contact_details(email, phone)
    if errors:
        raise ValidationError(errors)
    person = Person.objects.select_for_update().get(pk=person.pk)
    person.email, person.phone = email, phone
    person.save(update_fields=["email", "phone"])
    record(
        action=Action.CHANGE_PERSON,
        client_person_id=person.pk,
        person_id=person.pk,
        channel=channel,
        detail={"contact_details": True},
    )
    return person
