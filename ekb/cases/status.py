"""The client's status page as a fold over the append-only case events (as NAV Digisos does).

Each event moves the case to a state a client understands; the fold keeps the latest state
and a timeline in plain Swedish. New event kinds can be added; unknown kinds are skipped, so an
old status page never breaks on a new event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ekb.cases.choices import EventKind

# What each event says to the client, and the state it leaves the case in.
STEPS = {
    EventKind.APPLICATION_RECEIVED: ("received", _("Vi har tagit emot din ansökan för {month}.")),
    EventKind.ASSIGNED: ("being_handled", _("Din ansökan handläggs.")),
    EventKind.BEING_HANDLED: ("being_handled", _("Din ansökan handläggs.")),
    EventKind.SUPPLEMENT_REQUESTED: (
        "supplement_requested",
        _("Vi behöver mer underlag från dig senast {due_date}."),
    ),
    EventKind.SUPPLEMENT_ANSWERED: ("being_handled", _("Vi har fått din komplettering.")),
    EventKind.DECISION_MADE: ("decision_made", _("Beslut är fattat. Du kan läsa beslutet.")),
    EventKind.PAYMENT_PLANNED: ("payment_planned", _("Pengarna betalas ut {pay_date}.")),
    EventKind.PAYMENT_PAID: ("payment_paid", _("Pengarna är utbetalda.")),
    EventKind.PAYMENT_STOPPED: (
        "payment_stopped",
        _("En utbetalning har stoppats. Kontakta din handläggare."),
    ),
    # Appeal events read "ditt överklagande" only to the party who appealed; the other party
    # (a co-applicant) reads about "överklagandet" (OTHER_PARTY below).
    EventKind.APPEAL_RECEIVED: ("appeal_received", _("Vi har tagit emot ditt överklagande.")),
    EventKind.APPEAL_RECONSIDERED: (
        "decision_made",
        _(
            "Vi har ändrat beslutet så som du begärde i ditt överklagande. Överklagandet har fallit."
        ),
    ),
    EventKind.APPEAL_DISMISSED: (
        "decision_made",
        _("Ditt överklagande kom in för sent och är avvisat. Du kan läsa beslutet."),
    ),
    EventKind.APPEAL_FORWARDED: (
        "appeal_forwarded",
        _("Ditt överklagande är skickat till förvaltningsrätten."),
    ),
    EventKind.MESSAGE_FROM_CASEWORKER: (
        None,
        _("Du har fått ett meddelande från din handläggare."),
    ),
    EventKind.CASE_CLOSED: ("closed", _("Ärendet är avslutat.")),
    EventKind.MEETING_BOOKED: (None, _("Du har fått en tid för ett möte {date}.")),
    EventKind.MEETING_CANCELLED: (
        None,
        _("Mötet {date} är inställt."),
    ),
    EventKind.MEETING_MOVE_REQUESTED: (
        None,
        _("Du bad att få flytta mötet {date}. Din handläggare hör av sig."),
    ),
    EventKind.APPLICATION_DELAYED: (None, ""),  # worded by DELAY_TEXTS
    EventKind.COMMUNICATION_SENT: (
        None,
        _("Vi vill att du svarar på ett brev innan vi beslutar. Svara senast {answer_by}."),
    ),
    EventKind.COMMUNICATION_ANSWERED: (None, _("Vi har fått ditt svar på vårt brev.")),
    EventKind.PLAN_SHARED: (
        None,
        _("Din handläggare har delat din plan med dig. Läs den och säg vad du tycker."),
    ),
    EventKind.PLAN_ESTABLISHED: (
        None,
        _("Din plan är fastställd. Den följs upp senast {follow_up_on}."),
    ),
}

# What an event says when its data lack a value its text needs (older events, the demo's):
# a whole sentence, never one cut off before the missing word ("… din ansökan för").
WITHOUT_DATA: dict[str, Any] = {
    EventKind.APPLICATION_RECEIVED: _("Vi har tagit emot din ansökan."),
    EventKind.SUPPLEMENT_REQUESTED: _("Vi behöver mer underlag från dig."),
    EventKind.PAYMENT_PLANNED: _("En utbetalning är planerad."),
    EventKind.MEETING_BOOKED: _("Du har fått en tid för ett möte."),
    EventKind.MEETING_CANCELLED: _("Ett möte är inställt."),
    EventKind.COMMUNICATION_SENT: _("Vi vill att du svarar på ett brev innan vi beslutar."),
    EventKind.PLAN_ESTABLISHED: _("Din plan är fastställd."),
}

# The delay notice (ekb.applications.due_dates), worded by its reason; an unknown reason reads
# as the unit being behind.
DELAY_TEXTS = {
    "waiting_for_supplement": _(
        "Beslutet om din ansökan för {month} dröjer, eftersom vi väntar på kompletteringen vi "
        "har bett dig om. Vi räknar med att fatta beslut senast {new_due_date}."
    ),
    "checking_information": _(
        "Beslutet om din ansökan för {month} dröjer, eftersom vi kontrollerar uppgifter som vi "
        "har fått från andra myndigheter. Vi räknar med att fatta beslut senast {new_due_date}."
    ),
    "unit_behind": _(
        "Beslutet om din ansökan för {month} dröjer, eftersom vi har många ansökningar att "
        "handlägga just nu. Vi räknar med att fatta beslut senast {new_due_date}."
    ),
}

# What the other party of the decision (not the one who appealed) reads about an appeal.
OTHER_PARTY = {
    EventKind.APPEAL_RECEIVED: _("Vi har tagit emot ett överklagande av beslutet."),
    EventKind.APPEAL_RECONSIDERED: _(
        "Vi har ändrat beslutet så som överklagandet begärde. Överklagandet har fallit."
    ),
    EventKind.APPEAL_DISMISSED: _(
        "Överklagandet av beslutet kom in för sent och är avvisat. Du kan läsa beslutet."
    ),
    EventKind.APPEAL_FORWARDED: _("Överklagandet av beslutet är skickat till förvaltningsrätten."),
}


STATE_LABELS = {
    "none": _("Ingen ansökan ännu"),
    "received": _("Mottagen"),
    "being_handled": _("Handläggs"),
    "supplement_requested": _("Komplettering begärd"),
    "decision_made": _("Beslut fattat"),
    "payment_planned": _("Utbetalning planerad"),
    "payment_sent": _("Skickad till banken"),
    "payment_paid": _("Utbetald"),
    "payment_stopped": _("Utbetalning stoppad"),
    "appeal_received": _("Överklagande mottaget"),
    "appeal_forwarded": _("Överklagande hos förvaltningsrätten"),
    "closed": _("Avslutat"),
}


@dataclass
class TimelineEntry:
    at: dt.datetime
    kind: str
    text: str


@dataclass
class Status:
    state: str = "none"
    timeline: list[TimelineEntry] = field(default_factory=list)

    @property
    def label(self):
        return STATE_LABELS[self.state]


def _readable(value):
    """Dates as people write them ("30 november 2026"), months as "december 2026"."""
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return date_format(dt.date.fromisoformat(value), "j F Y")
            if len(value) == 7:
                return date_format(dt.date.fromisoformat(f"{value}-01"), "F Y")
        except ValueError:
            return value
    return value


def _text(template, data: dict, kind: str = "") -> str:
    values = {k: _readable(v) for k, v in data.items() if isinstance(v, str | int)}
    try:
        return str(template).format(**values)
    except (KeyError, IndexError):
        if kind in WITHOUT_DATA:
            return str(WITHOUT_DATA[kind])
        return str(template).split("{")[0].strip()


def _kronor(amount: Decimal) -> str:
    """12030.5 -> "12 030,50 kr" with no-break spaces, as the e-service writes amounts."""
    whole = amount == amount.to_integral_value()
    text = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    return text.replace(",", "\u00a0").replace(".", ",") + "\u00a0kr"


def _pay_day_text(pay_date: str, total: Decimal) -> str:
    return _("Pengarna betalas ut %(day)s: %(amount)s.") % {
        "day": _readable(pay_date),
        "amount": _kronor(total),
    }


def _template(event, viewer_person_id: int | None):
    """The event's text for this reader: an appeal's own words only to the one who appealed
    (events record the appellant as ``person_id``; an older event without it reads neutrally)."""
    template = STEPS[event.kind][1]
    if event.kind in OTHER_PARTY:
        appellant = (event.data or {}).get("person_id")
        if appellant is None or appellant != viewer_person_id:
            return OTHER_PARTY[event.kind]
    return template


def fold(events, *, viewer_person_id: int | None = None) -> Status:
    """Fold events (oldest first) into the client's view of ``viewer_person_id`` (the person
    reading: an appeal reads as theirs only if they made it). Only client-visible events count.
    The payments planned for one pay day are one line with their total (a decision plans one
    payment per purpose, and the client asked "when do I get my money", not per line)."""
    status = Status()
    pay_days: dict[str, tuple[TimelineEntry, Decimal]] = {}
    for event in events:
        if not getattr(event, "visible_to_client", True) or event.kind not in STEPS:
            continue
        state = STEPS[event.kind][0]
        template = _template(event, viewer_person_id)
        if state is not None:
            status.state = state
        data = event.data or {}
        if event.kind == EventKind.PAYMENT_PLANNED and data.get("pay_date"):
            try:
                amount = Decimal(str(data.get("amount")))
            except (InvalidOperation, ValueError):
                amount = None
            if amount is not None and amount.is_finite():
                moved_from = str(data.get("moved_from") or "")
                if moved_from in pay_days:  # an urgent payment: no longer paid on the old day
                    old_entry, old_total = pay_days[moved_from]
                    old_total -= amount
                    if old_total > 0:
                        old_entry.text = _pay_day_text(moved_from, old_total)
                        pay_days[moved_from] = (old_entry, old_total)
                    else:
                        status.timeline.remove(old_entry)
                        del pay_days[moved_from]
                day = str(data["pay_date"])
                entry, total = pay_days.get(day, (None, Decimal(0)))
                total += amount
                if entry is None:
                    entry = TimelineEntry(event.occurred_at, event.kind, "")
                    status.timeline.append(entry)
                entry.text = _pay_day_text(day, total)
                pay_days[day] = (entry, total)
                continue
        if event.kind == EventKind.APPLICATION_DELAYED:
            template = DELAY_TEXTS.get(str(data.get("reason")), DELAY_TEXTS["unit_behind"])
        status.timeline.append(
            TimelineEntry(event.occurred_at, event.kind, _text(template, data, event.kind))
        )
    return status


def with_payments_sent(status: Status, payments) -> Status:
    """The headline follows the payments: when every payment of the next pay day still to come
    is in a bank file already, "Utbetalning planerad" reads "Skickad till banken", as the list
    of payments beside it does. ``payments`` are the case's (``pay_date``, ``status``,
    ``sent_at``); the events record no file, so the payments are the source."""
    if status.state != "payment_planned":
        return status
    planned = [p for p in payments if p.status == "planned"]
    if not planned:
        return status
    next_day = min(p.pay_date for p in planned)
    if all(p.sent_at is not None for p in planned if p.pay_date == next_day):
        status.state = "payment_sent"
    return status


def status_for_case(case, *, viewer_person_id: int | None = None) -> Status:
    return fold(
        case.events.filter(visible_to_client=True).order_by("occurred_at", "id"),
        viewer_person_id=viewer_person_id,
    )
