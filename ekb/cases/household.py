"""The household as it is in life: proposed from the population register, confirmed or corrected
by the client in the application, changed by the caseworker with a reason.

Every change of a member is one do_<verb>_household_member function that writes the member row,
a HouseholdChange with the reason, a case event (ids, codes and dates only) and the access log.
Dates: valid_from is the first day the person lived in the household (the birth date for a
newborn, the move-in day), valid_to the last day (the move-out day); the norm engine counts a
member who joins or leaves during the month by these days (ekb.decisions.calculation)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.actions import append_event
from ekb.cases.choices import EventKind
from ekb.integrations.population import get_population_client
from ekb.lib.ids import parse_id
from ekb.lib.months import month_end
from ekb.people.household import (
    CHILD_AGE,
    DateError,
    age_on,
    day_words,
    days_in_month,
    days_words,
    household_errors,
    member_errors,
    moved_in_words,
    moved_out_words,
    parse_date,
    parse_days,
)
from ekb.people.identity_number import InvalidIdentityNumber, parse_identity_number
from ekb.people.models import HouseholdChange, HouseholdMember, MemberRole, Person

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# What a member row holds that a change can touch, as stored in HouseholdChange.before/after.
FIELDS = (
    "role",
    "days_per_month",
    "in_school",
    "lunch_at_home",
    "valid_from",
    "valid_to",
    "registered_at_address",
    "unregistered_reason",
)


CLIENT_SOURCE = "client"


# Stored beside the snapshot of an "added" change: whether valid_from is a day someone gave (a
# move-in or birth day from the client or the caseworker) or only the first month EKB holds the
# person for (listed in the client's application without a day). Only a given day is a move-in.
DAY_GIVEN = "from_day_given"


def _snapshot(member: HouseholdMember) -> dict:
    values = {name: getattr(member, name) for name in FIELDS}
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}


def person_from_register(registered) -> Person:
    """The Person for a register answer; an existing person is not overwritten."""
    number = parse_identity_number(registered.identity_number, today=timezone.localdate())
    person, _created = Person.objects.get_or_create(
        identity_number=number.number,
        defaults={
            "first_name": registered.first_name or "–",
            "last_name": registered.last_name or "–",
            "birth_date": number.birth_date,
            "is_coordination_number": number.is_coordination_number,
        },
    )
    return person


def person_added_by_client(number, first_name: str) -> Person:
    """The Person for a number the client typed (a parsed IdentityNumber); an existing person is
    not changed, and the e-service shows the name the client typed, never the stored one."""
    person, _created = Person.objects.get_or_create(
        identity_number=number.number,
        defaults={
            "first_name": first_name,
            "last_name": "–",
            "birth_date": number.birth_date,
            "is_coordination_number": number.is_coordination_number,
        },
    )
    return person


def suggested_role(relation: str, birth_date: dt.date, month: dt.date) -> str:
    """The register's relation as a first suggestion; the client confirms or changes it. A young
    person of 18 or more is suggested as another adult (a child of 18–20 in school is a child,
    FB 7 kap. 1 §, which only the client can tell)."""
    if relation == "partner":
        return MemberRole.CO_APPLICANT
    if relation == "child" and age_on(birth_date, month) < CHILD_AGE:
        return MemberRole.CHILD
    return MemberRole.OTHER_ADULT


def member_answer(member: HouseholdMember, *, source: str = "register") -> dict:
    """A current member as a draft's household entry (the application contract, v1)."""
    return {
        "id": f"p{member.person_id}",
        "role": member.role,
        "first_name": member.person.first_name,
        "birth_date": member.person.birth_date.isoformat(),
        "days_in_household": member.days_per_month,
        "in_school": member.in_school,
        "lunch_at_home": member.lunch_at_home,
        "source": source,
        "source_detail": member.source,
        "registered_at_address": member.registered_at_address,
    }


def proposed_household(person: Person, month: dt.date) -> list[dict]:
    """The persons registered at the applicant's address, as draft household entries, the
    applicant first; each says where it comes from."""
    answer = get_population_client().persons_at_address(
        person.identity_number, on=timezone.localdate()
    )
    entries: list[dict] = [
        {
            "id": f"p{person.pk}",
            "role": MemberRole.APPLICANT,
            "first_name": person.first_name,
            "birth_date": person.birth_date.isoformat(),
            "source": "register",
            "source_detail": answer.source,
            "registered_at_address": answer.registered(person.identity_number) or None,
        }
    ]
    for registered in answer.persons:
        if registered.identity_number == person.identity_number:
            continue
        other = person_from_register(registered)
        role = suggested_role(registered.relation, other.birth_date, month)
        entry = {
            "id": f"p{other.pk}",
            "role": role,
            "first_name": other.first_name,
            "birth_date": other.birth_date.isoformat(),
            "days_in_household": None,
            "in_school": False,
            # Asked explicitly for a child of 0–6 (the only ages with a lower "utan lunch"
            # amount); None until the client has answered.
            "lunch_at_home": None if age_on(other.birth_date, month) <= 6 else True,
            "source": "register",
            "source_detail": answer.source,
            "registered_at_address": True,
        }
        if role == MemberRole.CHILD and age_on(other.birth_date, month) >= 6:
            entry["in_school"] = True
        entries.append(entry)
    listed = {e["id"] for e in entries}
    for member in earlier_members(person, month):
        key = f"p{member.person_id}"
        if key in listed:
            continue
        # Where it comes from: EKB's own record of the case (application.v1's "caseworker");
        # the client's answer makes it the client's (ekb.eservice.household).
        earlier = member_answer(member, source="caseworker")
        if earlier["role"] == MemberRole.APPLICANT:
            earlier["role"] = MemberRole.CO_APPLICANT  # the one who applies now is the applicant
        earlier["source_detail"] = _("Ditt tidigare ärende hos socialtjänsten")
        earlier["registered_at_address"] = (
            answer.registered(member.person.identity_number) if answer.available else None
        )
        earlier[ASK_STILL_HERE] = True
        entries.append(earlier)
        listed.add(key)
    return entries


