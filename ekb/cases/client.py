"""What a client does in a case: write and submit an application, confirm as co-applicant,
send files, read decisions, appeal, and write to the caseworker. The e-service and the API both
call these; each checks its own input and leaves no half-saved state behind."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.actions import append_event
from ekb.cases.applications import (
    LineData,
    application_for_month,
    do_receive_application,
    do_receive_new_application,
)
from ekb.cases.choices import (
    ApplicationKind,
    ApplicationStatus,
    DecisionStatus,
    DraftStatus,
    EventKind,
    LineKind,
    Source,
)
from ekb.cases.models import (
    Appeal,
    Application,
    ApplicationDraft,
    Attachment,
    Case,
    Decision,
    DecisionNotification,
    Message,
    RegisterProposal,
)
from ekb.lib.money import AmountError, parse_amount
from ekb.lib.months import next_month_start
from ekb.lib.swedish_calendar import next_working_day
from ekb.norm.vocabulary import COST_TYPES, INCOME_TYPES
from ekb.people.models import HouseholdMember, MemberRole

CONTRACT = "application.v1"
# Needs beyond the norm that the norm engine does not calculate; decided as livsföring i övrigt.
OTHER_NEEDS = ("winter_clothing", "moving", "furniture", "other_need")
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


# --- the answers ---------------------------------------------------------------------------


def _amount(raw, path: str, errors: dict) -> str | None:
    try:
        value = parse_amount(raw)  # one rule for every typed amount: no NaN, at most öre
    except AmountError as error:
        errors[path] = error.message
        return None
    if value < 0:
        errors[path] = "Beloppet kan inte vara negativt."
        return None
    if value > Decimal("1000000"):
        errors[path] = "Beloppet är orimligt stort. Kontrollera att det är rätt."
        return None
    return str(value.quantize(Decimal("0.01")))


def clean_answers(answers: dict, *, member_ids: set[str]) -> tuple[dict, dict[str, str]]:
    """The answers with amounts normalised, and errors keyed by field path, in Swedish."""
    errors: dict[str, str] = {}
    cleaned = {k: v for k, v in answers.items() if k not in ("incomes", "costs")}
    for group, allowed in (("incomes", INCOME_TYPES), ("costs", COST_TYPES + OTHER_NEEDS)):
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
            if row.get("type") in OTHER_NEEDS and not str(row.get("description", "")).strip():
                errors[f"{path}.description"] = "Beskriv vad du behöver pengar till."
            rows.append(entry)
        cleaned[group] = rows
    return cleaned, errors


def household_answers(case: Case | None, person) -> list[dict]:
    """The household for the client to confirm: the case's current members, or for a new
    applicant the persons registered at the address, each with its source (ekb.cases.household)."""
    from ekb.cases.household import member_answer, proposed_household

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
    answers = {
        "contract": CONTRACT,
        "household": household_answers(case, person),
        "incomes": [],
        "costs": [],
    }
    if last is None:
        return answers
    from ekb.cases.register_proposals import fetched_by_design

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
        if line.kind == LineKind.COST and line.type in ("dental_care", "glasses", *OTHER_NEEDS):
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


# --- drafts --------------------------------------------------------------------------------


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
    """One application per household and month (ekb.cases.choices.ORDINARY_APPLICATION_KINDS):
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
    try:
        return Decimal(str(raw)).normalize() if raw not in (None, "") else None
    except ArithmeticError:
        return raw


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
    lines = []
    for group, kind in (("incomes", LineKind.INCOME), ("costs", LineKind.COST)):
        for row in draft.answers.get(group, []):
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
        if draft.application_id:
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
            channel="digital",
            document=document,
            audit_channel=channel,
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
            channel="digital",
            document=document,
            audit_channel=channel,
        )
    # The household the client confirmed becomes the members the robot calculates with.
    from ekb.cases.household import do_confirm_household

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


# --- files ---------------------------------------------------------------------------------

# Accepted by their first bytes, not by the name or the browser's word for the type.
SIGNATURES = {
    b"%PDF-": ("application/pdf", "pdf"),
    b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
}


def sniff(head: bytes) -> tuple[str, str] | None:
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def clean_file_name(name: str, extension: str) -> str:
    stem = re.sub(r"[^\w\-åäöÅÄÖ ]+", "", (name or "fil").rsplit(".", 1)[0]).strip()[:80] or "fil"
    return f"{stem}.{extension}"


