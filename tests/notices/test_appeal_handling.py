"""An appeal as the caseworker handles it (förvaltningslagen 38–39 and 44–46 §§): the
rättidsprövning first, then a late appeal is dismissed by a decision with its own letter, or the
decision is reconsidered (omprövning, a new decision on the same application: changed fully as
asked, the appeal lapses; otherwise it goes on), and an appeal that stands is sent to
förvaltningsrätten as one PDF bundle.

Karin Lundqvist's November decision (tests/personas.py) was made on Friday 20 November 2026."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from pypdf import PdfReader

from ekb.applications.models import Attachment
from ekb.audit.models import AccessLogEntry
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import DecisionStatus, Outcome
from ekb.decisions.models import Decision
from ekb.decisions.proposal import propose_lines
from ekb.flow.appeals import dismiss_appeal, reconsider_appeal
from ekb.notices.appeals import (
    do_forward_appeal,
    do_record_timeliness,
    do_submit_appeal,
    forward_due_on,
    proposed_timeliness,
)
from ekb.notices.choices import AppealStatus, Timeliness
from ekb.notices.letters import _pdf
from ekb.notices.notification import do_mark_decision_seen
from ekb.payments.choices import PaymentStatus
from ekb.payments.models import Payment
from tests.personas import at_ten, letter_text

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def november(karin):
    return Decision.objects.filter(case=karin.case).latest("decided_at")


def opened(decision, karin, day, time_machine):
    time_machine.move_to(at_ten(day), tick=False)
    do_mark_decision_seen(decision, person=karin.applicant)


def appeal_on(decision, karin, day, time_machine, text="Jag behöver mer till hyran."):
    time_machine.move_to(at_ten(day), tick=False)
    return do_submit_appeal(decision, text, person=karin.applicant)


def test_anna_confirms_an_appeal_in_time_and_who_and_when_is_recorded(
    org, karin, november, time_machine
):
    opened(november, karin, D(2026, 11, 23), time_machine)
    appeal = appeal_on(november, karin, D(2026, 12, 1), time_machine)
    assert proposed_timeliness(appeal) == Timeliness.IN_TIME

    appeal = do_record_timeliness(appeal, Timeliness.IN_TIME, acting_user=org.anna)

    assert appeal.timeliness == Timeliness.IN_TIME
    assert appeal.timeliness_by == org.anna
    assert appeal.timeliness_at is not None
    assert karin.case.events.filter(kind="appeal_timeliness", visible_to_client=False).exists()
    # A second click with the same answer changes nothing; another answer is refused.
    assert do_record_timeliness(appeal, Timeliness.IN_TIME, acting_user=org.anna) == appeal
    with pytest.raises(ValidationError):
        do_record_timeliness(appeal, Timeliness.LATE, acting_user=org.anna)


# Opened Friday 4 December 2026: three weeks end on Friday 25 December (juldagen); Saturday
# 26th is annandag jul and the 27th a Sunday, so the last day is Monday 28 December.
@pytest.mark.calendar
@pytest.mark.parametrize(
    ("arrives", "proposed"),
    [(D(2026, 12, 28), Timeliness.IN_TIME), (D(2026, 12, 29), Timeliness.LATE)],
)
def test_a_deadline_on_christmas_day_moves_to_the_next_weekday_in_the_proposal(
    karin, november, time_machine, arrives, proposed
):
    opened(november, karin, D(2026, 12, 4), time_machine)

    appeal = appeal_on(november, karin, arrives, time_machine)

    assert proposed_timeliness(appeal) == proposed


@pytest.fixture
def late_appeal(org, karin, november, time_machine):
    opened(november, karin, D(2026, 11, 23), time_machine)
    appeal = appeal_on(november, karin, D(2027, 1, 11), time_machine)
    return do_record_timeliness(appeal, Timeliness.LATE, acting_user=org.anna)


def test_a_late_appeal_is_dismissed_by_a_decision_whose_letter_has_appeal_instructions(
    org, karin, late_appeal
):
    appeal = dismiss_appeal(late_appeal, acting_user=org.anna)

    assert appeal.status == AppealStatus.DISMISSED
    dismissal = appeal.dismissal
    assert dismissal.status == DecisionStatus.DECIDED
    assert [line.outcome for line in dismissal.lines.all()] == [Outcome.DISMISSED]
    assert "45 § förvaltningslagen (2017:900)" in dismissal.legal_references
    assert hasattr(dismissal, "letter")  # stored after commit, like any decision's letter
    text = letter_text(dismissal)
    assert "Beslut om avvisning av överklagande" in text
    assert "Sista dagen var den 14 december 2026" in text
    assert "Vi fick ditt överklagande den 11 januari 2027" in text
    assert "Du kan överklaga beslutet" in text  # the dismissal has its own appeal instructions
    assert not Payment.objects.filter(decision_line__decision=dismissal).exists()
    assert karin.case.events.filter(kind="appeal_dismissed").exists()


def test_an_appeal_in_time_is_not_dismissed_and_a_late_one_is_not_reconsidered(
    org, karin, november, late_appeal
):
    with pytest.raises(ValidationError):
        reconsider_appeal(late_appeal, [], fully_as_asked=True, acting_user=org.anna)
    in_time = do_submit_appeal(november, "Fel belopp.", person=karin.applicant)
    with pytest.raises(ValidationError) as error:
        dismiss_appeal(in_time, acting_user=org.anna)
    assert "Gör rättidsprövningen först" in " ".join(error.value.messages)


@pytest.fixture
def in_time_appeal(org, karin, november, time_machine):
    opened(november, karin, D(2026, 11, 23), time_machine)
    appeal = appeal_on(november, karin, D(2026, 12, 1), time_machine)
    return do_record_timeliness(appeal, Timeliness.IN_TIME, acting_user=org.anna)


def more(november, extra: str):
    """The November decision's lines with the livelihood line raised by ``extra`` kronor."""
    application = november.application
    proposal = propose_lines(application, latest_calculation(application))
    for line in proposal:
        if line.purpose == "livelihood":
            line.amount += Decimal(extra)
            line.outcome = Outcome.GRANTED
            line.reasons = (
                "Vid omprövningen har vi godtagit hyran som Karin visade i sitt överklagande; "
                f"vi beviljar {line.amount:.0f} kr."
            )
    return proposal


