"""Money in the meeting: the prepared calculation, the amounts confirmed with the client, and
the oral decision (issue 12; Malmö's förstärkta arbetssätt, seed 003).

    prepared ──► amounts confirmed ──► oral decision ──► letter
    (standard     (the month's own       (the decide path   └──► payments
     calculation)  application, or one    of any decision)
                   registered now)

Before the meeting EKB calculates the month to decide from what it knows
(ekb.decisions.standard_calculation). In the meeting the caseworker goes through each amount
with the client, changes what has changed and adds what came up (medicine, a doctor's visit).
The amounts then become the month's application: the client's own if she applied, otherwise an
application registered as received at the meeting (an oral application is an application,
ekb.applications.registered). The oral decision is made on it by the one decide path
(ekb.flow.journey.decide_application: the delegation order, four eyes, reasons from the phrase
library, every open warning answered, the letter and the payments after commit), marked as
made orally and kept with the meeting (Decision.meeting)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ekb.applications.actions import (
    LineData,
    application_for_month,
    confirmed_in_meeting,
    do_add_line,
    do_confirm_in_meeting,
    do_override_line,
)
from ekb.applications.choices import ApplicationStatus, LineKind, Source, SubmittedVia
from ekb.applications.cost_types import COSTS, OTHER_NEEDS, Group
from ekb.applications.models import Application
from ekb.applications.register_benefits import fetched_by_design
from ekb.applications.registered import registration_months
from ekb.audit.models import Action, Channel
from ekb.cases.access import access_via_case
from ekb.decisions.calculation import effective_lines, latest_calculation
from ekb.decisions.choices import DecisionStatus, Outcome
from ekb.decisions.models import CalculationSnapshot, Decision
from ekb.decisions.standard_calculation import (
    REGISTER,
    do_prepare_standard_calculation,
    latest_standard_calculation,
)
from ekb.flow import journey
from ekb.flow.failures import describe
from ekb.flow.models import Step
from ekb.meetings.choices import MeetingStatus
from ekb.meetings.models import Meeting
from ekb.norm.vocabulary import INCOME_TYPES

logger = logging.getLogger(__name__)

# A meeting that did not take place gives no oral decision.
NOT_HELD = (MeetingStatus.CANCELLED, MeetingStatus.MISSED)

# The costs that come up in a meeting and are added there: the monthly and one-off costs the
# client can apply for, not the home (it is on every month's application) and not a need beyond
# the norm (livsföring i övrigt needs the client's description and an individual assessment,
# made on the application page).
ADDABLE_COSTS: tuple[str, ...] = tuple(
    code
    for code, cost in COSTS.items()
    if cost.group in (Group.MONTHLY, Group.NEED) and code not in OTHER_NEEDS
)

# How many unforeseen costs the page offers at once (empty rows are no rows).
ADDED_ROWS = 2
# How many new incomes (a job the client started) the page offers at once.
ADDED_INCOME_ROWS = 2


def addable_incomes() -> tuple[str, ...]:
    """The incomes a client can tell about in a meeting: every income of the norm except the
    benefits the register reports by design (barnbidrag, underhållsstöd, bostadsbidrag), which
    the calculation takes from the register, so they are never counted twice."""
    by_design = fetched_by_design()
    return tuple(code for code in INCOME_TYPES if code not in by_design)


def access_meeting(user, meeting_id, *, channel=Channel.WEB) -> Meeting:
    """The meeting, when its case is the user's to see; 404 alike otherwise (logged)."""
    return access_via_case(
        user, Meeting, meeting_id, action=Action.OPEN_CASE, channel=channel, related=("case__unit",)
    )


# --- the month and what is known of it -------------------------------------------------------


def _handled(application: Application | None) -> bool:
    """The month has a decision, or a proposal waiting for a decider."""
    if application is None:
        return False
    if application.status == ApplicationStatus.DECIDED:
        return True
    return application.decisions.exclude(
        status__in=(DecisionStatus.DRAFT, DecisionStatus.SENT_BACK)
    ).exists()


def meeting_day(meeting: Meeting) -> dt.date:
    """The meeting's own day, in Swedish time (a meeting at 00:30 on 1 December is December's)."""
    return timezone.localtime(meeting.starts_at).date()


def first_open_month(case, day: dt.date) -> dt.date | None:
    """The earliest of the months open on ``day`` (that month and the next, as for a client's
    application, ekb.applications.drafts.month_choices, and a registered one,
    registration_months) that has no decision yet. None when both are handled."""
    for month in registration_months(day):
        if not _handled(application_for_month(case, month)):
            return month
    return None