# A person EKB still holds in the household of the client's earlier (closed) case, whom the
# register does not show at the address: the client is asked whether they still live here
# ("Bor de här fortfarande hos dig?") before anything about them is recorded as the client's.
ASK_STILL_HERE = "ask_still_here"  # in the draft only, never in the application's document


def earlier_members(person: Person, month: dt.date) -> list[HouseholdMember]:
    """The other members EKB holds in the household the person still belongs to (the household
    a new application goes into, ekb.applications.drafts), still there at the start of
    `month`: the household of a returning client's earlier case."""
    membership = (
        HouseholdMember.objects.filter(person=person, valid_to__isnull=True)
        .order_by("-valid_from")
        .only("household_id")
        .first()
    )
    if membership is None:
        return []
    return list(
        HouseholdMember.objects.filter(household_id=membership.household_id)
        .exclude(person=person)
        .exclude(valid_to__lt=month)
        .filter(valid_from__lt=month)
        .select_related("person")
        .order_by("role", "person__birth_date")
    )


def registered_at_address(applicant: Person, person: Person) -> bool | None:
    answer = get_population_client().persons_at_address(
        applicant.identity_number, on=timezone.localdate()
    )
    if not answer.available:
        return None
    return answer.registered(person.identity_number)


def answer_errors(
    entries: list[dict], left: list[dict], month: dt.date, *, asked: bool = True
) -> dict[str, dict]:
    """Errors by member id and field, for the e-service's household step and the submission.
    ``asked=False`` (at submission): a question the client was not asked (the API's contract has
    no lunch answer) is not an error; its default applies."""
    errors: dict[str, dict] = {}
    for entry in entries:
        found = {}
        try:
            valid_from = parse_date(entry.get("moved_in"))
        except DateError as error:
            found["valid_from"], valid_from = error.message, None
        try:
            valid_to = parse_date(entry.get("moved_out"))
        except DateError as error:
            found["valid_to"], valid_to = error.message, None
        try:
            days = parse_days(entry.get("days_in_household"))
        except ValueError:
            found["days_per_month"], days = (
                _("Skriv antal dagar med siffror, till exempel 15."),
                None,
            )
        birth = dt.date.fromisoformat(entry["birth_date"]) if entry.get("birth_date") else None
        found = (
            member_errors(
                role=entry.get("role", ""),
                birth_date=birth,
                month=month,
                valid_from=valid_from,
                valid_to=valid_to,
                days_per_month=days,
                in_school=bool(entry.get("in_school")),
                registered_at_address=entry.get("registered_at_address"),
                unregistered_reason=entry.get("unregistered_reason", ""),
                today=timezone.localdate(),
            )
            | found  # a date that could not be read is the first thing to fix
        )
        if valid_from is not None and valid_from > month_end(month) and "valid_from" not in found:
            found["valid_from"] = _("Datumet ligger efter den månad du söker för.")
        if valid_to is not None and "valid_to" not in found:
            found.update(_moved_out_errors(valid_to, month, still_here=True, birth=birth))
        if days is not None and "days_per_month" not in found and "valid_to" not in found:
            first = valid_from if valid_from is not None and valid_from > month else month
            if birth is not None and birth > first:
                first = birth  # born during the month: in the home from the birth day
            last = valid_to if valid_to is not None and valid_to < month_end(month) else None
            message = days_beyond_span(days, first, last or month_end(month), month)
            if message:
                found["days_per_month"] = message
        if asked and entry.get(ASK_STILL_HERE) and "role" not in found:
            found["role"] = _(
                "Svara om personen fortfarande bor hos dig. Välj ”Bor inte här” om personen "
                "har flyttat."
            )
        if (
            asked
            and entry.get("role") == MemberRole.CHILD
            and entry.get("lunch_at_home") is None
            and birth is not None
            and age_on(birth, month) <= 6
        ):
            found["lunch_at_home"] = _("Svara på om barnet äter lunch hemma på vardagar.")
        if found:
            errors[entry["id"]] = found
    for entry in left:
        try:
            last_day = parse_date(entry.get("moved_out"))
        except DateError as error:
            errors.setdefault(entry["id"], {})["valid_to"] = error.message
            continue
        if entry.get("was_member") and last_day is None:
            errors.setdefault(entry["id"], {})["valid_to"] = _(
                "Skriv sista dagen personen bodde i hemmet."
            )
        if last_day is not None:
            birth = _birth_date(entry)
            errors_here = _moved_out_errors(last_day, month, still_here=False, birth=birth)
            for name, message in errors_here.items():
                errors.setdefault(entry["id"], {})[name] = message
    for key, message in household_errors([(e["id"], e.get("role", "")) for e in entries]).items():
        errors.setdefault(key, {})["role"] = message
    return errors