def test_changed_fully_as_asked_the_appeal_lapses_and_the_month_is_paid_once(
    org, karin, november, in_time_appeal
):
    paid_before = sum(p.amount for p in Payment.objects.filter(decision_line__decision=november))

    decision = reconsider_appeal(
        in_time_appeal, more(november, "500"), fully_as_asked=True, acting_user=org.anna
    )

    in_time_appeal.refresh_from_db()
    assert decision.reconsiders == november
    assert decision.application == november.application
    assert decision.status == DecisionStatus.DECIDED
    assert in_time_appeal.reconsideration == decision
    assert in_time_appeal.status == AppealStatus.RECONSIDERED
    # The old decision's planned payments are stopped and the new one pays the whole new amount
    # once: the money for November is the new decision's, not both.
    live = Payment.objects.filter(case=karin.case).exclude(status=PaymentStatus.STOPPED)
    november_money = sum(
        p.amount for p in live if p.decision_line.decision_id in (november.pk, decision.pk)
    )
    assert november_money == paid_before + Decimal("500")
    assert "Vi har ändrat ett tidigare beslut" in letter_text(decision)
    assert karin.case.events.filter(kind="appeal_reconsidered").exists()


def test_changed_partly_the_appeal_goes_on_to_the_court(org, karin, november, in_time_appeal):
    decision = reconsider_appeal(
        in_time_appeal, more(november, "200"), fully_as_asked=False, acting_user=org.anna
    )

    in_time_appeal.refresh_from_db()
    assert in_time_appeal.reconsideration == decision
    assert in_time_appeal.reconsidered_fully is False
    assert in_time_appeal.status == AppealStatus.RECEIVED  # still to go to the court
    with pytest.raises(ValidationError):  # one omprövning per appeal
        reconsider_appeal(
            in_time_appeal, more(november, "300"), fully_as_asked=True, acting_user=org.anna
        )


def test_forwarding_asks_for_the_municipalitys_opinion(org, in_time_appeal):
    with pytest.raises(ValidationError) as error:
        do_forward_appeal(in_time_appeal, "  ", acting_user=org.anna)

    assert "yttrande" in " ".join(error.value.messages)
    in_time_appeal.refresh_from_db()
    assert in_time_appeal.status == AppealStatus.RECEIVED


def test_the_appeal_is_due_at_the_court_a_week_after_it_arrived(in_time_appeal):
    assert forward_due_on(in_time_appeal) == D(2026, 12, 8)


def _attachment(case, name, content_type, content) -> Attachment:
    attachment = Attachment(
        case=case, name=name, content_type=content_type, size=len(content), sha256="x" * 64
    )
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return attachment


