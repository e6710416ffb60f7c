"""The client's application: a draft written month by month, confirmed by a co-applicant and
submitted as an application. The e-service and the API both call these; each checks its own input
and leaves no half-saved state behind."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ekb.applications.actions import (
    LineData,
    application_for_month,
    do_receive_application,
    do_receive_new_application,
)
from ekb.applications.choices import (
    ApplicationKind,
    ApplicationStatus,
    DraftStatus,
    LineKind,
    Source,
    SubmittedVia,
)
from ekb.applications.cost_types import APPLIABLE, COSTS, ONE_OFF
from ekb.applications.models import Application, ApplicationDraft, RegisterProposal
from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.household import (
    ASK_STILL_HERE,
    do_confirm_household,
    member_answer,
    proposed_household,
)
from ekb.cases.models import Case
from ekb.lib.money import TOO_LARGE, AmountError, amount_or_none, parse_amount
from ekb.lib.months import next_month_start
from ekb.norm.vocabulary import INCOME_TYPES
from ekb.people.models import HouseholdMember, MemberRole

CONTRACT = "application.v1"


MEMBER_ERRORS = {
    "incomes": "Välj vem i hushållet inkomsten gäller.",
    "costs": "Välj vem i hushållet kostnaden gäller.",
}


def months_open(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The months a client can apply for: this month and next month."""
    today = today or timezone.localdate()
    return today.replace(day=1), next_month_start(today)


def month_choices(person, today: dt.date | None = None) -> list[dict]:
    """The open months with what the client has done for each, the suggested one first.

    The suggestion is the earliest open month not applied for yet: a new applicant's need is
    now (this month); a client in the monthly rhythm has applied for this month already and
    renews for next month; and a client who has not applied for this month (on 2 January,
    before the January application) is not sent past it to February."""
    current, following = months_open(today)
    case = open_case_for(person)
    applied = set()
    if case is not None:
        applied = set(
            case.applications.filter(month__in=[current, following])
            .exclude(status__in=[ApplicationStatus.WITHDRAWN, ApplicationStatus.DRAFT])
            .values_list("month", flat=True)
        )
    applied |= set(
        ApplicationDraft.objects.filter(
            person=person, month__in=[current, following], status=DraftStatus.SUBMITTED
        ).values_list("month", flat=True)
    )
    order = sorted([current, following], key=lambda month: (month in applied, month))
    return [{"month": m, "applied": m in applied} for m in order]


def default_month(person, today: dt.date | None = None) -> dt.date:
    """The month an application without a month is for (the client API): this month for a
    new applicant, next month for a client with an open case. Unlike the e-service's
    suggestion it does not depend on what was sent, so a retry goes to the same month (and
    gets the same application back) instead of to the other one."""
    current, following = months_open(today)
    return current if open_case_for(person) is None else following


def submitted_draft_for(person, month: dt.date) -> ApplicationDraft | None:
    """The person's application for the month as they submitted it, if they have."""
    return (
        ApplicationDraft.objects.filter(
            person=person, month=month, status=DraftStatus.SUBMITTED, application__isnull=False
        )
        .select_related("application")
        .order_by("-id")
        .first()
    )


def answers_change(draft: ApplicationDraft, answers: dict) -> bool:
    """Whether these answers would change what the draft holds (a resend of the same is not)."""
    cleaned = clean_answers({**draft.answers, **answers}, member_ids=member_ids(draft))[0]
    return any(cleaned.get(k) != draft.answers.get(k) for k in answers)


def _amount(raw, path: str, errors: dict) -> str | None:
    try:
        # One rule for every typed amount: no NaN, at most öre, never negative.
        value = parse_amount(raw, negative=False)
    except AmountError as error:
        errors[path] = error.message
        return None
    if value > Decimal("1000000"):  # an application's own limit, below the database's
        errors[path] = TOO_LARGE
        return None
    return str(value.quantize(Decimal("0.01")))