def days_beyond_span(
    days: int, first: dt.date, last: dt.date, month: dt.date, *, staff: bool = False
) -> str | None:
    """A child's days in the home (``days_per_month``) are days within the span the child lives
    in the household in `month` (``first``..``last``, inside the month): more days than the span
    cannot be (ekb.norm.rules.membership, SOSFS 2013:1: costs by the days in the home). None
    when they fit, or when the child is there the whole month (then the month's length rules)."""
    span = (last - first).days + 1
    if first.month != month.month or last.month != month.month or first.year != month.year:
        return None  # not inside this month: nothing to compare with
    if span >= days_in_month(month) or days <= span:
        return None
    if staff:
        text = _(
            "Barnet hör till hushållet %(span)s dagar i %(month)s, från och med %(first)s till "
            "och med %(last)s, och dagar i hemmet räknas inom den tiden: högst %(span)s. Gäller "
            "ett annat antal dagar andra månader, lägg in dem som en ny rad från den månaden."
        )
    else:
        text = _(
            "Barnet bor hos dig %(span)s dagar i %(month)s, från och med %(first)s till och med "
            "%(last)s. Skriv hur många av de dagarna barnet bor hos dig, högst %(span)s."
        )
    return text % {
        "span": span,
        "month": date_format(month, "F"),
        "first": date_format(first, "j F"),
        "last": date_format(last, "j F"),
    }


def _birth_date(entry: dict) -> dt.date | None:
    try:
        return dt.date.fromisoformat(entry["birth_date"]) if entry.get("birth_date") else None
    except ValueError:
        return None


def _moved_out_errors(
    last_day: dt.date, month: dt.date, *, still_here: bool, birth: dt.date | None = None
) -> dict[str, str]:
    """The range of a move-out date (the last day in the home) in an application for `month`.

    Never after the month: the application tells how the household lives in the month applied
    for, and one who still lives here when the month is over lives here the whole month (a
    planned move is told in the next month's application). A member who lives here part of
    the month moves out in the month; one who "does not live here" may have moved out in the
    month or earlier (a late report of an earlier move is kept for the caseworker, who judges
    the earlier months: the date is a fact the client knows, refusing it would lose it)."""
    if last_day > month_end(month):
        return {"valid_to": _("Datumet ligger efter den månad du söker för.")}
    if birth is not None and last_day < birth:
        # A mistyped year (1899 for 2025) would otherwise be kept as a fact.
        return {"valid_to": _("Datumet ligger före personens födelsedag. Kontrollera året.")}
    if still_here and last_day < month:
        return {
            "valid_to": _(
                "Personen flyttade ut före den månad du söker för. Välj ”Bor inte här” i stället."
            )
        }
    return {}


def household_changes_from_prefill(prefilled: list[dict], answers: list[dict], left: list[dict]):
    """What the client changed against last month's household, for the caseworker."""
    before = {e["id"]: e for e in prefilled}
    after = {e["id"]: e for e in answers}
    changes = []
    for key, entry in after.items():
        if key not in before:
            changes.append({"member": key, "change": "added", "role": entry["role"]})
            continue
        fields = [
            name
            for name in ("role", "days_in_household", "in_school", "lunch_at_home")
            if before[key].get(name) != entry.get(name) and entry.get("role") != "applicant"
        ]
        if (before[key].get("moved_out") or None) != (entry.get("moved_out") or None):
            fields.append("moved_out")  # lives here part of the month, then moves out
        if fields:
            changes.append({"member": key, "change": "changed", "fields": fields})
    for entry in left:
        if entry["id"] in before:
            changes.append({"member": entry["id"], "change": "left"})
    return changes


def _current(household, person_id: int, month: dt.date) -> HouseholdMember | None:
    return (
        HouseholdMember.objects.filter(household=household, person_id=person_id)
        .exclude(valid_to__lt=month)
        .order_by("-valid_from")
        .first()
    )


def _values_from_answer(entry: dict, month: dt.date) -> dict:
    days = parse_days(entry.get("days_in_household"))
    lunch = entry.get("lunch_at_home")
    return {
        "role": entry["role"],
        # A member who moves out during the month lives here until that day, whatever the role.
        "valid_to": parse_date(entry.get("moved_out")),
        "days_per_month": days if entry["role"] == MemberRole.CHILD else None,
        "in_school": bool(entry.get("in_school")),
        "lunch_at_home": True if lunch is None else bool(lunch),
        "registered_at_address": entry.get("registered_at_address"),
        "unregistered_reason": entry.get("unregistered_reason", ""),
    }