def month_to_decide(meeting: Meeting) -> dt.date | None:
    """The month the meeting prepares and decides, from the meeting's date, never from the day
    the page is opened: a meeting on 30 November for December's money stays December's on
    1 December, also after December is decided in it.

    - A month already worked on in this meeting (its amounts confirmed with the client, or an
      oral decision given) is the meeting's month.
    - Otherwise the earliest month open on the meeting's day without a decision: the meeting's
      own month while it is not decided (a client is not sent past a month she has not had
      decided, as the e-service suggests it), else the month after. In the monthly rhythm this
      is the month after the meeting once the meeting's month is decided (a meeting in the last
      week of November prepares December; one on 30 December prepares January, with January's
      norm); a meeting on 1 December for a December not yet decided decides December.
    None when both months are decided."""
    case = meeting.case
    months = registration_months(meeting_day(meeting))
    for decision in oral_decisions(meeting):
        if decision.application is not None:
            return decision.application.month
    for month in months:
        application = application_for_month(case, month)
        if application is not None and confirmed_in_meeting(application, meeting.pk):
            return month
    return first_open_month(case, meeting_day(meeting))


@dataclass
class MoneyRow:
    """One amount of the prepared calculation, as the caseworker goes through it."""

    key: str
    kind: str
    type: str
    member: str  # the person's first name, or ""
    amount: Decimal
    editable: bool  # a register benefit is the register's to say, not confirmed here
    note: str = ""


@dataclass
class MeetingMoney:
    meeting: Meeting
    month: dt.date | None
    application: Application | None  # the month's application, when there is one
    snapshot: CalculationSnapshot | None  # the application's calculation, else the standard one
    standard: bool  # the snapshot is the standard calculation (no application yet)
    rows: list[MoneyRow]
    register_not_counted: list[MoneyRow]
    confirmed: bool  # the amounts were gone through in this meeting
    from_month: str | None = None  # the decided month the standard calculation starts from
    decisions: list[Decision] = field(default_factory=list)  # given in this meeting
    # The household of the month (person id, first name): whom a new income can be tied to.
    members: list[tuple[int, str]] = field(default_factory=list)
    # Carried rows of a member who has left the household: not counted, shown.
    dropped: list[MoneyRow] = field(default_factory=list)


def _names(case) -> dict[int, str]:
    """Everyone who has been in the household: a row may be of a member who has left."""
    from ekb.people.models import HouseholdMember

    members = HouseholdMember.objects.filter(household=case.household).select_related("person")
    return {m.person_id: m.person.first_name for m in members}


def _rows_of_application(application: Application, names) -> list[MoneyRow]:
    return [
        MoneyRow(
            key=f"l{line.pk}",
            kind=line.kind,
            type=line.type,
            member=names.get(line.member_id, "") if line.member_id else "",
            amount=line.amount,
            editable=line.source != Source.REGISTER,
            note=line.override_reason,
        )
        for line in effective_lines(application).order_by("kind", "type", "id")
        if line.kind in (LineKind.INCOME, LineKind.COST) and line.amount is not None
    ]


def _rows_of_standard(rows: list[dict], names) -> list[MoneyRow]:
    return [
        MoneyRow(
            key=row["key"],
            kind=row["kind"],
            type=row["type"],
            member=names.get(row["member"], "") if row["member"] else "",
            amount=Decimal(row["amount"]),
            editable=row["source"] != REGISTER,
        )
        for row in rows
    ]


def oral_decisions(meeting: Meeting) -> list[Decision]:
    return list(
        Decision.objects.filter(meeting=meeting)
        .exclude(status=DecisionStatus.DRAFT)
        .select_related("application")
        .order_by("id")
    )


def meeting_money(meeting: Meeting) -> MeetingMoney:
    """Everything the meeting's money page shows, read for a meeting already opened through
    ``access_meeting``."""
    case = meeting.case
    names = _names(case)
    month = month_to_decide(meeting)
    decisions = oral_decisions(meeting)
    if month is None:
        return MeetingMoney(meeting, None, None, None, False, [], [], False, decisions=decisions)
    members = _members_of(case, month)
    application = application_for_month(case, month)
    if application is not None:
        return MeetingMoney(
            meeting,
            month,
            application,
            latest_calculation(application),
            False,
            _rows_of_application(application, names),
            [],
            confirmed_in_meeting(application, meeting.pk),
            decisions=decisions,
            members=members,
        )
    snapshot = latest_standard_calculation(case, month)
    standard = (snapshot.result or {}).get("standard", {}) if snapshot else {}
    return MeetingMoney(
        meeting,
        month,
        None,
        snapshot,
        True,
        _rows_of_standard(standard.get("rows", []), names),
        _rows_of_standard(standard.get("register_not_counted", []), names),
        False,
        from_month=standard.get("from_month"),
        decisions=decisions,
        members=members,
        dropped=_rows_of_standard(standard.get("dropped", []), names),
    )