@transaction.atomic
def do_upload_attachment(
    case: Case, uploaded, *, person, supplement_request=None, channel=Channel.WEB
) -> Attachment:
    limit = settings.EKB_MAX_UPLOAD_MB * 1024 * 1024
    if uploaded.size > limit:
        raise ValidationError(
            {"file": f"Filen är för stor. Den får vara högst {settings.EKB_MAX_UPLOAD_MB} MB."}
        )
    if uploaded.size == 0:
        raise ValidationError({"file": "Filen är tom. Välj en annan fil."})
    content = uploaded.read()
    kind = sniff(content[:16])
    if kind is None:
        raise ValidationError({"file": "Filen måste vara en PDF eller en bild (JPG eller PNG)."})
    content_type, extension = kind
    digest = hashlib.sha256(content).hexdigest()
    attachment = Attachment(
        case=case,
        supplement_request=supplement_request,
        uploaded_by_person=person,
        name=clean_file_name(uploaded.name, extension),
        content_type=content_type,
        size=len(content),
        sha256=digest,
    )
    attachment.file.save(digest, ContentFile(content), save=False)
    attachment.save()
    record(action=Action.CHANGE_CASE, client_person_id=person.pk, case_id=case.pk, channel=channel)
    return attachment


# --- decisions and appeals -----------------------------------------------------------------


APPEAL_RULES_FILE = Path(__file__).parent / "rules" / "appeal.yaml"


@functools.cache
def _appeal_versions() -> list[dict]:
    with APPEAL_RULES_FILE.open(encoding="utf-8") as fh:
        versions = yaml.safe_load(fh)["versions"]
    return sorted(versions, key=lambda v: v["valid_from"])


def appeal_rules(on: dt.date) -> dict:
    """The appeal rules in force on a day (rules/appeal.yaml: FL 44 §, lag 1930:173,
    delgivningslagen 22–26 §§)."""
    in_force = [v for v in _appeal_versions() if v["valid_from"] <= on]
    return in_force[-1] if in_force else _appeal_versions()[0]


def presumed_notification_day(posted_on: dt.date) -> dt.date:
    """The day a letter posted with förenklad delgivning counts as received: two weeks after it
    was sent (delgivningslagen (2010:1932) 22–26 §§; the number of days and why the range is cited
    are in rules/appeal.yaml). An ordinary letter has no presumed day: FL 44 § counts from the
    day the party got the decision."""
    days = appeal_rules(posted_on)["posted_letter_presumed_days"]
    return posted_on + dt.timedelta(days=days)


def decision_parties(decision: Decision) -> list:
    """The parties the decision concerns, each notified on their own: the applicant and a
    co-applicant of the household in the decision's month (a couple applies together and both
    are parties; the appeal time runs for each from their own day, FL 44 §). Falls back to the
    latest applicant when no adult is recorded for the month."""
    month = decision.application.month if decision.application_id else None
    if month is None:
        month = timezone.localdate(decision.decided_at or timezone.now()).replace(day=1)
    members = (
        HouseholdMember.objects.filter(
            household_id=decision.case.household_id,
            role__in=[MemberRole.APPLICANT, MemberRole.CO_APPLICANT],
            valid_from__lt=next_month_start(month),
        )
        .exclude(valid_to__lt=month)
        .select_related("person")
        .order_by("role", "id")
    )
    persons = list(dict.fromkeys(m.person for m in members))
    if not persons:
        latest = (
            HouseholdMember.objects.filter(
                household_id=decision.case.household_id, role=MemberRole.APPLICANT
            )
            .select_related("person")
            .order_by("-valid_from")
            .first()
        )
        persons = [latest.person] if latest else []
    return persons


def notified_on(decision: Decision, person) -> dt.date | None:
    """The day this party was notified of the decision (fick del av beslutet, FL 44 §): the
    earliest of the day they opened it in the e-service, the presumed day of a letter posted to
    them and the day they were told it orally. None while none has happened: no time runs for
    them yet, whatever the other party has done."""
    days = [n.notified_on for n in _notifications(decision) if n.person_id == _pk(person)]
    return min(days) if days else None


def _pk(person) -> int:
    return person if isinstance(person, int) else person.pk