@transaction.atomic
def do_confirm_household(
    application, answers: dict, *, prefilled: dict, client_person, channel=Channel.WEB
):
    """The household the client confirmed in the application becomes the members the robot
    calculates with, from the application's month. A member whose facts change is ended the day
    before the month and continues in a new row, so earlier months keep what they were."""
    case, month = application.case, application.month
    entries = answers.get("household", [])
    left = answers.get("household_left", [])
    errors = answer_errors(entries, left, month, asked=False)
    if errors:
        raise ValidationError(
            {"household": _("Uppgifterna om hushållet behöver rättas innan du skickar ansökan.")}
        )
    for entry in entries:
        person_id = int(entry["id"][1:])
        current = _current(case.household, person_id, month)
        values = _values_from_answer(entry, month)
        if current is None:
            birth = Person.objects.only("birth_date").get(pk=person_id).birth_date
            given = parse_date(entry.get("moved_in"))
            start = given or max(month, birth)
            _add(
                case,
                person_id,
                {**values, "valid_from": start},
                source=entry.get("source_detail") or _("Uppgift från den sökande"),
                reason="",
                user=None,
                client_person=client_person,
                channel=channel,
                # The first of the month is only where EKB starts holding the person, not a
                # move-in day; a move-in day the client gave or a birth in the month is one.
                day_given=given is not None or birth > month,
            )
            continue
        if current.role == MemberRole.APPLICANT:
            values["role"] = MemberRole.APPLICANT  # the applicant stays the applicant
        changed = {k: v for k, v in values.items() if getattr(current, k) != v}
        if not changed:
            continue
        if current.valid_from < month and any(name in MONTH_FACTS for name in changed):
            # The facts change from this month: earlier months keep what they were.
            _continue_from(current, month, values, client_person, channel)
        else:
            # Whether the person is registered at the address is a fact about now, not about a
            # month's money: corrected in place, so the applicant is not "ended" by a submission.
            _edit(current, changed, "", None, client_person, channel)
    for entry in left:
        person_id = int(entry["id"][1:])
        current = _current(case.household, person_id, month)
        last_day = parse_date(entry.get("moved_out"))
        if current is not None and last_day is not None:
            _end(current, max(last_day, current.valid_from), "", None, client_person, channel)
        elif current is not None and current.valid_from < month:
            # The client was asked and said the person does not live here, without a day (an
            # earlier case's member who left long ago): not in the household in the month
            # applied for; the day is EKB's, which the reason says, for the caseworker.
            reason = (  # stored in Swedish, as the caseworker's reasons are
                "Bor inte här enligt den sökande i ansökan; sista dagen okänd, satt till dagen "
                "före den månad ansökan gäller"
            )
            _end(current, month - dt.timedelta(days=1), reason, None, client_person, channel)
    not_asked = _end_members_not_asked(case, month, entries, left, channel=channel)
    document = dict(application.document or {})
    document["household_changes"] = household_changes_from_prefill(
        prefilled.get("household", []), entries, left
    )
    if not_asked:
        document["household_not_asked"] = [f"p{m.person_id}" for m in not_asked]
    application.document = document
    application.save(update_fields=["document"])


NOT_ASKED_REASON = (  # stored in Swedish, as the caseworker's reasons are
    "Inte med i ansökan; klienten tillfrågades inte om personen. Kontrollera om personen bor kvar"
)


def _end_members_not_asked(case, month, entries, left, *, channel):
    """The household applied for is the household that counts: a member EKB held from before
    this month whom the application neither lists nor says has left (e.g. a draft begun before
    the e-service showed an earlier case's members) is ended before the month, so the robot
    does not count them. The client was never asked, so the change is not the client's: it is
    recorded with no client, with a reason for the caseworker to check (FL 2017:900 23 §, the
    authority sees to it that the matter is investigated). A member who starts this month or
    later was added by a caseworker after the client's draft began, and is left as it is."""
    listed = {int(e["id"][1:]) for e in [*entries, *left]}
    before_month = month - dt.timedelta(days=1)
    current = (
        HouseholdMember.objects.filter(household=case.household, valid_from__lt=month)
        .exclude(valid_to__lt=month)
        .exclude(person_id__in=listed)
        .exclude(role=MemberRole.APPLICANT)
    )
    return [
        _end(member, before_month, NOT_ASKED_REASON, None, None, channel, case=case)
        for member in current
    ]


def _row_values(member: HouseholdMember) -> dict:
    return {name: getattr(member, name) for name in FIELDS}


# The facts a month is calculated with (ekb.decisions.calculation.member_entry).
MONTH_FACTS = ("role", "days_per_month", "in_school", "lunch_at_home", "valid_to")


def _continue_from(current, month, values, client_person, channel):
    """The member's facts change from `month`: the old row ends the day before and a new row
    continues, logged as one change of the member ("Ändrades från 1 december"), not as a move-out
    and a move-in."""
    current.valid_to = month - dt.timedelta(days=1)
    current.save(update_fields=["valid_to"])
    before = _snapshot(current)  # with the old row's last day: describe_change tells it apart
    member = HouseholdMember.objects.create(
        household=current.household,
        person_id=current.person_id,
        source=current.source,
        **{**_row_values(current), "valid_to": None, **values, "valid_from": month},
    )
    case = _case_of(member)
    _log(case, member, "edited", "", before, _snapshot(member), None, client_person, channel)
    return member


def _log(case, member, kind, reason, before, after, user, client_person, channel):
    change = HouseholdChange.objects.create(
        member=member,
        case_id=case.pk if case else None,
        kind=kind,
        reason=reason,
        before=before,
        after=after,
        changed_by=user,
        client_person=client_person,
    )
    if case is not None:
        data = {
            "change": kind,
            "person_id": member.person_id,
            "role": member.role,
            "change_id": change.pk,  # the words are worded when read (describe_events)
        }
        data["from_date"] = member.valid_from.isoformat()
        if member.valid_to:
            data["to_date"] = member.valid_to.isoformat()
        append_event(
            case, EventKind.HOUSEHOLD_CHANGED, actor=user, data=data, visible_to_client=False
        )
    record(
        action=Action.CHANGE_CASE,
        user=user,
        client_person_id=client_person.pk if client_person else None,
        case_id=case.pk if case else None,
        person_id=member.person_id,
        channel=channel,
    )


def _add(case, person_id, values, *, source, reason, user, client_person, channel, day_given):
    member = HouseholdMember.objects.create(
        household=case.household, person_id=person_id, source=source[:200], **values
    )
    after = {**_snapshot(member), DAY_GIVEN: day_given}
    _log(case, member, "added", reason, {}, after, user, client_person, channel)
    return member


def _edit(member, changes, reason, user, client_person, channel, case=None):
    before = _snapshot(member)
    for name, value in changes.items():
        setattr(member, name, value)
    member.save(update_fields=list(changes))
    case = case or _case_of(member)
    _log(case, member, "edited", reason, before, _snapshot(member), user, client_person, channel)
    return member


def _end(member, last_day, reason, user, client_person, channel, case=None):
    before = _snapshot(member)
    member.valid_to = last_day
    member.save(update_fields=["valid_to"])
    case = case or _case_of(member)
    _log(case, member, "ended", reason, before, _snapshot(member), user, client_person, channel)
    return member