def _members_of(case, month: dt.date) -> list[tuple[int, str]]:
    from ekb.decisions.calculation import household_members

    return [(m.person_id, m.person.first_name) for m in household_members(case, month)]


# --- before the meeting -----------------------------------------------------------------------


def _check_meeting(meeting: Meeting) -> None:
    if meeting.status in NOT_HELD:
        raise ValidationError(
            {"__all__": [_("Mötet blev inte av. Ett muntligt beslut ges bara vid ett möte.")]}
        )
    if meeting.case.closed_on is not None:
        raise ValidationError({"__all__": [_("Ärendet är avslutat.")]})


def _check_meeting_today(meeting: Meeting) -> None:
    """An oral decision is given in a meeting that is taking place: on the meeting's own day,
    not in a meeting booked for later or held before (then it is a decision like any other)."""
    _check_meeting(meeting)
    if meeting_day(meeting) != timezone.localdate():
        raise ValidationError(
            {"__all__": [_("Mötet är inte i dag. Ett muntligt beslut ges bara på mötets dag.")]}
        )


def prepare_for_meeting(
    meeting: Meeting, *, acting_user=None, channel=Channel.WEB
) -> CalculationSnapshot:
    """The standard calculation of the month the meeting decides. A month whose norm amounts
    are not loaded is refused with the reason in words (as the robot's calculation says it)."""
    _check_meeting(meeting)
    month = month_to_decide(meeting)
    if month is None:
        raise ValidationError({"__all__": [_("Det finns ingen månad kvar att besluta om.")]})
    try:
        with transaction.atomic():
            return do_prepare_standard_calculation(
                meeting.case, month, acting_user=acting_user, channel=channel
            )
    except ValidationError:
        raise
    except Exception as exc:  # the norm engine's refusals (a year not loaded, a household)
        code, reason, _detail = describe(Step.PREPARE, exc)
        if code == "error":
            raise
        raise ValidationError({"__all__": [reason]}) from None