def clean_answers(answers: dict, *, member_ids: set[str]) -> tuple[dict, dict[str, str]]:
    """The answers with amounts normalised, and errors keyed by field path, in Swedish."""
    errors: dict[str, str] = {}
    cleaned = {k: v for k, v in answers.items() if k not in ("incomes", "costs")}
    for group, allowed in (("incomes", INCOME_TYPES), ("costs", APPLIABLE)):
        rows = []
        for i, row in enumerate(answers.get(group, [])):
            path = f"{group}[{i}]"
            if row.get("type") not in allowed:
                errors[f"{path}.type"] = "Välj vad det gäller."
                continue
            amount = _amount(row.get("amount", ""), f"{path}.amount", errors)
            member = row.get("member")
            if member and member not in member_ids:
                errors[f"{path}.member"] = MEMBER_ERRORS[group]
            entry = {**row, "amount": amount, "source": row.get("source", Source.CLIENT)}
            if (
                group == "costs"
                and COSTS[row["type"]].needs_description
                and not str(row.get("description", "")).strip()
            ):
                errors[f"{path}.description"] = "Beskriv vad du behöver pengar till."
            rows.append(entry)
        cleaned[group] = rows
    return cleaned, errors


def household_answers(case: Case | None, person) -> list[dict]:
    """The household for the client to confirm: the case's current members, or for a new
    applicant the persons registered at the address, each with its source (ekb.cases.household)."""

    if case is None:
        return proposed_household(person, timezone.localdate().replace(day=1))
    members = HouseholdMember.objects.filter(
        household=case.household, valid_to__isnull=True
    ).select_related("person")
    return [member_answer(m) for m in members]


def renewal_prefill(case: Case, person) -> dict:
    """Last month's facts, for the client to confirm or change one by one."""
    last = (
        case.applications.exclude(status=ApplicationStatus.DRAFT).order_by("-month", "-id").first()
    )
    answers: dict[str, Any] = {
        "contract": CONTRACT,
        "household": household_answers(case, person),
        "incomes": [],
        "costs": [],
    }
    if last is None:
        return answers
    from ekb.applications.register_benefits import fetched_by_design

    # A register income the caseworker accepted last month counted as a fact of the household:
    # the client confirms or changes it like her own (left out, a renewal would pay as if it had
    # stopped). Benefits fetched by design (barnbidrag ...) are not asked: the register gives
    # them again every month.
    accepted = {
        p.line_id: p
        for p in last.register_proposals.filter(
            status=RegisterProposal.Status.ACCEPTED, accepted_by_rule=False, line__isnull=False
        )
    }
    by_design = fetched_by_design()
    for line in last.lines.filter(overridden=False):
        if line.kind not in (LineKind.INCOME, LineKind.COST) or line.amount is None:
            continue
        if line.source == Source.REGISTER and (
            line.pk not in accepted or line.type in by_design or line.kind != LineKind.INCOME
        ):
            continue
        if line.kind == LineKind.COST and (line.type in ONE_OFF or line.one_off):
            continue  # one-off costs are not carried into the next month
        row = {"type": line.type, "amount": str(line.amount), "source": Source.CLIENT}
        if line.pk in accepted:
            # Where it comes from, worded by the e-service in the client's language.
            row["source"] = Source.REGISTER
            row["register_source"] = accepted[line.pk].source_label
            row["accepted_for"] = last.month.isoformat()
        if line.kind == LineKind.INCOME:
            row["member"] = f"p{line.member_id}" if line.member_id else f"p{person.pk}"
            answers["incomes"].append(row)
        else:
            answers["costs"].append(row)
    return answers


def open_case_for(person) -> Case | None:
    return (
        Case.objects.open()
        .filter(
            household__members__person=person,
            household__members__valid_to__isnull=True,
            household__members__role__in=[MemberRole.APPLICANT, MemberRole.CO_APPLICANT],
        )
        .first()
    )