def _notifications(decision: Decision) -> list[DecisionNotification]:
    cached = getattr(decision, "_prefetched_objects_cache", {}).get("notifications")
    if cached is not None:
        return list(cached)
    return list(decision.notifications.all())


def appeal_deadline(decision: Decision, person) -> dt.date | None:
    """The last day this party's appeal is in time, or None before they have been notified.

    Three weeks from the day of notification (FL 44 §): by lag 1930:173 1 § the deadline is the
    day with the same weekday name three weeks later; by its 2 § a deadline on a Saturday,
    Sunday, public holiday, midsommarafton, julafton or nyårsafton moves to the next weekday."""
    on = notified_on(decision, person)
    if on is None:
        return None
    weeks = appeal_rules(on)["appeal_weeks"]
    return next_working_day(on + dt.timedelta(weeks=weeks))


def appeal_in_time(decision: Decision, person, received_on: dt.date) -> bool:
    """An appeal is in time when it arrives on or before the appellant's own deadline; before the
    appellant has been notified no time has started to run, so it is in time (FL 44–45 §§)."""
    deadline = appeal_deadline(decision, person)
    return deadline is None or received_on <= deadline


def party_notifications(decision: Decision) -> list[dict]:
    """Each party, how they were notified and their deadline: for the caseworker's page and API."""
    rows = _notifications(decision)
    result = []
    for person in decision_parties(decision):
        own = sorted((n for n in rows if n.person_id == person.pk), key=lambda n: n.notified_on)
        result.append(
            {
                "person": person,
                "notifications": own,
                "notified_on": notified_on(decision, person),
                "deadline": appeal_deadline(decision, person),
            }
        )
    return result


def with_opened_by(decisions, person_id: int):
    """Decisions annotated with `opened`: whether this person has opened each one in the
    e-service (the "Nytt" tag is per person: the other party's opening is not this one's)."""
    return decisions.annotate(
        opened=Exists(
            DecisionNotification.objects.filter(
                decision=OuterRef("pk"),
                person_id=person_id,
                how=DecisionNotification.How.ESERVICE,
            )
        )
    )


def log_decision_read(decision: Decision, *, person, channel=Channel.WEB) -> None:
    """A page about the decision was read (the appeal form): logged, but not the decision itself,
    so no appeal time starts."""
    record(
        action=Action.CLIENT_OPEN_OWN_CASE,
        client_person_id=person.pk,
        case_id=decision.case_id,
        channel=channel,
        detail={"decision": decision.pk},
    )


@transaction.atomic
def do_mark_decision_seen(decision: Decision, *, person, channel=Channel.WEB) -> None:
    """This person opened the decision itself (its page or its letter): they have taken part of
    it, and their three weeks for an appeal start (FL 44 §); the other party's do not. Call it only
    from that explicit act, never from a list, the status page or any other page that merely
    mentions the decision. The first opening counts."""
    if decision.status == DecisionStatus.DECIDED:
        now = timezone.now()
        _, created = DecisionNotification.objects.get_or_create(
            decision=decision,
            person=person,
            how=DecisionNotification.How.ESERVICE,
            defaults={"notified_at": now, "notified_on": timezone.localdate(now)},
        )
        if created and hasattr(decision, "_prefetched_objects_cache"):
            decision._prefetched_objects_cache.pop("notifications", None)
    record(
        action=Action.CLIENT_OPEN_OWN_CASE,
        client_person_id=person.pk,
        case_id=decision.case_id,
        channel=channel,
        detail={"decision": decision.pk},
    )


RECORDABLE = (DecisionNotification.How.POSTED_LETTER, DecisionNotification.How.ORAL)