def _case_of(member):
    from ekb.cases.models import Case

    return Case.objects.filter(household_id=member.household_id).order_by("-opened_on").first()


def staff_member_errors(case, values: dict, *, member=None) -> tuple[dict, dict]:
    """Check what a caseworker typed (strings from a form or JSON values). Returns (clean
    values, errors by field); nothing is saved."""
    errors: dict[str, str] = {}
    clean: dict = {}
    role = values.get("role", member.role if member else "")
    clean["role"] = role
    person = member.person if member else None
    if member is None:
        try:
            number = parse_identity_number(
                str(values.get("identity_number", "")), today=timezone.localdate()
            )
        except InvalidIdentityNumber as error:
            errors["identity_number"] = str(error.message)
        else:
            clean["identity_number"] = number.number
            clean["birth_date"] = number.birth_date
            person = Person.objects.filter(identity_number=number.number).first()
        for name in ("first_name", "last_name"):
            text = str(values.get(name, "") or "").strip()[:100]
            if not text and person is None:
                errors[name] = (
                    _("Skriv förnamnet.") if name == "first_name" else _("Skriv efternamnet.")
                )
            clean[name] = text
    for name in ("valid_from", "valid_to"):
        raw = values.get(name, getattr(member, name) if member else None)
        try:
            clean[name] = parse_date(raw)
        except DateError as error:
            errors[name] = error.message
    if member is None and clean.get("valid_from") is None and "valid_from" not in errors:
        errors["valid_from"] = _("Skriv första dagen personen bor i hushållet.")
    raw_days = values.get("days_per_month", member.days_per_month if member else None)
    try:
        clean["days_per_month"] = parse_days(raw_days)
    except ValueError:
        errors["days_per_month"] = _("Skriv antal dagar med siffror, till exempel 15.")
        clean["days_per_month"] = None
    for name, default in (("in_school", False), ("lunch_at_home", True)):
        raw = values.get(name, getattr(member, name) if member else default)
        clean[name] = raw in (True, "1", "true", "on", "ja") if not isinstance(raw, bool) else raw
    clean["unregistered_reason"] = str(
        values.get("unregistered_reason", member.unregistered_reason if member else "") or ""
    ).strip()[:2000]
    birth = person.birth_date if person else clean.get("birth_date")
    applicant = (
        HouseholdMember.objects.filter(
            household=case.household, role=MemberRole.APPLICANT, valid_to__isnull=True
        )
        .select_related("person")
        .first()
    )
    registered = None
    if person is not None and applicant is not None:
        registered = registered_at_address(applicant.person, person)
    elif clean.get("identity_number") and applicant is not None:
        answer = get_population_client().persons_at_address(
            applicant.person.identity_number, on=timezone.localdate()
        )
        registered = answer.registered(clean["identity_number"]) if answer.available else None
    clean["registered_at_address"] = registered
    month = (clean.get("valid_from") or timezone.localdate()).replace(day=1)
    errors.update(
        {
            k: v
            for k, v in member_errors(
                role=role,
                birth_date=birth,
                month=max(month, timezone.localdate().replace(day=1)),
                valid_from=clean.get("valid_from"),
                valid_to=clean.get("valid_to"),
                days_per_month=clean["days_per_month"],
                in_school=clean["in_school"],
                registered_at_address=registered,
                unregistered_reason=clean["unregistered_reason"],
                today=timezone.localdate(),
            ).items()
            if k not in errors
        }
    )
    if role == MemberRole.CHILD and clean["days_per_month"] and "days_per_month" not in errors:
        errors.update(_staff_days_errors(clean["days_per_month"], clean))
    if person is not None:  # before any rule about the role: the person is there already
        others = HouseholdMember.objects.filter(
            household=case.household, person=person, valid_to__isnull=True
        )
        if member is not None:
            others = others.exclude(pk=member.pk)
        other = others.first()
        if other is not None:
            errors["role"] = (
                _("Personen är redan sökande i hushållet och kan inte också vara barn.")
                if MemberRole.APPLICANT in (other.role, role)
                else _("Personen finns redan i hushållet.")
            )
    if role == MemberRole.CO_APPLICANT and "role" not in errors:
        co = HouseholdMember.objects.filter(
            household=case.household, role=MemberRole.CO_APPLICANT, valid_to__isnull=True
        )
        if member is not None:
            co = co.exclude(pk=member.pk)
        if co.exists():
            errors["role"] = _("Ett hushåll kan ha högst en medsökande.")
    if member is not None and member.role == MemberRole.APPLICANT and role != MemberRole.APPLICANT:
        errors["role"] = _("Den sökande kan inte byta roll. Lägg till personen på nytt i stället.")
    if role == MemberRole.APPLICANT and (member is None or member.role != MemberRole.APPLICANT):
        errors["role"] = _("Hushållet har redan en sökande.")
    return clean, errors


def _staff_days_errors(days: int, clean: dict) -> dict[str, str]:
    """Days in the home above the days the child is in the household in the month it moves in
    or out: the engine counts the days within that span (ekb.norm.rules.membership), so a
    monthly figure larger than the span cannot be meant for that month."""
    first, last = clean.get("valid_from"), clean.get("valid_to")
    if first is None or (last is not None and last < first):
        return {}
    spans = [(first, min(last or month_end(first), month_end(first)))]
    if last is not None:
        spans.append((max(first, last.replace(day=1)), last))
    for start, end in spans:
        message = days_beyond_span(days, start, end, start.replace(day=1), staff=True)
        if message:
            return {"days_per_month": message}
    return {}