def prepare_for_meetings_on(day: dt.date) -> int:
    """The daily job: a standard calculation for each meeting booked on ``day`` whose month has
    no application and no standard calculation yet. Returns how many were made; a month that
    cannot be calculated yet is left for the caseworker's button, which says why."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(day, dt.time.max))
    made = 0
    booked = Meeting.objects.filter(
        status=MeetingStatus.BOOKED, starts_at__range=(start, end), case__closed_on__isnull=True
    ).select_related("case")
    for meeting in booked:
        try:
            with transaction.atomic():  # one meeting's failure undoes only its own writes
                made += _prepare_before(meeting)
        except Exception:  # noqa: BLE001 - one case must not stop the morning; the button remains
            logger.exception("standard calculation for case %s failed", meeting.case_id)
    return made


def _prepare_before(meeting: Meeting) -> int:
    month = month_to_decide(meeting)
    if month is None or application_for_month(meeting.case, month) is not None:
        return 0
    if latest_standard_calculation(meeting.case, month) is not None:
        return 0
    try:
        prepare_for_meeting(meeting, channel=Channel.SYSTEM)
    except ValidationError:
        return 0
    return 1


# --- in the meeting: the amounts --------------------------------------------------------------


@dataclass
class AddedCost:
    line_type: str
    amount: Decimal | None
    note: str


@dataclass
class AddedIncome:
    """An income the client told about in the meeting (a job she started), and whose it is."""

    line_type: str
    member_id: int | None
    amount: Decimal | None
    note: str

    def empty(self) -> bool:
        return not (self.line_type or self.amount is not None or self.note.strip())


def _income_problems(money: MeetingMoney, incomes: list[AddedIncome]) -> dict:
    errors: dict[str, list] = {}
    members = {pk for pk, _name in money.members}
    for i, income in enumerate(incomes):
        if income.empty():
            continue
        prefix = f"income-{i}-"
        if income.line_type not in addable_incomes():
            errors[prefix + "type"] = [_("Välj vilken inkomst det är.")]
        if income.member_id not in members:
            errors[prefix + "member"] = [_("Välj vem i hushållet som har inkomsten.")]
        if income.amount is None or income.amount <= 0:
            errors[prefix + "amount"] = [_("Skriv inkomstens belopp för månaden.")]
        if not income.note.strip():
            errors[prefix + "note"] = [
                _("Skriv vad inkomsten gäller och vad klienten visade (till exempel ett avtal).")
            ]
    return errors


def _amount_problems(money: MeetingMoney, amounts, confirmed, added, note) -> dict:
    errors: dict[str, list] = {}
    changed = False
    for row in money.rows:
        if not row.editable:
            continue
        amount = amounts.get(row.key)
        if amount is None:
            errors[f"amount-{row.key}"] = [_("Skriv beloppet (0 kr om det inte finns längre).")]
            continue
        if amount < 0:
            errors[f"amount-{row.key}"] = [_("Beloppet kan inte vara negativt.")]
            continue
        changed = changed or amount != row.amount
        if row.key not in confirmed:
            errors[f"confirm-{row.key}"] = [
                _(
                    "Gå igenom beloppet med klienten och bekräfta det (ändra det först om det inte stämmer)."
                )
            ]
    for i, cost in enumerate(added):
        if not (cost.line_type or cost.amount is not None or cost.note.strip()):
            continue
        prefix = f"added-{i}-"
        if cost.line_type not in ADDABLE_COSTS:
            errors[prefix + "type"] = [_("Välj vilken kostnad det är.")]
        if cost.amount is None or cost.amount <= 0:
            errors[prefix + "amount"] = [_("Skriv kostnadens belopp.")]
        if not cost.note.strip():
            errors[prefix + "note"] = [
                _("Skriv vad kostnaden gäller och vad klienten visade (till exempel ett kvitto).")
            ]
    if changed and not note.strip():
        errors["note"] = [_("Skriv varför beloppen ändrades: vad klienten berättade.")]
    return errors


@transaction.atomic
def confirm_amounts(
    meeting: Meeting,
    *,
    amounts: dict[str, Decimal | None],
    confirmed: set[str],
    added: list[AddedCost],
    incomes: list[AddedIncome] | None = None,
    note: str = "",
    acting_user,
    channel=Channel.WEB,
) -> Application:
    """The amounts gone through with the client become the month's application: changes and
    added costs on the client's own application (each with its reason), or an application
    registered as received at the meeting. The calculation is made again after commit.
    Refused with every problem at once (field -> message), storing nothing."""
    _check_meeting(meeting)
    money = meeting_money(meeting)
    if money.month is None:
        raise ValidationError({"__all__": [_("Det finns ingen månad kvar att besluta om.")]})
    if money.application is None and money.snapshot is None:
        raise ValidationError(
            {"__all__": [_("Förbered schablonberäkningen innan ni går igenom beloppen.")]}
        )
    incomes = list(incomes or [])
    errors = _amount_problems(money, amounts, confirmed, added, note) | _income_problems(
        money, incomes
    )
    if errors:
        raise ValidationError(errors)
    costs = [c for c in added if c.line_type and c.amount is not None]
    new_incomes = [i for i in incomes if not i.empty()]
    said = note.strip()
    if money.application is None:
        lines = [
            LineData(
                kind=row.kind,
                type=row.type,
                amount=amounts[row.key],
                member_id=_standard_member(money, row.key),
            )
            for row in money.rows
            if row.editable
        ]
        lines += [
            # Unforeseen: for this month only, not carried into the next (one_off).
            LineData(LineKind.COST, c.line_type, c.amount, value=c.note.strip(), one_off=True)
            for c in costs
        ]
        lines += [
            LineData(
                LineKind.INCOME, i.line_type, i.amount, i.member_id, value=i.note.strip()[:200]
            )
            for i in new_incomes
        ]
        application = journey.register_application(
            meeting.case,
            month=money.month,
            submitted_via=SubmittedVia.MEETING,
            # The oral application was made at the meeting (entered later, it keeps that day).
            received_on=min(meeting_day(meeting), timezone.localdate()),
            note=said,
            lines=lines,
            acting_user=acting_user,
            channel=channel,
        )
    else:
        application = money.application
        lines_by_key = {f"l{line.pk}": line for line in effective_lines(application)}
        for row in money.rows:
            if row.editable and amounts[row.key] != row.amount:
                do_override_line(
                    lines_by_key[row.key],
                    amounts[row.key],
                    _("Ändrat vid mötet med klienten: %(said)s") % {"said": said},
                    acting_user=acting_user,
                    channel=channel,
                )
        for cost in costs:
            do_add_line(
                application,
                kind=LineKind.COST,
                line_type=cost.line_type,
                amount=cost.amount,
                reason=cost.note,
                value=cost.note,
                one_off=True,
                acting_user=acting_user,
                channel=channel,
            )
        for income in new_incomes:
            do_add_line(
                application,
                kind=LineKind.INCOME,
                line_type=income.line_type,
                member_id=income.member_id,
                amount=income.amount,
                reason=income.note,
                value=income.note,
                acting_user=acting_user,
                channel=channel,
            )
        journey.make_due(Step.PREPARE, application, requested_by=acting_user, channel=channel)
    return do_confirm_in_meeting(
        application, meeting_id=meeting.pk, acting_user=acting_user, channel=channel
    )


def _standard_member(money: MeetingMoney, key: str) -> int | None:
    standard = (money.snapshot.result or {}).get("standard", {}) if money.snapshot else {}
    return next((row["member"] for row in standard.get("rows", []) if row["key"] == key), None)


# --- in the meeting: the oral decision ----------------------------------------------------------


def check_oral_decision(meeting: Meeting, application: Application) -> None:
    """What an oral decision needs before the decide path's own checks: a meeting that took
    place today, on this case, and amounts the client confirmed in it."""
    _check_meeting_today(meeting)
    if application.case_id != meeting.case_id:
        raise ValidationError({"__all__": [_("Ansökan hör inte till mötets ärende.")]})
    application.refresh_from_db(fields=["document"])  # confirmed a moment ago, maybe elsewhere
    if not confirmed_in_meeting(application, meeting.pk):
        raise ValidationError(
            {"__all__": [_("Gå igenom beloppen med klienten och bekräfta dem innan du beslutar.")]}
        )


@transaction.atomic
def record_oral_decision(
    meeting: Meeting, application: Application, lines, *, acting_user, **options
) -> Decision:
    """The oral decision given in the meeting, made by the decide path of every decision
    (ekb.flow.journey.decide_application): decided now, or a proposal for the decider under
    four eyes or above the caseworker's delegation; the letter and payments follow."""
    check_oral_decision(meeting, application)
    return journey.decide_application(
        application, lines, acting_user=acting_user, made_orally=True, meeting=meeting, **options
    )