@transaction.atomic
def do_start_draft(
    person, *, month: dt.date | None = None, channel=Channel.WEB
) -> ApplicationDraft:
    """The open draft for the month, or a new one: a renewal pre-filled from last month.

    Without a month, the suggested one: next month for a renewal, this month for a new applicant."""
    case = open_case_for(person)
    month = month or default_month(person)
    if month not in months_open():
        raise ValidationError({"month": "Du kan söka för den här månaden eller nästa månad."})
    kind = ApplicationKind.RENEWAL if case else ApplicationKind.NEW
    existing = (
        ApplicationDraft.objects.filter(person=person, month=month, kind=kind)
        .exclude(status=DraftStatus.SUBMITTED)
        .first()
    )
    if existing:
        return existing
    if case:
        refuse_a_second_application(case, person, month)
    prefill = (
        renewal_prefill(case, person)
        if case
        else {
            "contract": CONTRACT,
            "household": household_answers(None, person),
            "incomes": [],
            "costs": [],
        }
    )
    co_applicant = None
    if case:
        co = (
            HouseholdMember.objects.filter(
                household=case.household,
                valid_to__isnull=True,
                role__in=[MemberRole.APPLICANT, MemberRole.CO_APPLICANT],
            )
            .exclude(person=person)
            .first()
        )
        co_applicant = co.person if co else None
    try:
        with transaction.atomic():
            draft = ApplicationDraft.objects.create(
                person=person,
                case=case,
                month=month,
                kind=kind,
                answers=prefill,
                prefilled=prefill,
                co_applicant=co_applicant,
            )
    except IntegrityError:  # the same draft started in another tab a moment ago
        return ApplicationDraft.objects.get(
            person=person,
            month=month,
            kind=kind,
            status__in=[DraftStatus.DRAFT, DraftStatus.AWAITING_CO_APPLICANT],
        )
    record(
        action=Action.CHANGE_CASE,
        client_person_id=person.pk,
        case_id=case.pk if case else None,
        channel=channel,
    )
    return draft


class PartnerIsWriting(ValidationError):
    """The other adult of the case has a draft for the month: the couple sends one application,
    so this person reads and confirms theirs (`draft`) instead of starting a second."""

    def __init__(self, message, draft: ApplicationDraft):
        super().__init__(message)
        self.draft = draft


def refuse_a_second_application(case: Case, person, month: dt.date) -> None:
    """One application per household and month (ekb.applications.choices.ORDINARY_APPLICATION_KINDS):
    say who already sent it, or who is writing it, instead of starting a second draft."""
    application = application_for_month(case, month)
    if application is not None:
        sender = (
            ApplicationDraft.objects.filter(application=application)
            .exclude(person=person)
            .select_related("person")
            .first()
        )
        if sender is None:
            raise ValidationError(
                {"month": "Du har redan skickat in en ansökan för den här månaden."}
            )
        raise ValidationError(
            {
                "month": gettext_lazy(
                    "%(name)s har redan skickat in ansökan för den här månaden. Ni söker "
                    "tillsammans, så du behöver inte skicka en egen."
                )
                % {"name": sender.person.first_name}
            }
        )
    adults = HouseholdMember.objects.filter(
        household=case.household,
        valid_to__isnull=True,
        role__in=[MemberRole.APPLICANT, MemberRole.CO_APPLICANT],
    ).values("person_id")
    partners = (
        # Someone who has left the household does not hold the month for those who stay.
        ApplicationDraft.objects.filter(case=case, month=month, person__in=adults)
        .exclude(person=person)
        .exclude(status=DraftStatus.SUBMITTED)
        .select_related("person")
        .order_by("id")
    )
    partner = partners.first()
    if partner is not None:
        raise PartnerIsWriting(
            {
                "month": gettext_lazy(
                    "%(name)s har redan börjat skriva ansökan för den här månaden. Ni söker "
                    "tillsammans: läs och bekräfta den som medsökande när den är klar."
                )
                % {"name": partner.person.first_name}
            },
            draft=partner,
        )


def intake_unit_for(person):
    """Where a new application goes: the unit of the client's latest case, else the first unit
    of the municipality the client's household belongs to (intake then assigns a caseworker).
    None when EKB knows neither."""
    from ekb.accounts.models import Unit
    from ekb.cases.access import client_cases
    from ekb.people.models import Household

    latest = client_cases(person.pk).select_related("unit").order_by("-opened_on").first()
    if latest is not None:
        return latest.unit
    municipalities = Household.objects.filter(members__person=person).values("municipality_id")
    return Unit.objects.filter(municipality_id__in=municipalities).order_by("pk").first()


def member_ids(draft: ApplicationDraft) -> set[str]:
    return {m["id"] for m in draft.answers.get("household", [])}