def _reason_error(reason: str) -> dict:
    return {} if reason.strip() else {"reason": _("Skriv varför hushållet ändras.")}


@transaction.atomic
def do_add_household_member(case, values: dict, reason: str, *, acting_user, channel=Channel.WEB):
    """A caseworker adds a member (born, moved in) from a date, with a reason."""
    clean, errors = staff_member_errors(case, values)
    errors.update(_reason_error(reason))
    if errors:
        raise ValidationError(errors)
    person = Person.objects.filter(identity_number=clean["identity_number"]).first()
    if person is None:
        person = Person.objects.create(
            identity_number=clean["identity_number"],
            first_name=clean["first_name"],
            last_name=clean["last_name"],
            birth_date=clean["birth_date"],
        )
    row = {name: clean[name] for name in FIELDS if name in clean}
    if row["role"] != MemberRole.CHILD:
        row["days_per_month"] = None
    return _add(
        case,
        person.pk,
        row,
        source=_("Handläggare"),
        reason=reason.strip(),
        user=acting_user,
        client_person=None,
        channel=channel,
        day_given=True,  # the caseworker writes the first day in the household
    )


@transaction.atomic
def do_edit_household_member(
    member, values: dict, reason: str, *, acting_user, channel=Channel.WEB
):
    """A caseworker corrects a member's facts, with a reason (the old values stay in the log)."""
    member = HouseholdMember.objects.select_for_update().select_related("person").get(pk=member.pk)
    case = _case_of(member)
    clean, errors = staff_member_errors(case, values, member=member)
    errors.update(_reason_error(reason))
    if errors:
        raise ValidationError(errors)
    if clean["role"] != MemberRole.CHILD:
        clean["days_per_month"] = None
    changes = {
        name: clean[name]
        for name in FIELDS
        if name in clean
        and name != "registered_at_address"
        and getattr(member, name) != clean[name]
    }
    if not changes:
        return member
    return _edit(member, changes, reason.strip(), acting_user, None, channel, case=case)


@transaction.atomic
def do_end_household_member(member, last_day, reason: str, *, acting_user, channel=Channel.WEB):
    """A member moves out (or died): the last day in the household, with a reason."""
    member = HouseholdMember.objects.select_for_update().get(pk=member.pk)
    errors = _reason_error(reason)
    try:
        day = parse_date(last_day)
    except DateError as error:
        errors["valid_to"], day = error.message, None
    if day is None and "valid_to" not in errors:
        errors["valid_to"] = _("Skriv sista dagen personen bodde i hushållet.")
    if day is not None and day < member.valid_from:
        errors["valid_to"] = _("Utflyttningsdatumet kan inte vara före inflyttningsdatumet.")
    if member.role == MemberRole.APPLICANT:
        errors["__all__"] = _("Den sökande kan inte tas bort ur hushållet.")
    if member.valid_to is not None:
        errors["__all__"] = _("Personen har redan flyttat från hushållet.")
    if errors:
        raise ValidationError(errors)
    return _end(member, day, reason.strip(), acting_user, None, channel)


ADDED_WORDS: dict[str, StrPromise] = {
    MemberRole.APPLICANT: _lazy("Sökande tillagd"),
    MemberRole.CO_APPLICANT: _lazy("Medsökande tillagd"),
    MemberRole.CHILD: _lazy("Barn tillagt"),
    MemberRole.OTHER_ADULT: _lazy("Annan vuxen i hemmet tillagd"),
}


def _day(raw) -> dt.date | None:
    return dt.date.fromisoformat(raw) if raw else None


def _fact_words(name: str, after: dict, *, today: dt.date) -> str:
    value = after.get(name)
    if name == "role":
        return str(MemberRole(value).label) if value in MemberRole.values else ""
    if name == "days_per_month":
        return days_words(value, to_client=False) or _("bor här hela månaden")
    if name == "in_school":
        return _("går i skolan") if value else _("går inte i skolan")
    if name == "lunch_at_home":
        return _("äter lunch hemma på vardagar") if value else _("äter lunch i förskolan")
    if name == "valid_from":
        # Every member's row has its first day (HouseholdMember.valid_from is not null).
        return _("i hushållet från %(day)s") % {
            "day": day_words(dt.date.fromisoformat(after["valid_from"]), today=today)
        }
    if name == "valid_to":
        if value is None:
            return _("bor kvar")
        return moved_out_words(_day(value), today=today)
    if name == "registered_at_address":
        return _("folkbokförd på adressen") if value else _("inte folkbokförd på adressen")
    if name == "unregistered_reason":
        return _("skäl till att inte vara folkbokförd på adressen ändrat")
    return ""


def _added_day_given(change: HouseholdChange) -> bool:
    if DAY_GIVEN in (change.after or {}):
        return bool(change.after[DAY_GIVEN])
    return change.changed_by_id is not None  # before the mark: a caseworker always gave a day


def first_row(member: HouseholdMember, rows=None) -> HouseholdMember:
    """The row the member's stay starts with: a row whose facts changed from a month
    (_continue_from) continues the row that ended the day before."""
    if rows is None:
        rows = list(
            HouseholdMember.objects.filter(
                household_id=member.household_id, person_id=member.person_id
            )
        )
    by_end = {r.valid_to: r for r in rows if r.valid_to is not None}
    seen = {member.pk}
    while (
        before := by_end.get(member.valid_from - dt.timedelta(days=1))
    ) and before.pk not in seen:
        member = before
        seen.add(member.pk)
    return member