# --- the journal draft ----------------------------------------------------------------------


PAYING = (Outcome.GRANTED, Outcome.PARTLY_GRANTED)

OUTCOME_WORDS = {
    Outcome.GRANTED: gettext_lazy("beviljas"),
    Outcome.PARTLY_GRANTED: gettext_lazy("beviljas delvis"),
    Outcome.REFUSED: gettext_lazy("avslås"),
    Outcome.DISMISSED: gettext_lazy("avvisas"),
}


def _kronor(amount: Decimal) -> str:
    from ekb.lib.money import format_amount

    return f"{format_amount(amount, space=chr(160))} kr"


def oral_decision_lines(meeting: Meeting) -> list[str]:
    """One sentence per line of each oral decision given in the meeting, for the meeting's
    journal draft (ekb.meetings.records.journal_draft): purpose, month, outcome and amount, and
    whether it waits for a decider."""
    from django.utils.formats import date_format

    from ekb.decisions.choices import Purpose

    sentences: list[str] = []
    for decision in oral_decisions(meeting):
        month = decision.application.month if decision.application else None
        when = date_format(month, "F Y") if month else ""
        for line in decision.lines.order_by("id"):
            words = {
                "purpose": str(Purpose(line.purpose).label),
                "month": when,
                "outcome": str(OUTCOME_WORDS.get(line.outcome, line.get_outcome_display())),
                "amount": _kronor(line.amount),
            }
            if line.outcome in PAYING:
                text = _("Muntligt beslut: %(purpose)s för %(month)s %(outcome)s med %(amount)s.")
            else:
                text = _("Muntligt beslut: %(purpose)s för %(month)s %(outcome)s.")
            sentences.append(text % words)
        if decision.status != DecisionStatus.DECIDED:
            sentences.append(
                _("Beslutet är ett förslag som väntar på beslutsfattarens godkännande.")
            )
    return sentences