@transaction.atomic
def do_save_draft(
    draft: ApplicationDraft, answers: dict, *, person, channel=Channel.WEB
) -> dict[str, str]:
    """Save what the client has written so far. Returns the errors; the answers are kept either way,
    so the form shows exactly what was typed."""
    draft = ApplicationDraft.objects.select_for_update().get(pk=draft.pk)
    if draft.status == DraftStatus.SUBMITTED:
        raise ValidationError({"__all__": "Ansökan är redan inskickad."})
    merged = {**draft.answers, **answers}
    cleaned, errors = clean_answers(merged, member_ids=member_ids(draft))
    changed = (merged if errors else cleaned) != draft.answers
    draft.answers = merged if errors else cleaned
    draft.updated_at = timezone.now()
    if draft.co_applicant_confirmed_at and changed and not errors:
        draft.co_applicant_confirmed_at = (
            None  # a change needs the co-applicant's confirmation again
        )
        draft.status = DraftStatus.DRAFT
    draft.save(update_fields=["answers", "updated_at", "co_applicant_confirmed_at", "status"])
    record(
        action=Action.CHANGE_CASE,
        client_person_id=person.pk,
        case_id=draft.case_id,
        channel=channel,
    )
    return errors


def _same_amount(raw):
    """An amount to compare ("7200" and "7 200,00" are the same); text that is no amount as is."""
    amount = amount_or_none(raw)
    return raw if amount is None and raw not in (None, "") else amount


def changes_from_prefill(draft: ApplicationDraft) -> list[dict]:
    """What the client changed against last month, for the caseworker to see at a glance."""

    def keyed(rows):
        return {(r.get("member") or "", r["type"]): r.get("amount") for r in rows}

    before = {
        **keyed(draft.prefilled.get("incomes", [])),
        **keyed(draft.prefilled.get("costs", [])),
    }
    after = {**keyed(draft.answers.get("incomes", [])), **keyed(draft.answers.get("costs", []))}
    changes = []
    for key in sorted(set(before) | set(after)):
        # Compared as amounts: "7200" last month and "7200.00" as saved now are no change.
        if _same_amount(before.get(key)) != _same_amount(after.get(key)):
            changes.append(
                {
                    "member": key[0],
                    "type": key[1],
                    "before": before.get(key),
                    "after": after.get(key),
                }
            )
    return changes


@transaction.atomic
def do_confirm_as_co_applicant(draft: ApplicationDraft, *, person, channel=Channel.WEB) -> None:
    draft = ApplicationDraft.objects.select_for_update().get(pk=draft.pk)
    if draft.co_applicant_id != person.pk:
        raise ValidationError({"__all__": "Bara medsökande kan bekräfta ansökan."})
    draft.co_applicant_confirmed_at = timezone.now()
    draft.save(update_fields=["co_applicant_confirmed_at"])
    record(
        action=Action.CHANGE_CASE,
        client_person_id=person.pk,
        case_id=draft.case_id,
        channel=channel,
    )


def _lines(draft: ApplicationDraft) -> list[LineData]:
    return lines_from_answers(draft.answers)


def lines_from_answers(answers: dict) -> list[LineData]:
    """The incomes and costs of answers in the contract's shape, as application lines."""
    lines = []
    for group, kind in (("incomes", LineKind.INCOME), ("costs", LineKind.COST)):
        for row in answers.get(group, []):
            member = row.get("member") or ""
            lines.append(
                LineData(
                    kind=kind,
                    type=row["type"],
                    amount=Decimal(row["amount"]),
                    member_id=int(member[1:]) if member.startswith("p") else None,
                    value=str(row.get("description", ""))[:200],
                )
            )
    return lines


# The facts of an application; anything else in a draft (a form's page progress) stays behind.
DOCUMENT_KEYS = ("household", "household_comment", "incomes", "costs", "assets", "reason")