@transaction.atomic
def do_record_notification(
    decision: Decision,
    person,
    how: str,
    on: dt.date,
    *,
    acting_user,
    told_how_to_appeal: bool = False,
    channel=Channel.WEB,
) -> DecisionNotification:
    """The caseworker records how one party was notified: the day a letter to them was posted
    with förenklad delgivning (notified two weeks later, delgivningslagen 22–26 §§), or the day they
    were told the decision orally (FL 33 §: the whole decision and how to appeal). The earliest
    recorded day of each way counts; a later one changes nothing."""
    decision = Decision.objects.select_for_update().select_related("case").get(pk=decision.pk)
    if decision.status != DecisionStatus.DECIDED:
        raise ValidationError({"__all__": gettext_lazy("Beslutet är inte fattat ännu.")})
    if how not in RECORDABLE:
        raise ValidationError({"how": gettext_lazy("Välj brev eller muntligt besked.")})
    if _pk(person) not in {p.pk for p in decision_parties(decision)}:
        raise ValidationError({"person": gettext_lazy("Personen är inte part i beslutet.")})
    if on > timezone.localdate():
        raise ValidationError({"on": gettext_lazy("Dagen kan inte vara i framtiden.")})
    decided_on = timezone.localdate(decision.decided_at) if decision.decided_at else None
    # An oral decision is made in the meeting and recorded afterwards: the meeting may be
    # earlier than the day the decision was registered.
    if decided_on and on < decided_on and not decision.made_orally:
        raise ValidationError({"on": gettext_lazy("Dagen kan inte vara före beslutsdagen.")})
    if how == DecisionNotification.How.ORAL and not told_how_to_appeal:
        # FL 33 §: the party must be told the whole decision and how to appeal it; without that
        # the notification does not start the appeal time.
        raise ValidationError(
            {
                "told_how_to_appeal": gettext_lazy(
                    "Bekräfta att personen fick hela beslutet och besked om hur man överklagar."
                )
            }
        )
    if how == DecisionNotification.How.POSTED_LETTER:
        values = {"posted_on": on, "notified_on": presumed_notification_day(on)}
    else:
        values = {"notified_on": on}
    existing = (
        DecisionNotification.objects.select_for_update()
        .filter(decision=decision, person_id=_pk(person), how=how)
        .first()
    )
    if existing is None:
        notification = DecisionNotification.objects.create(
            decision=decision, person_id=_pk(person), how=how, recorded_by=acting_user, **values
        )
    elif values["notified_on"] < existing.notified_on:
        for field, value in values.items():
            setattr(existing, field, value)
        existing.recorded_by = acting_user
        existing.recorded_at = timezone.now()
        existing.save(update_fields=[*values, "recorded_by", "recorded_at"])
        notification = existing
    else:
        notification = existing
    append_event(
        decision.case,
        EventKind.DECISION_NOTIFICATION_RECORDED,
        actor=acting_user,
        data={
            "decision_id": decision.pk,
            "person_id": _pk(person),
            "how": how,
            "on": on.isoformat(),
        },
        visible_to_client=False,
    )
    record(
        action=Action.CHANGE_CASE,
        user=acting_user,
        case_id=decision.case_id,
        channel=channel,
        detail={"decision": decision.pk, "notification": how},
    )
    return notification


@transaction.atomic
def do_submit_appeal(decision: Decision, text: str, *, person, channel=Channel.WEB) -> Appeal:
    if decision.status != DecisionStatus.DECIDED:
        raise ValidationError({"__all__": "Beslutet är inte fattat ännu."})
    if not text.strip():
        raise ValidationError({"text": "Skriv vad du vill ändra i beslutet och varför."})
    existing = Appeal.objects.filter(decision=decision, person=person, text=text.strip()).first()
    if existing:
        return existing  # a double click sends one appeal
    appeal = Appeal.objects.create(
        decision=decision,
        case=decision.case,
        person=person,
        text=text.strip(),
        in_time=appeal_in_time(decision, person, timezone.localdate()),
    )
    append_event(
        decision.case,
        EventKind.APPEAL_RECEIVED,
        data={"appeal_id": appeal.pk, "decision_id": decision.pk},
    )
    record(
        action=Action.CHANGE_CASE,
        client_person_id=person.pk,
        case_id=decision.case_id,
        channel=channel,
    )
    return appeal


# --- messages ------------------------------------------------------------------------------


@transaction.atomic
def do_send_message(
    case: Case, text: str, *, person=None, user=None, channel=Channel.WEB
) -> Message:
    if not text.strip():
        raise ValidationError({"text": "Skriv ett meddelande."})
    if len(text) > 5000:
        raise ValidationError({"text": "Meddelandet är för långt. Skriv högst 5 000 tecken."})
    message = Message.objects.create(
        case=case, from_person=person, from_user=user, text=text.strip()
    )
    if user is not None:
        append_event(
            case, EventKind.MESSAGE_FROM_CASEWORKER, actor=user, data={"message_id": message.pk}
        )
    record(
        action=Action.CHANGE_CASE,
        user=user,
        client_person_id=person.pk if person else None,
        case_id=case.pk,
        channel=channel,
    )
    return message