def from_day_given(member: HouseholdMember) -> bool:
    """Whether the member's valid_from is a day the client or caseworker gave (see DAY_GIVEN):
    a caseworker's correction of the day, or the day given when the member was added. A row with
    no "added" change (the applicant of a new case) starts where EKB starts holding the person."""
    for change in member.changes.order_by("-changed_at", "-id"):
        before, after = change.before or {}, change.after or {}
        if change.kind == HouseholdChange.Kind.ADDED:
            return _added_day_given(change)
        if before.get("valid_from") != after.get("valid_from") and not before.get("valid_to"):
            return change.changed_by_id is not None
    return False


def held_from_words(day: dt.date) -> str:
    """A member EKB holds from a month without a day anyone gave: not said as a move-in."""
    return _("uppgifter från %(month)s") % {"month": date_format(day, "F Y")}


def describe_change(change: HouseholdChange, *, today: dt.date | None = None) -> str:
    """One change of a member in words, with the first name and never the personnummer:
    "Barn tillagt: Leo, bor här 15 dagar i månaden", "Medsökande Johan flyttade ut 10
    november", "Leo från 1 december: bor här 15 dagar i månaden". Worded when read, from the
    values the change stored, so it reads in the reader's language and tense."""
    today = today or timezone.localdate()
    before, after = change.before or {}, change.after or {}
    name = change.member.person.first_name
    role = after.get("role") or change.member.role
    if change.kind == HouseholdChange.Kind.ADDED:
        start = _day(after.get("valid_from"))
        facts = [
            days_words(after.get("days_per_month"), to_client=False),
            moved_in_words(start, today=today)
            if _added_day_given(change) or not start
            else held_from_words(start),
            moved_out_words(_day(after.get("valid_to")), today=today),
        ]
        head = f"{ADDED_WORDS.get(role, _('Tillagd'))}: {name}"
        return ", ".join([head, *[f for f in facts if f]])
    if change.kind == HouseholdChange.Kind.ENDED:
        return _("%(role)s %(name)s %(moved_out)s") % {
            "role": MemberRole(role).label if role in MemberRole.values else "",
            "name": name,
            "moved_out": moved_out_words(_day(after.get("valid_to")), today=today),
        }
    names = [n for n in FIELDS if before.get(n) != after.get(n) and n != "valid_from"]
    if before.get("valid_from") != after.get("valid_from") and before.get("valid_to"):
        # A new row from a month on (_continue_from): the facts change from that day.
        head = _("%(name)s från %(day)s") % {
            "name": name,
            "day": day_words(dt.date.fromisoformat(after["valid_from"]), today=today),
        }
        names = [n for n in names if n != "valid_to" or after.get("valid_to")]
    else:
        head = name
        if before.get("valid_from") != after.get("valid_from"):
            names.insert(0, "valid_from")
    facts = [_fact_words(n, after, today=today) for n in names]
    return f"{head}: " + ", ".join(f for f in facts if f) if facts else head


ANSWER_FIELDS = {  # the application's household answer -> the member's field
    "role": "role",
    "days_in_household": "days_per_month",
    "in_school": "in_school",
    "lunch_at_home": "lunch_at_home",
    "moved_out": "valid_to",
}


def describe_client_changes(application, *, today: dt.date | None = None) -> list[dict]:
    """What the client changed in the household in an application (the document's
    household_changes, ekb.cases.household.household_changes_from_prefill) in the same words as
    the caseworker's changes, from the member's row for the application's month."""
    today = today or timezone.localdate()
    month = application.month
    rows = (application.document or {}).get("household_changes", [])
    ids = [int(r["member"][1:]) for r in rows if str(r.get("member", ""))[1:].isdigit()]
    members: dict[str, HouseholdMember] = {}
    for row_member in (
        HouseholdMember.objects.filter(
            household_id=application.case.household_id, person_id__in=ids
        )
        .filter(valid_from__lte=month_end(month))
        .select_related("person")
        .order_by("valid_from", "id")
    ):
        members[f"p{row_member.person_id}"] = row_member  # the latest row for the month wins
    described = []
    for row in rows:
        member = members.get(row.get("member"))
        if member is None:
            if row.get("change") == "left":
                # A person registered at the address whom the client says does not live here
                # never became a member: the caseworker must still see it (a partner left out
                # this way would have their income left out too).
                person_id = _person_id(row.get("member"))
                person = Person.objects.filter(pk=person_id).first() if person_id else None
                if person is not None:
                    described.append(
                        {
                            "name": person.full_name,
                            "text": _(
                                "Folkbokförd på adressen, bor inte här enligt klienten: %(name)s"
                            )
                            % {"name": person.first_name},
                            "month": month,
                        }
                    )
            continue
        after = _snapshot(member)
        name = member.person.first_name
        if row.get("change") == "added":
            facts = [
                days_words(member.days_per_month, to_client=False),
                moved_in_words(member.valid_from, today=today) if member.valid_from > month else "",
                moved_out_words(member.valid_to, today=today),
            ]
            text = ", ".join(
                [f"{ADDED_WORDS.get(member.role, _('Tillagd'))}: {name}", *[f for f in facts if f]]
            )
        elif row.get("change") == "left":
            text = _("%(role)s %(name)s %(moved_out)s") % {
                "role": member.get_role_display(),
                "name": name,
                "moved_out": moved_out_words(member.valid_to, today=today) or _("bor inte här"),
            }
        else:
            fields = [ANSWER_FIELDS[f] for f in row.get("fields", []) if f in ANSWER_FIELDS]
            facts = [_fact_words(f, after, today=today) for f in fields]
            text = f"{name}: " + ", ".join(f for f in facts if f)
        described.append({"name": member.person.full_name, "text": text, "month": month})
    return described


