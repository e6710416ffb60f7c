"""Applying in the e-service with the Django test client: a renewal pre-filled from last month,
saved at every step, checked, submitted once; the co-applicant's confirmation; bad input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ekb.applications.choices import DraftStatus, Source
from ekb.applications.models import Application, ApplicationDraft
from ekb.decisions.models import CalculationSnapshot
from ekb.people.models import HouseholdMember, MemberRole
from tests import factories as f
from tests.personas import DECEMBER, draft_url, log_in, start_draft, walk_renewal


def test_a_renewal_is_pre_filled_from_last_month(as_karin, karin):
    draft = start_draft(as_karin)
    page = as_karin.get(draft_url(draft, "boende/")).content.decode()
    assert 'value="7 200"' in page and 'value="400"' in page
    assert "Förra månaden: 7\u00a0200\u00a0kr" in page
    incomes = as_karin.get(draft_url(draft, "inkomster/")).content.decode()
    assert 'value="3 000"' in incomes and "Elias" in incomes and "Karin" in incomes


def test_a_client_renews_changing_a_cost_and_adding_dental_care(as_karin, karin):
    status = as_karin.get("/e-tjanst/").content.decode()
    assert "Ansök för december 2026" in status

    draft = walk_renewal(as_karin, karin)
    check = as_karin.get(draft_url(draft, "kontrollera/")).content.decode()
    assert "Kontrollera dina svar" in check
    assert "Ändrad" in check and "förra månaden 7\u00a0200\u00a0kr" in check
    assert "Tandvård" in check and "Ny" in check and "Lagning av två tänder" in check
    assert check.count('class="row changed"') == 2  # the rent and the dental care, nothing else

    response = as_karin.post(draft_url(draft, "kontrollera/"))
    assert response["Location"] == draft_url(draft, "mottagen/")
    receipt = as_karin.get(response["Location"]).content.decode()
    assert "Ansökan mottagen" in receipt and karin.case.number in receipt

    application = Application.objects.get(case=karin.case, month=DECEMBER)
    lines = {
        (line.kind, line.type): (line.amount, line.source, line.value)
        for line in application.lines.all()
    }
    assert lines[("cost", "rent")][:2] == (Decimal("7500"), Source.CLIENT)
    assert lines[("cost", "electricity")][:2] == (Decimal("400"), Source.CLIENT)
    assert lines[("income", "salary")][:2] == (Decimal("3000"), Source.CLIENT)
    assert lines[("cost", "dental_care")] == (
        Decimal("2400"),
        Source.CLIENT,
        "Lagning av två tänder",
    )
    assert {c["type"] for c in application.document["changes"]} == {"rent", "dental_care"}
    assert CalculationSnapshot.objects.filter(application=application, is_preliminary=True).exists()
    # Anna reads the change the Swedish way on the application page ("7 200,00", not "7200.00").
    as_karin.force_login(karin.case.assigned_caseworker)
    staff_page = as_karin.get(f"/handlaggare/ansokningar/{application.pk}/").content.decode()
    assert "7\u00a0200,00 → 7\u00a0500,00 kr" in staff_page

    status = as_karin.get("/e-tjanst/").content.decode()
    assert "Mottagen" in status and "Du har skickat in din ansökan för december 2026" in status


def test_submitting_twice_creates_one_application(as_karin, karin):
    draft = walk_renewal(as_karin, karin)
    first = as_karin.post(draft_url(draft, "kontrollera/"))
    second = as_karin.post(draft_url(draft, "kontrollera/"))  # a double click, or back and resubmit
    assert first["Location"] == second["Location"] == draft_url(draft, "mottagen/")
    again = as_karin.post(draft_url(draft, "behov/"), {"dental_care": "9999"})  # an old tab
    assert again["Location"] == draft_url(draft, "mottagen/")
    assert Application.objects.filter(case=karin.case, month=DECEMBER).count() == 1
    assert as_karin.post("/e-tjanst/ansokan/", {"month": "2026-12"}).status_code == 302
    assert ApplicationDraft.objects.filter(month=DECEMBER).count() == 1


def test_a_session_time_out_mid_application_loses_nothing(client, karin):
    log_in(client, karin.applicant)
    draft = start_draft(client)
    client.post(
        draft_url(draft, "hushall/"), {"household_comment": "Elias bor hos mig varannan vecka."}
    )
    client.post(draft_url(draft, "boende/"), {"rent": "7650", "electricity": "455"})
    client.session.flush()  # the session times out
    client.cookies.clear()
    assert client.get(draft_url(draft, "inkomster/"))["Location"].endswith("/e-tjanst/logga-in/")

    log_in(client, karin.applicant)
    status = client.get("/e-tjanst/").content.decode()
    assert "Fortsätt med ansökan för december 2026" in status
    assert client.get(draft_url(draft))["Location"] == draft_url(
        draft, "inkomster/"
    )  # where she was
    housing = client.get(draft_url(draft, "boende/")).content.decode()
    assert 'value="7 650"' in housing and 'value="455"' in housing
    assert "varannan vecka" in client.get(draft_url(draft, "hushall/")).content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [("-100", "Beloppet kan inte vara negativt."), ("sjutusen", "Skriv beloppet som en siffra")],
)
def test_a_bad_amount_names_the_field_and_keeps_what_was_typed(as_karin, karin, typed, message):
    draft = start_draft(as_karin)
    response = as_karin.post(draft_url(draft, "boende/"), {"rent": typed, "electricity": "455"})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in page and '<a href="#rent">Hyra: ' + message in page
    assert f'value="{typed}"' in page and 'value="455"' in page
    assert 'id="rent-error"' in page and 'aria-invalid="true"' in page
    draft.refresh_from_db()
    assert {r["type"]: r["amount"] for r in draft.answers["costs"]} == {
        "rent": typed,
        "electricity": "455",
    }
    assert "boende" not in draft.answers.get("steps_done", [])
    check = as_karin.post(draft_url(draft, "kontrollera/"))
    assert check.status_code == 400 and "Hyra: " + message in check.content.decode()
    assert not Application.objects.filter(month=DECEMBER).exists()


def test_an_income_without_a_type_is_an_error_on_that_row(as_karin, karin):
    draft = start_draft(as_karin)
    me = f"p{karin.applicant.pk}"
    data = {
        "income-count": "1",
        "income-0-member": me,
        "income-0-type": "salary",
        "income-0-amount": "3000",
        "income-1-member": me,
        "income-1-type": "",
        "income-1-amount": "1250",
    }
    response = as_karin.post(draft_url(draft, "inkomster/"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#income-1-type">Inkomst 2: Välj vad det gäller.' in page
    assert 'value="1250"' in page


def test_a_need_beyond_the_norm_needs_a_description(as_karin, karin):
    draft = start_draft(as_karin)
    response = as_karin.post(draft_url(draft, "behov/"), {"winter_clothing": "900"})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#winter_clothing-description"' in page
    assert "Beskriv vad du behöver pengar till." in page


def test_adding_and_removing_an_income_works_without_javascript(as_karin, karin):
    draft = start_draft(as_karin)
    me = f"p{karin.applicant.pk}"
    data = {
        "income-count": "1",
        "income-0-member": me,
        "income-0-type": "salary",
        "income-0-amount": "3000",
        "income-1-member": f"p{karin.son.pk}",
        "income-1-type": "child_allowance",
        "income-1-amount": "1250",
        "action": "add",
    }
    response = as_karin.post(draft_url(draft, "inkomster/"), data)
    assert response["Location"] == draft_url(draft, "inkomster/") + "#income-new"
    page = as_karin.get(draft_url(draft, "inkomster/")).content.decode()
    assert 'name="income-2-type"' in page  # a new empty row
    removed = {**data, "income-count": "2", "income-0-remove": "1"}
    removed.pop("action")
    as_karin.post(draft_url(draft, "inkomster/"), removed)
    draft.refresh_from_db()
    assert [r["type"] for r in draft.answers["incomes"]] == ["child_allowance"]


def test_the_estimate_is_the_norm_engine_on_the_answers_marked_as_an_estimate(as_karin, karin):
    draft = walk_renewal(as_karin, karin)
    page = as_karin.get(draft_url(draft, "berakning/")).content.decode()
    assert "Det här är en uppskattning, inte ett beslut." in page
    from ekb.eservice.estimate import estimate_for

    draft.refresh_from_db()
    estimate = estimate_for(draft)
    assert estimate.calculation is not None and estimate.calculation.amount > 0
    amount = f"{estimate.calculation.amount:,.0f}".replace(",", "\u00a0")
    assert amount in page


@pytest.fixture
def couple(karin):
    partner = f.person(dt.date(1986, 2, 14), first_name="Omar", last_name="Lundqvist")
    HouseholdMember.objects.create(
        household=karin.case.household,
        person=partner,
        role=MemberRole.CO_APPLICANT,
        valid_from=dt.date(2025, 1, 1),
    )
    karin.partner = partner
    return karin


def test_a_co_applicant_confirms_with_their_own_login_before_it_is_sent(client, couple):
    log_in(client, couple.applicant)
    draft = walk_renewal(client, couple)
    check = client.get(draft_url(draft, "kontrollera/")).content.decode()
    assert "Omar behöver logga in med sin egen e-legitimation" in check
    response = client.post(draft_url(draft, "kontrollera/"))
    assert response.status_code == 200
    assert "Väntar på din medsökande" in response.content.decode()
    assert not Application.objects.filter(month=DECEMBER).exists()
    draft.refresh_from_db()
    assert draft.status == DraftStatus.AWAITING_CO_APPLICANT

    log_in(client, couple.partner)
    home = client.get("/e-tjanst/").content.decode()
    assert "Läs och bekräfta ansökan" in home
    assert client.get(draft_url(draft, "boende/"))["Location"] == draft_url(draft, "bekrafta/")
    confirm = client.get(draft_url(draft, "bekrafta/")).content.decode()
    assert (
        "Bekräfta ansökan" in confirm
        and "Tandvård" in confirm
        and "?fran=kontrollera" not in confirm
    )
    response = client.post(draft_url(draft, "bekrafta/"))
    assert response["Location"] == draft_url(draft, "mottagen/")
    application = Application.objects.get(month=DECEMBER)
    assert application.lines.filter(type="dental_care").exists()


def test_a_co_applicant_who_confirms_first_lets_the_applicant_send(client, couple):
    log_in(client, couple.applicant)
    draft = walk_renewal(client, couple)
    log_in(client, couple.partner)
    response = client.post(draft_url(draft, "bekrafta/"), follow=True)
    assert "Nu kan Karin skicka in den" in response.content.decode()
    log_in(client, couple.applicant)
    assert client.post(draft_url(draft, "kontrollera/"))["Location"] == draft_url(
        draft, "mottagen/"
    )


def test_another_household_cannot_open_a_draft(client, karin, org):
    stranger = f.case(org.norr).household.members.get().person
    log_in(client, karin.applicant)
    draft = start_draft(client)
    log_in(client, stranger)
    for step in ("", "boende/", "kontrollera/", "berakning/", "bekrafta/", "mottagen/"):
        assert client.get(draft_url(draft, step)).status_code == 404, step
    from ekb.audit.models import AccessLogEntry

    denied = AccessLogEntry.objects.filter(actor_person_id=stranger.pk, outcome="denied")
    assert denied.count() == 6


@pytest.mark.calendar
def test_a_person_without_a_case_makes_a_new_application_for_this_month(client, org):
    from django.utils import timezone

    from ekb.accounts.models import Unit

    person = f.person(dt.date(1990, 1, 5), first_name="Nils")
    f.household(org.muni, applicant=person)
    log_in(client, person)
    home = client.get("/e-tjanst/").content.decode()
    assert "Ansök om ekonomiskt bistånd" in home
    this_month = timezone.localdate().replace(day=1)
    offered = client.get("/e-tjanst/ansokan/").content.decode()
    assert f'value="{this_month:%Y-%m}" checked' in offered  # the need is now
    client.post("/e-tjanst/ansokan/", {"month": f"{this_month:%Y-%m}"})
    draft = ApplicationDraft.objects.get(person=person)
    assert draft.month == this_month
    assert draft.kind == "new"
    for step, data in [
        ("hushall/", {}),
        ("boende/", {"rent": "6100"}),
        ("inkomster/", {"income-count": "0"}),
        ("kostnader/", {}),
        ("behov/", {}),
    ]:
        assert client.post(draft_url(draft, step), data).status_code == 302
    missing = client.post(draft_url(draft, "situation/"), {"reason": ""})
    assert missing.status_code == 400 and 'href="#reason"' in missing.content.decode()
    client.post(
        draft_url(draft, "situation/"), {"reason": "Jag har blivit arbetslös.", "assets": ""}
    )
    response = client.post(draft_url(draft, "kontrollera/"))
    assert response["Location"] == draft_url(draft, "mottagen/")
    application = Application.objects.get(lines__type="rent", lines__amount=6100)
    assert application.kind == "new"
    assert application.case.unit in Unit.objects.filter(municipality=org.muni)
