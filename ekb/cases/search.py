"""Finding a case by personnummer, samordningsnummer, name or case number (issue 11).

Only among the cases the user may see (``visible_cases``): a protected person's case is not
found by someone who may not open it, and the answer is the same as for no match. The search is
itself a read of personal data and is logged with what was searched for. The access log holds
ids, never free text (ekb/audit/models.py), so the searched text is logged as a keyed digest:
an auditor who has a personnummer or a name can compute the same digest and find every search
for it (``search_digest``), while the log itself does not carry it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.access import visible_cases
from ekb.cases.models import Case
from ekb.people.identity_number import InvalidIdentityNumber, parse_identity_number
from ekb.people.models import HouseholdMember, MemberRole

MAX_HITS = 50
IDENTITY_NUMBER, CASE_NUMBER, NAME = "identity_number", "case_number", "name"
# Ten or twelve digits with an optional - or + before the last four: a personnummer or a
# samordningsnummer (day + 60). Anything else with a digit is taken as (part of) a case number.
_IDENTITY_SHAPE = re.compile(r"^\d{6}(\d{2})?[-+]?\d{4}$")


@dataclass(frozen=True)
class Hit:
    case: Case
    applicant_name: str


@dataclass(frozen=True)
class Search:
    kind: str
    hits: list[Hit]
    more: bool  # more than MAX_HITS matched: the user should narrow the search


def kind_of(text: str) -> str:
    if _IDENTITY_SHAPE.match(text.replace(" ", "")):
        return IDENTITY_NUMBER
    if any(ch.isdigit() for ch in text):
        return CASE_NUMBER
    return NAME


def search_digest(kind: str, text: str) -> str:
    """The keyed digest a search is logged under (see the module docstring)."""
    key = str(settings.SECRET_KEY).encode()
    return hmac.new(key, f"{kind}:{text.casefold()}".encode(), hashlib.sha256).hexdigest()[:32]


def _name_matches(token: str) -> Q:
    # Case-insensitive on every database: SQLite's LIKE folds only ASCII, so Å/Ä/Ö are also
    # tried as typed, in lower case and with a capital first letter.
    q = Q()
    for variant in {token, token.lower(), token.capitalize()}:
        q |= Q(person__first_name__istartswith=variant) | Q(person__last_name__istartswith=variant)
        q |= Q(person__last_name__icontains=f"-{variant}")  # a double surname's second part
    return q


def search_cases(user, text: str, *, channel=Channel.WEB, today=None) -> Search:
    """The cases the user may see that match ``text``; the search is logged (also with no hit).

    ValidationError (Swedish, for the form) for a search too short to mean anything or a
    personnummer that cannot be one."""
    text = " ".join((text or "").split())
    if len(text) < 2:
        raise ValidationError(
            {"q": _("Skriv minst två tecken: personnummer, namn eller ärendenummer.")}
        )
    kind = kind_of(text)
    cases = visible_cases(user)
    person_ids: list[int] = []
    if kind == IDENTITY_NUMBER:
        try:
            number = parse_identity_number(text, today=today).number
        except InvalidIdentityNumber as error:
            raise ValidationError({"q": error.message}) from None
        text = number
        members = HouseholdMember.objects.filter(person__identity_number=number)
        person_ids = sorted(set(members.values_list("person_id", flat=True)))
        cases = cases.filter(household__in=members.values("household"))
    elif kind == CASE_NUMBER:
        cases = cases.filter(number__icontains=text)
    else:
        for token in text.split():
            members = HouseholdMember.objects.filter(household=OuterRef("household"))
            cases = cases.filter(Exists(members.filter(_name_matches(token))))
    found = list(
        cases.select_related("unit", "assigned_caseworker").order_by(
            F("closed_on").asc(nulls_first=True), "-opened_on", "number"
        )[: MAX_HITS + 1]
    )
    more = len(found) > MAX_HITS
    found = found[:MAX_HITS]
    names = applicant_names(found)
    record(
        action=Action.SEARCH_CASES,
        user=user,
        channel=channel,
        detail={
            "search": kind,
            "digest": search_digest(kind, text),
            "case_ids": [case.pk for case in found],
            **({"person_ids": person_ids} if person_ids else {}),
        },
    )
    return Search(kind, [Hit(case, names.get(case.household_id, "")) for case in found], more)


def applicant_names(cases: list[Case]) -> dict[int, str]:
    """The latest applicant's name per household, so a hit says whose case it is."""
    rows = (
        HouseholdMember.objects.filter(
            household_id__in=[c.household_id for c in cases], role=MemberRole.APPLICANT
        )
        .select_related("person")
        .order_by("household_id", "valid_from")
    )
    return {m.household_id: m.person.full_name for m in rows}