def describe_events(events) -> list:
    """The case's events, a household change worded as on the household page ("Barn tillagt:
    Leo, bor här 15 dagar i månaden") in `event.words` instead of only "Hushållet ändrat"."""

    events = list(events)
    ids = [
        e.data.get("change_id")
        for e in events
        if e.kind == EventKind.HOUSEHOLD_CHANGED and isinstance(e.data, dict)
    ]
    changes = HouseholdChange.objects.filter(pk__in=[i for i in ids if i]).select_related(
        "member__person"
    )
    words = {c.pk: describe_change(c) for c in changes}
    for event in events:
        data = event.data if isinstance(event.data, dict) else {}
        change_id = data.get("change_id")
        event.words = words.get(change_id, "") if change_id else ""
    return events


REGISTER_ORDER = (MemberRole.APPLICANT, MemberRole.CO_APPLICANT, MemberRole.CHILD)


def persons_to_ask_the_register(members) -> list[str]:
    """The identity numbers to ask the registers about for a household-month: the applicant and
    the co-applicant first (a register pays a family benefit to the parents, in that order),
    then every child. A child's own income can count (e.g. a child's earnings), and barnbidrag
    and underhållsstöd are paid to the parent because of the child: asked about the adults only,
    a register cannot report them, and leaving them out overpays the family. Another adult in
    the home is not asked about: their income is their own and never counted (FB 7 kap. 1 §),
    so it is not fetched (GDPR art. 5.1 c, uppgiftsminimering)."""
    numbers: list[str] = []
    for role in REGISTER_ORDER:
        for member in members:
            number = member.person.identity_number
            if member.role == role and number not in numbers:
                numbers.append(number)
    return numbers


# The domain's field -> the application contract's name for it, so an error names the field
# the client sent (household[0].days_in_household).
CONTRACT_FIELDS = {
    "role": "role",
    "days_per_month": "days_in_household",
    "in_school": "in_school",
    "lunch_at_home": "lunch_at_home",
    "valid_from": "moved_in",
    "valid_to": "moved_out",
    "unregistered_reason": "unregistered_reason",
}


def household_from_contract(
    proposal: list[dict], rows: list[dict], gone: list[dict], month: dt.date, *, previous_ids
) -> tuple[list[dict], list[dict], dict[str, str]]:
    """The client's household answers sent as application.v1 (the same answers as the e-service's
    household step) on top of the household EKB proposes: (entries, those who left, errors by
    field path). A person the proposal has that the client does not mention stays as proposed;
    `gone` lists those who do not live here (any more), with the last day."""
    proposed = {e["id"]: e for e in proposal}
    entries = {e["id"]: dict(e) for e in proposal}
    paths: dict[str, str] = {}
    errors: dict[str, str] = {}
    for i, row in enumerate(rows):
        key = str(row.get("id", ""))
        if key not in proposed:
            errors[f"household[{i}].id"] = _(
                "Personen finns inte i hushållet som föreslås. Skriv om en ny person i "
                "household_comment eller lägg till personen i e-tjänsten."
            )
            continue
        if proposed[key].get("role") == MemberRole.APPLICANT and row.get("role") not in (
            None,
            MemberRole.APPLICANT,
        ):
            errors[f"household[{i}].role"] = _("Den som söker är alltid sökande.")
            continue
        entries[key].update({k: v for k, v in row.items() if k != "id"})
        if entries[key].pop(ASK_STILL_HERE, None):
            entries[key]["source"] = "client"  # an earlier case's member the client confirms
        paths[key] = f"household[{i}]"
    left = []
    for i, row in enumerate(gone):
        key = str(row.get("id", ""))
        if key not in proposed:
            errors[f"household_left[{i}].id"] = _("Personen finns inte i hushållet som föreslås.")
            continue
        if proposed[key].get("role") == MemberRole.APPLICANT:
            errors[f"household_left[{i}].id"] = _("Den som söker bor i hushållet.")
            continue
        entry = entries.pop(key)
        left.append(
            {
                "id": key,
                "first_name": entry.get("first_name", ""),
                "birth_date": entry.get("birth_date"),
                "role": proposed[key].get("role"),
                "was_member": key in previous_ids,
                "moved_out": str(row.get("moved_out") or "").strip(),
                "source": entry.get("source", "register"),
                "source_detail": entry.get("source_detail", ""),
                "registered_at_address": entry.get("registered_at_address"),
            }
        )
        paths[key] = f"household_left[{i}]"
    kept = [entries[e["id"]] for e in proposal if e["id"] in entries]
    if errors:
        return kept, left, errors
    for key, fields in answer_errors(kept, left, month, asked=False).items():
        base = paths.get(key, f"household[{key}]")
        for name, message in fields.items():
            errors[f"{base}.{CONTRACT_FIELDS.get(name, name)}"] = message
    return kept, left, errors


def household_member_of(case, member_id) -> HouseholdMember | None:
    """A member row of the case's household (the caller opened the case through its door),
    or None for a missing id, another household's row, or an id the key column cannot hold."""
    pk = parse_id(member_id)
    if pk is None:
        return None
    return (
        HouseholdMember.objects.filter(household=case.household, pk=pk)
        .select_related("person")
        .first()
    )


def household_change_history(case, *, limit: int = 50) -> list[HouseholdChange]:
    """The latest changes to the case's household, newest first, for the household page."""
    return list(
        HouseholdChange.objects.filter(member__household=case.household)
        .select_related("member__person", "changed_by")
        .order_by("-changed_at", "-id")[:limit]
    )


def _person_id(key) -> int | None:
    text = str(key or "")
    return int(text[1:]) if text[:1] == "p" and text[1:].isdigit() else None
