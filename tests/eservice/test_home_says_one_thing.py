"""The client's start page says one thing at a time: the headline follows the payments, the
timeline never stops mid-sentence, and a co-applicant asked to confirm is not told to apply."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ekb.applications.choices import ApplicationKind, DraftStatus
from ekb.applications.models import ApplicationDraft
from ekb.cases.choices import EventKind
from ekb.cases.models import CaseEvent
from ekb.payments.models import Payment
from tests import factories as f
from tests.personas import DECEMBER, log_in


def _headline(page: str) -> str:
    start = page.index('class="state-label"')
    return page[start : page.index("</p>", start)]


def test_the_headline_says_sent_to_the_bank_when_the_next_payments_are_in_a_bank_file(
    client, karin
):
    log_in(client, karin.applicant)
    assert "Utbetalning planerad" in _headline(client.get("/e-tjanst/").content.decode())

    Payment.objects.filter(case=karin.case, status="planned").update(sent_at=timezone.now())
    page = client.get("/e-tjanst/").content.decode()
    assert "Skickad till banken" in _headline(page)
    assert "Utbetalning planerad" not in _headline(page)


def test_a_received_event_without_its_month_reads_as_a_whole_sentence(client, karin):
    CaseEvent.objects.filter(case=karin.case, kind=EventKind.APPLICATION_RECEIVED).update(data={})
    log_in(client, karin.applicant)
    page = client.get("/e-tjanst/").content.decode()
    assert "Vi har tagit emot din ansökan." in page
    assert "din ansökan för <" not in page and "din ansökan för\n" not in page


def test_a_co_applicant_asked_to_confirm_is_not_told_she_has_no_case_and_may_apply(client, karin):
    partner = f.person(dt.date(1986, 2, 14), first_name="Omar", last_name="Berg")
    ApplicationDraft.objects.create(
        person=karin.applicant,
        case=karin.case,
        month=DECEMBER,
        kind=ApplicationKind.RENEWAL,
        co_applicant=partner,
        status=DraftStatus.AWAITING_CO_APPLICANT,
    )
    log_in(client, partner)
    page = client.get("/e-tjanst/").content.decode()
    assert "Läs och bekräfta ansökan" in page
    assert "Du behöver inte skriva en egen ansökan för december 2026" in page
    assert "Du har inget pågående ärende" not in page
    assert "Ansök om ekonomiskt bistånd" not in page


def test_the_summary_heads_the_clients_household_comment_with_what_it_is(client, karin):
    from tests.personas import walk_renewal

    log_in(client, karin.applicant)
    draft = walk_renewal(client, karin)
    client.post(
        f"/e-tjanst/ansokan/{draft.pk}/hushall/",
        {"household_comment": "Elias bor hos mig varannan vecka."},
    )
    check = client.get(f"/e-tjanst/ansokan/{draft.pk}/kontrollera/").content.decode()
    assert "Kommentar om hushållet" in check and "varannan vecka" in check
    assert "Det här stämmer inte" not in check