def do_submit_draft(
    draft: ApplicationDraft, *, person, unit=None, channel=Channel.WEB, on_received=None
) -> Application:
    """Submit once: a second click, a retry or a second tab gets the same application back.

    `on_received(application)` runs inside the transaction that stores a new application (the
    journey makes its next step due there; see ekb.flow.journey). Raises ValidationError while
    the co-applicant has not confirmed; the draft is then left marked as waiting for the
    co-applicant (committed before the error is raised)."""
    with transaction.atomic():
        draft = ApplicationDraft.objects.select_for_update().get(pk=draft.pk)
        if draft.application is not None:  # no query when there is none
            return draft.application
        if draft.person_id != person.pk and draft.co_applicant_id != person.pk:
            raise ValidationError({"__all__": "Ansökan finns inte."})
        cleaned, errors = clean_answers(draft.answers, member_ids=member_ids(draft))
        if errors:
            raise ValidationError(errors)
        waiting = bool(draft.co_applicant_id and not draft.co_applicant_confirmed_at)
        if not waiting:
            application = _submit(draft, cleaned, person=person, unit=unit, channel=channel)
            if on_received is not None:
                on_received(application)
            return application
        if draft.status != DraftStatus.AWAITING_CO_APPLICANT:
            draft.status = DraftStatus.AWAITING_CO_APPLICANT
            draft.save(update_fields=["status"])
    raise ValidationError(
        {"__all__": "Din medsökande behöver logga in och bekräfta ansökan innan den skickas."}
    )


def _household_for_new_application(person, unit, month):
    """The person's current household (a returning client keeps the children), or a new one."""
    from ekb.people.models import Household

    membership = (
        HouseholdMember.objects.filter(
            person=person, valid_to__isnull=True, household__municipality=unit.municipality
        )
        .select_related("household")
        .order_by("-valid_from")
        .first()
    )
    if membership is not None:
        return membership.household
    household = Household.objects.create(municipality=unit.municipality)
    HouseholdMember.objects.create(
        household=household,
        person=person,
        role=MemberRole.APPLICANT,
        valid_from=month,  # in the household the whole month applied for, not from today
    )
    return household


def _submit(draft, cleaned, *, person, unit, channel) -> Application:
    document = {
        **{key: cleaned[key] for key in DOCUMENT_KEYS if key in cleaned},
        # application.v1's members: the e-service's question mark is not part of the contract.
        "household": [
            {k: v for k, v in entry.items() if k != ASK_STILL_HERE}
            for entry in cleaned.get("household", [])
        ],
        "contract": CONTRACT,
        "month": f"{draft.month:%Y-%m}",
        "kind": draft.kind,
        "changes": changes_from_prefill(draft),
    }
    if draft.case_id:
        application = do_receive_application(
            draft.case,
            draft.month,
            draft.kind,
            _lines(draft),
            client_person_id=person.pk,
            submitted_via=SubmittedVia.DIGITAL,
            document=document,
            channel=channel,
        )
    else:
        # The applicant's household, also when the co-applicant's confirmation sends it.
        unit = unit or intake_unit_for(draft.person)
        household = _household_for_new_application(draft.person, unit, draft.month)
        application = do_receive_new_application(
            household,
            unit,
            draft.month,
            _lines(draft),
            client_person_id=person.pk,
            submitted_via=SubmittedVia.DIGITAL,
            document=document,
            channel=channel,
        )
    # The household the client confirmed becomes the members the robot calculates with.
    do_confirm_household(
        application, cleaned, prefilled=draft.prefilled, client_person=person, channel=channel
    )
    draft.application = application
    draft.status = DraftStatus.SUBMITTED
    draft.answers = cleaned
    draft.save(update_fields=["application", "status", "answers"])
    return application


def demo_co_applicant_ids():
    """The persons that demo clients named as co-applicants in their drafts, as a subquery of
    ids for the demo e-ID (ekb.integrations.eid.DemoEid), so that they can log in and confirm
    before they are members. Asked here because the e-ID integration sits below the drafts."""
    return (
        ApplicationDraft.objects.filter(person__memberships__household__municipality__is_demo=True)
        .exclude(co_applicant=None)
        .values("co_applicant_id")
    )


@transaction.atomic
def do_set_draft_co_applicant(draft, entries: list[dict], *, person, channel=Channel.WEB):
    """A new application's co-applicant, as the client named them in the household, confirms
    the application with their own login before it is sent, as in a renewal
    (ekb.applications.drafts.do_submit_draft). A renewal keeps the case's co-applicant."""
    if draft.case_id:
        return
    co = next((e["id"] for e in entries if e.get("role") == MemberRole.CO_APPLICANT), None)
    person_id = int(co[1:]) if co else None
    if draft.co_applicant_id == person_id:
        return
    draft.co_applicant_id = person_id
    draft.co_applicant_confirmed_at = None
    draft.save(update_fields=["co_applicant", "co_applicant_confirmed_at"])
    record(action=Action.CHANGE_CASE, client_person_id=person.pk, channel=channel)