@pytest.mark.usefixtures("real_letters")
def test_the_court_bundle_has_the_opinion_letter_calculation_appeal_and_attachments(
    org, karin, november, time_machine
):
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(png, format="PNG")
    lease = _attachment(
        karin.case,
        "hyresavtal.pdf",
        "application/pdf",
        _pdf('<html lang="sv"><p>Hyresavtal Storgatan 1</p></html>'),
    )
    photo = _attachment(karin.case, "kvitto.png", "image/png", png.getvalue())
    opened(november, karin, D(2026, 11, 23), time_machine)
    time_machine.move_to(at_ten(D(2026, 12, 1)), tick=False)
    appeal = do_submit_appeal(
        november,
        "Hyran är 7 500 kr, inte 7 200 kr.",
        person=karin.applicant,
        attachments=[lease, photo],
    )
    appeal = do_record_timeliness(appeal, Timeliness.IN_TIME, acting_user=org.anna)

    appeal = do_forward_appeal(
        appeal,
        "Kommunen vidhåller beslutet.\n\nHyran enligt avtalet är 7 200 kr.",
        acting_user=org.anna,
    )

    assert appeal.status == AppealStatus.FORWARDED
    bundle = appeal.court_bundle
    reader = PdfReader(io.BytesIO(bytes(bundle.pdf)))
    assert bundle.page_count == len(reader.pages)
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert "Till förvaltningsrätten" in pages[0]
    assert "Kommunen vidhåller beslutet." in pages[0]
    assert "Överklagandet kom in i rätt tid" in pages[0]
    whole = " ".join(pages)
    assert "Beslut om ekonomiskt bistånd" in whole  # the appealed decision's letter
    assert "Beräkningen som beslutet bygger på" in whole
    assert "Hyran är 7 500 kr, inte 7 200 kr." in whole
    assert "Hyresavtal Storgatan 1" in whole
    assert "Bifogad fil: kvitto.png" in whole
    # The court must identify the parties: the full personnummer on the cover.
    assert karin.applicant.formatted_identity_number in pages[0]
    assert "XXXX" not in pages[0]
    # One page number across the whole bundle, and the cover says where each part begins.
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"sida {number} av {total}" in text
    letter_first = next(n for n, t in enumerate(pages, 1) if "Beslut om ekonomiskt bistånd" in t)
    appeal_first = next(
        n for n, t in enumerate(pages, 1) if t.startswith("Testby") and "Från Karin" in t
    )
    assert (
        f"Det överklagade beslutet (beslutsbrevet), sidorna {letter_first}–{appeal_first - 2}"
        in pages[0]
    )  # the letter, then one page of calculation before the appeal
    assert f"Överklagandet, sida {appeal_first}" in pages[0]
    lease_page = next(n for n, t in enumerate(pages, 1) if "Hyresavtal Storgatan 1" in t)
    assert f"Bifogad fil: hyresavtal.pdf, sida {lease_page}" in pages[0]
    assert "Sida 1 av 1" not in whole  # no part is paged on its own but the letters as sent
    assert karin.case.events.filter(kind="appeal_forwarded").exists()
    assert AccessLogEntry.objects.filter(case_id=karin.case.pk, actor_user_id=org.anna.pk).exists()


def test_the_co_applicant_reads_about_the_appeal_neutrally(kemal_and_tove, org):
    from ekb.applications.choices import ApplicationKind
    from ekb.cases.status import status_for_case
    from ekb.flow import journey
    from tests.personas import NOVEMBER, grant_everything, lines

    couple = kemal_and_tove
    application = journey.receive_application(
        couple.case, NOVEMBER, ApplicationKind.NEW, lines(), client_person_id=couple.kemal.pk
    )
    decision = grant_everything(application, org.anna)
    do_submit_appeal(decision, "Fel belopp.", person=couple.kemal)

    own = status_for_case(couple.case, viewer_person_id=couple.kemal.pk)
    other = status_for_case(couple.case, viewer_person_id=couple.tove.pk)

    assert own.timeline[-1].text == "Vi har tagit emot ditt överklagande."
    assert other.timeline[-1].text == "Vi har tagit emot ett överklagande av beslutet."


def test_after_the_old_decision_was_paid_the_omprovning_pays_only_the_difference(
    org, karin, november, in_time_appeal
):
    Payment.objects.filter(decision_line__decision=november).update(status=PaymentStatus.PAID)

    decision = reconsider_appeal(
        in_time_appeal, more(november, "500"), fully_as_asked=True, acting_user=org.anna
    )

    new = Payment.objects.filter(decision_line__decision=decision)
    assert [(p.decision_line.purpose, p.amount) for p in new] == [("livelihood", Decimal("500"))]


def test_an_omprovning_sent_back_by_the_decider_can_be_made_again_and_then_goes_to_the_court(
    org, karin, november, in_time_appeal
):
    from ekb.decisions.four_eyes import do_send_back_decision
    from ekb.decisions.models import MunicipalityPolicy
    from ekb.flow.journey import approve_decision
    from ekb.notices.appeal_reads import appeal_overview

    MunicipalityPolicy.objects.update_or_create(municipality=org.muni, defaults={"four_eyes": True})
    first = reconsider_appeal(
        in_time_appeal, more(november, "200"), fully_as_asked=False, acting_user=org.anna
    )
    do_send_back_decision(first, comment="Skälen saknar hyresavtalet.", acting_user=org.cecilia)
    in_time_appeal.refresh_from_db()
    assert appeal_overview(in_time_appeal).step == "reconsider"

    again = reconsider_appeal(
        in_time_appeal, more(november, "200"), fully_as_asked=False, acting_user=org.anna
    )
    approve_decision(again, acting_user=org.cecilia)
    in_time_appeal.refresh_from_db()
    assert in_time_appeal.reconsideration == again
    do_forward_appeal(in_time_appeal, "Kommunen vidhåller beslutet i övrigt.", acting_user=org.anna)
    in_time_appeal.refresh_from_db()
    assert in_time_appeal.status == AppealStatus.FORWARDED
