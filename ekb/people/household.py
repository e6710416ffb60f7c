"""The rules a household member must meet, checked in one place for the e-service, the case page
and the API, each answer in Swedish and keyed by the field it is about.

The legal background (see ../shared/research/domain-facts.md):
* a child is in the parents' norm until 18, or until 21 while in school (föräldrabalken 7 kap.
  1 §); a young person of 18–20 not in school is another adult in the home, who counts for the
  shared costs but is not in the norm (socialtjänstförordningen 2025:468 12 kap. 3 §);
* spouses and cohabitants who live together apply together and share one norm (SoF 2025:468
  12 kap.; spouses' duty to support each other, äktenskapsbalken 6 kap.), so the co-applicant
  normally lives at the address; one who is not registered there needs a reason the caseworker
  can assess (folkbokföringslagen 1991:481: a person is registered where they regularly live).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ekb.people.models import MemberRole

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CHILD_AGE = 18  # FB 7 kap. 1 §
CHILD_IN_SCHOOL_AGE = 21  # FB 7 kap. 1 § andra stycket: while in school, at the latest until 21


class DateError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse_date(raw) -> dt.date | None:
    """A date typed as ÅÅÅÅ-MM-DD, None when empty; DateError for anything else."""
    if isinstance(raw, dt.date):
        return raw
    text = str(raw or "").strip()
    if not text:
        return None
    if not _DATE.match(text):
        raise DateError(_("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-11-03."))
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DateError(_("Datumet finns inte. Kontrollera dag och månad.")) from None


def parse_days(raw) -> int | None:
    """Days a month in the home, None when empty (every day); ValueError for anything else."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise ValueError
    if isinstance(raw, int):
        return raw
    text = str(raw).strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValueError
    return int(text)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def days_in_month(month: dt.date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def member_errors(
    *,
    role: str,
    birth_date: dt.date | None,
    month: dt.date,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    days_per_month: int | None = None,
    in_school: bool = False,
    registered_at_address: bool | None = None,
    unregistered_reason: str = "",
    today: dt.date | None = None,
) -> dict[str, str]:
    """What is wrong with one member, by field: role, birth_date, valid_from, valid_to,
    days_per_month, unregistered_reason. `month` is the month the facts are for."""
    errors: dict[str, str] = {}
    if role not in MemberRole.values:
        errors["role"] = _("Välj vilken roll personen har i hushållet.")
        return errors
    if birth_date is not None and today is not None and birth_date > today:
        errors["birth_date"] = _("Födelsedatumet kan inte ligga i framtiden.")
    if birth_date is not None and valid_from is not None and valid_from < birth_date:
        errors["valid_from"] = _("Datumet kan inte vara före personens födelsedatum.")
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        errors["valid_to"] = _("Utflyttningsdatumet kan inte vara före inflyttningsdatumet.")
    if days_per_month is not None:
        most = days_in_month(month)
        if days_per_month < 1 or days_per_month > most:
            errors["days_per_month"] = _(
                "Dagar i hemmet ska vara mellan 1 och %(days)s, så många dagar som %(month)s har."
            ) % {"days": most, "month": date_format(month, "F Y")}
        elif role != MemberRole.CHILD:
            errors["days_per_month"] = _("Dagar i hemmet gäller bara barn.")
    if role == MemberRole.CHILD and birth_date is not None:
        age = age_on(birth_date, month)
        if age >= CHILD_IN_SCHOOL_AGE:
            errors["role"] = _(
                "Personen har fyllt 21 år och räknas inte som barn. Välj ”Annan vuxen i hemmet”."
            )
        elif age >= CHILD_AGE and not in_school:
            errors["role"] = _(
                "Personen har fyllt 18 år och går inte i skolan, och räknas därför inte som barn "
                "(föräldrabalken 7 kap. 1 §). Välj ”Annan vuxen i hemmet”."
            )
    if role in (MemberRole.APPLICANT, MemberRole.CO_APPLICANT) and birth_date is not None:
        if age_on(birth_date, month) < CHILD_AGE:
            errors["role"] = _("Den som söker måste ha fyllt 18 år.")
    if (
        role == MemberRole.CO_APPLICANT
        and registered_at_address is False
        and not unregistered_reason.strip()
    ):
        errors["unregistered_reason"] = _(
            "Medsökande är inte folkbokförd på adressen. Skriv varför personen ändå bor här."
        )
    return errors


def household_errors(members: list[tuple[str, str]]) -> dict[str, str]:
    """(person key, role) for every current member: each person once, one applicant, at most one
    co-applicant. Errors are keyed by the person key of the member that breaks the rule."""
    errors: dict[str, str] = {}
    seen: dict[str, str] = {}
    co_applicants = 0
    for key, role in members:
        if key in seen:
            errors[key] = (
                _("Personen är redan sökande i hushållet och kan inte också vara barn.")
                if MemberRole.APPLICANT in (seen[key], role)
                else _("Personen finns redan i hushållet.")
            )
            continue
        seen[key] = role
        if role == MemberRole.CO_APPLICANT:
            co_applicants += 1
            if co_applicants > 1:
                errors[key] = _("Ett hushåll kan ha högst en medsökande.")
    return errors


# --- the household in words ----------------------------------------------------------------


def day_words(day: dt.date, *, today: dt.date) -> str:
    """The day as "20 november", with the year when it is not this year's."""
    return date_format(day, "j F" if day.year == today.year else "j F Y")


def days_words(days: int | None, *, to_client: bool) -> str:
    """A child's days in the home (växelvis boende) in words; empty when every day."""
    if days is None:
        return ""
    if to_client:
        return _("bor hos dig %(days)s dagar i månaden") % {"days": days}
    return _("bor här %(days)s dagar i månaden") % {"days": days}


def moved_in_words(day: dt.date | None, *, today: dt.date) -> str:
    if day is None:
        return ""
    words = _("flyttar in %(day)s") if day > today else _("flyttade in %(day)s")
    return words % {"day": day_words(day, today=today)}


def moved_out_words(day: dt.date | None, *, today: dt.date) -> str:
    if day is None:
        return ""
    words = _("flyttar ut %(day)s") if day > today else _("flyttade ut %(day)s")
    return words % {"day": day_words(day, today=today)}


def member_words(
    *,
    days: int | None = None,
    moved_in: dt.date | None = None,
    moved_out: dt.date | None = None,
    today: dt.date,
    to_client: bool,
) -> str:
    """What the client or the caseworker reads beside a member: days in the home, move-in and
    move-out, joined with commas ("bor hos dig 15 dagar i månaden, flyttar in 20 november")."""
    parts = [
        days_words(days, to_client=to_client),
        moved_in_words(moved_in, today=today),
        moved_out_words(moved_out, today=today),
    ]
    return ", ".join(p for p in parts if p)
