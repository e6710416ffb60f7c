"""Issue 9, decisions and letters: reasons that are true and built from the calculation, the act
in force on the day the decision is made, the delegation point that covers the decision, the
föredragande, automated decisions citing the municipality's decision, the children's best
interests, and no internal ids in what a person reads. Through the case flow (ekb.flow.journey),
with Karin Lundqvist and her son Elias (tests/personas.py).

Karin's December calculation (riksnorm 2026, SoF 2025:468 12 kap. 2 §; costs as applied for):
    personal costs, single adult          3 940
    personal costs, child 7–10 (Elias)    3 820
    common household costs, 2 persons     1 410
    norm                                  9 170  = 3 940 + 3 820 + 1 410
    rent 7 200 + electricity 400          7 600  (SoL 2025:400 12 kap. 7 §)
    need                                 16 770  = 9 170 + 7 600
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ekb.applications.choices import ApplicationKind
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import DecisionStatus, Outcome, Purpose
from ekb.decisions.delegation import load_delegation_order
from ekb.decisions.lines import LineInput
from ekb.decisions.models import MunicipalityPolicy
from ekb.decisions.phrases import phrase
from ekb.decisions.proposal import propose_lines
from ekb.flow import journey
from ekb.integrations.registers import override_register_client
from ekb.people.models import HouseholdMember, MemberRole
from tests import factories as f
from tests.factories import PASSWORD
from tests.personas import (
    DECEMBER,
    acknowledging,
    letter_text,
    lines,
    proposal_form,
    quiet_register,
)

NORM = Decimal("9170")  # 3 940 + 3 820 + 1 410 (riksnorm 2026)
NEED = Decimal("16770")  # NORM + rent 7 200 + electricity 400
CONSIDERED = "Elias bor kvar hemma och hyran är betald, så hans boende och vardag påverkas inte."


def renewal_with_salary(karin, salary: str):
    application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary=salary),
        client_person_id=karin.applicant.pk,
    )
    return application, latest_calculation(application)


def by_purpose(proposed):
    return {line.purpose: line for line in proposed}


# -- reasons built from the calculation (förvaltningslagen 32 §) --------------------------------


def test_karins_livelihood_reason_gives_her_income_and_need_and_says_costs_are_on_their_own_lines(
    renewal, org
):
    snapshot = latest_calculation(renewal.application)
    assert (snapshot.norm, snapshot.norm + snapshot.reasonable_costs) == (NORM, NEED)
    livelihood = by_purpose(propose_lines(renewal.application, snapshot))[Purpose.LIVELIHOOD]
    # 16 770 − 3 000 salary = 13 770 in all; 9 170 − 3 000 = 6 170 on the livelihood line.
    assert livelihood.amount == Decimal("6170")
    assert livelihood.reasons.startswith(
        "Hushållets inkomster för december 2026, 3 000 kr, räcker inte till riksnormen och dina "
        "skäliga kostnader, 16 770 kr. Du har därför rätt till 13 770 kr i ekonomiskt bistånd. "
        "Av det beviljar vi 6 170 kr i försörjningsstöd till riksnormen. Kostnaderna beslutar "
        "vi om på egna rader."
    )
    # Not the old text, which said the costs were in this amount.
    assert "minus era inkomster" not in livelihood.reasons


def test_when_karins_income_covers_the_norm_but_not_the_rent_the_refusal_says_so_with_amounts(
    karin, org
):
    # Salary 12 000 ≥ norm 9 170 but < need 16 770: support 16 770 − 12 000 = 4 770.
    # Income left after the norm, 12 000 − 9 170 = 2 830, reduces electricity (400) first and
    # then rent: 7 200 − (2 830 − 400) = 4 770.
    application, snapshot = renewal_with_salary(karin, "12000")
    proposed = by_purpose(propose_lines(application, snapshot))
    livelihood, electricity, rent = (
        proposed[Purpose.LIVELIHOOD],
        proposed[Purpose.ELECTRICITY],
        proposed[Purpose.RENT],
    )
    assert (livelihood.outcome, electricity.outcome, rent.outcome) == (
        Outcome.REFUSED,
        Outcome.REFUSED,
        Outcome.PARTLY_GRANTED,
    )
    assert rent.amount == Decimal("4770")
    assert livelihood.reasons.startswith(
        "Hushållets inkomster för december 2026, 12 000 kr, räcker till riksnormen, 9 170 kr, "
        "men inte till både riksnormen och dina skäliga kostnader, 16 770 kr. Du har därför rätt "
        "till 4 770 kr i ekonomiskt bistånd."
    )
    # The phrase that says the income covers the norm and the costs is not proposed: untrue.
    assert "räcker till riksnormen och dina skäliga kostnader" not in livelihood.reasons
    assert "Du har därför rätt till 4 770 kr" in rent.reasons
    assert "Vi beviljar därför 4 770 kr till den här kostnaden" in rent.reasons


def test_a_reason_saying_the_income_covers_the_need_is_refused_when_it_does_not(renewal, org):
    snapshot = latest_calculation(renewal.application)
    proposed = propose_lines(renewal.application, snapshot)
    untrue = phrase(
        "livelihood.refused.income_above_norm",
        on=dt.date(2026, 11, 20),
        month=DECEMBER,
        income=snapshot.countable_income,
        need=NEED,
    ).text
    proposed[0] = LineInput(
        Purpose.LIVELIHOOD, Outcome.REFUSED, Decimal(0), None, Decimal("6170"), untrue
    )
    with pytest.raises(ValidationError) as error:
        journey.decide_application(
            renewal.application,
            proposed,
            acting_user=org.anna,
            children_consideration=CONSIDERED,
            acknowledgements=acknowledging(renewal.application),
        )
    assert error.value.message_dict["lines-0-reasons"] == [
        "Hushållets inkomster, 3 000 kr, räcker inte till riksnormen och kostnaderna, 16 770 kr. "
        "Skälet säger att de gör det. Välj ett annat skäl eller skriv egna skäl."
    ]
    assert not renewal.application.decisions.exists()


def test_a_partial_grant_keeping_the_proposals_reasons_for_the_full_amount_is_refused(renewal, org):
    # Anna cuts the livelihood line to a partial grant but leaves the robot's text, which still
    # says the calculated amount: the letter would give reasons for a decision not made.
    proposed = propose_lines(renewal.application, latest_calculation(renewal.application))
    livelihood = next(i for i, x in enumerate(proposed) if x.purpose == Purpose.LIVELIHOOD)
    stale = proposed[livelihood]
    assert stale.calculated and stale.amount == stale.calculated
    proposed[livelihood] = LineInput(
        Purpose.LIVELIHOOD,
        Outcome.PARTLY_GRANTED,
        stale.amount - 1000,
        stale.amount_applied,
        stale.calculated,
        stale.reasons,
    )
    with pytest.raises(ValidationError) as error:
        journey.decide_application(
            renewal.application,
            proposed,
            acting_user=org.anna,
            children_consideration=CONSIDERED,
            acknowledgements=acknowledging(renewal.application),
        )
    [message] = error.value.message_dict[f"lines-{livelihood}-reasons"]
    assert message.startswith("Texten är skälen för ett annat beslut")
    assert not renewal.application.decisions.exists()

    proposed[livelihood].reasons = (
        "Du har ett sparkonto med 1 000 kr som du kan använda för december 2026. "
        "Därför beviljar vi 1 000 kr mindre än beräkningen."
    )
    decision = journey.decide_application(
        renewal.application,
        proposed,
        acting_user=org.anna,
        children_consideration=CONSIDERED,
        acknowledgements=acknowledging(renewal.application),
    )
    assert decision.status == DecisionStatus.DECIDED


def test_a_text_that_only_says_what_was_decided_is_not_a_reason(renewal, org):
    proposed = propose_lines(renewal.application, latest_calculation(renewal.application))
    bare = "Vi avslår din ansökan om bistånd till tandvård för december 2026."
    proposed.append(
        LineInput(Purpose.DENTAL, Outcome.REFUSED, Decimal(0), Decimal("4500"), None, bare)
    )
    with pytest.raises(ValidationError) as error:
        journey.decide_application(
            renewal.application,
            proposed,
            acting_user=org.anna,
            children_consideration=CONSIDERED,
            acknowledgements=acknowledging(renewal.application),
        )
    [message] = error.value.message_dict[f"lines-{len(proposed) - 1}-reasons"]
    assert message.startswith("Texten säger vad vi har beslutat men inte varför.")

    proposed[-1].reasons = bare + " Tandläkaren skriver att behandlingen kan vänta till i vår."
    decision = journey.decide_application(
        renewal.application,
        proposed,
        acting_user=org.anna,
        children_consideration=CONSIDERED,
        acknowledgements=acknowledging(renewal.application),
    )
    assert decision.status == DecisionStatus.DECIDED


def test_a_single_applicant_is_du_and_a_couple_is_ni(karin, org):
    single = propose_lines(*renewal_with_salary(karin, "3000"))[0].reasons
    assert "dina skäliga kostnader" in single and "Du har därför" in single

    # Sara and Omar apply together (sökande and medsökande).
    sara = f.person(dt.date(1987, 2, 11), first_name="Sara", last_name="Nilsson")
    omar = f.person(dt.date(1985, 6, 1), first_name="Omar", last_name="Nilsson")
    case = f.case(org.norr, assigned=org.anna, applicant=sara)
    HouseholdMember.objects.create(
        household=case.household, person=omar, role=MemberRole.CO_APPLICANT,
        valid_from=dt.date(2025, 1, 1),
    )  # fmt: skip
    with override_register_client(quiet_register(sara, omar)):
        application = journey.receive_application(
            case, DECEMBER, ApplicationKind.RENEWAL, lines(salary="3000"), client_person_id=sara.pk
        )
    couple = propose_lines(application, latest_calculation(application))[0].reasons
    assert "era skäliga kostnader" in couple and "Ni har därför" in couple
    assert "Du " not in couple and "dina " not in couple


# -- the act in force on the day the decision is made -------------------------------------------


@pytest.mark.calendar
def test_a_proposal_of_30_june_2025_approved_on_1_july_cites_the_new_act(org, time_machine):
    time_machine.move_to(dt.datetime(2025, 6, 30, 10, 0, tzinfo=dt.UTC), tick=False)
    load_delegation_order(org.muni)
    applicant = f.person(dt.date(1979, 9, 9), first_name="Maja", last_name="Berg")
    case = f.case(org.norr, assigned=org.anna, applicant=applicant)
    with override_register_client(quiet_register(applicant)):
        application = journey.receive_application(
            case,
            dt.date(2025, 7, 1),
            ApplicationKind.RENEWAL,
            lines(),
            client_person_id=applicant.pk,
        )
        proposed = propose_lines(application, latest_calculation(application))
        # Dental care of 12 000 is above Anna's 5 000 (delegation point 3.3): Cecilia decides.
        proposed.append(
            LineInput(
                Purpose.DENTAL,
                Outcome.GRANTED,
                Decimal("12000"),
                Decimal("12000"),
                Decimal("12000"),
                # Not in the application: reasons for a line of her own (FL 32 §).
                reasons="Tandläkaren bedömer att behandlingen inte kan vänta.",
            )
        )
        waiting = journey.decide_application(
            application, proposed, acting_user=org.anna, acknowledgements=acknowledging(application)
        )
        assert waiting.status == DecisionStatus.AWAITING_APPROVAL
        assert "(2001:453)" in waiting.lines.get(purpose=Purpose.LIVELIHOOD).legal_reference

        time_machine.move_to(dt.datetime(2025, 7, 1, 10, 0, tzinfo=dt.UTC), tick=False)
        decided = journey.approve_decision(waiting, acting_user=org.cecilia)
    assert decided.status == DecisionStatus.DECIDED
    assert {line.legal_reference for line in decided.lines.all()} == {
        "12 kap. 1 § socialtjänstlagen (2025:400)",
        "12 kap. 1 § och 12 kap. 7 § socialtjänstlagen (2025:400)",
    }
    # The decision stores what it was made with.
    decided.refresh_from_db()
    assert "12 kap. 1 § socialtjänstlagen (2025:400)" in decided.legal_references
    assert decided.rule_versions["cited_on"] == "2025-07-01"
    assert decided.rule_versions["calculation"]["parameters"]
    text = letter_text(decided)
    assert "(2025:400)" in text and "(2001:453)" not in text
    # Anna prepared the decision, Cecilia made it: both are on the letter (FL 31 §).
    assert "Beslutet är fattat av Cecilia" in text
    assert "Föredragande: Anna, handläggare." in text


# -- the delegation point that covers the decision ---------------------------------------------


def test_a_refusal_of_forsorjningsstod_is_decided_under_the_refusal_point_printed_once(karin, org):
    application, snapshot = renewal_with_salary(karin, "12000")
    decision = journey.decide_application(
        application,
        propose_lines(application, snapshot),
        acting_user=org.anna,
        children_consideration=CONSIDERED,
        acknowledgements=acknowledging(application),
    )
    assert decision.status == DecisionStatus.DECIDED
    assert "punkt 3.4 (Avslag på ansökan om ekonomiskt bistånd)" in decision.delegation_reference
    assert "3.3" not in decision.delegation_reference  # not livsföring i övrigt
    text = letter_text(decision)
    assert "Beslutet är fattat med stöd av delegationsordningen, punkt 3.4" in text
    assert "punkt Delegationsordning" not in text and "punkt punkt" not in text
    # Anna decided herself: no föredragande line.
    assert "Föredragande" not in text


# -- children's best interests ------------------------------------------------------------------


def test_a_reduction_for_karin_and_elias_needs_how_elias_was_considered_and_the_letter_says_it(
    karin, org
):
    application, snapshot = renewal_with_salary(karin, "12000")
    proposed = propose_lines(application, snapshot)
    with pytest.raises(ValidationError) as error:
        journey.decide_application(
            application, proposed, acting_user=org.anna, acknowledgements=acknowledging(application)
        )
    assert error.value.message_dict["children_consideration"] == [
        "Det finns barn i hushållet och beslutet avslår eller minskar biståndet. Skriv hur "
        "barnens situation har beaktats."
    ]
    assert not application.decisions.exists()

    decision = journey.decide_application(
        application,
        proposed,
        acting_user=org.anna,
        children_consideration=CONSIDERED,
        acknowledgements=acknowledging(application),
    )
    assert decision.children_consideration == CONSIDERED
    text = letter_text(decision)
    # Elias is Karin's only child: the notice speaks of him by name.
    assert "Barnet i hushållet" in text
    assert "ska vi tänka på vad som är bäst för barnet. Så här har vi tänkt om Elias:" in text
    assert CONSIDERED in text


def test_a_full_grant_to_a_family_needs_no_childrens_consideration(renewal, org):
    decision = journey.decide_application(
        renewal.application,
        propose_lines(renewal.application, latest_calculation(renewal.application)),
        acting_user=org.anna,
        acknowledgements=acknowledging(renewal.application),
    )
    assert decision.status == DecisionStatus.DECIDED
    assert "vad som är bäst för barn" not in letter_text(decision)


def test_the_decision_form_refuses_a_reduction_without_the_childrens_consideration(
    client, karin, org
):
    application, snapshot = renewal_with_salary(karin, "12000")
    assert snapshot == latest_calculation(application)
    data = proposal_form(application)
    assert client.login(username="anna", password=PASSWORD)
    url = f"/handlaggare/ansokningar/{application.pk}/beslut/"
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Skriv hur barnens situation har beaktats." in page
    assert "räcker till riksnormen, 9 170 kr" in page  # what was typed is kept
    assert not application.decisions.exists()

    # The same form also asks a comment for each warning still open (issue 11).
    comments = {f"warning-{pk}": comment for pk, comment in acknowledging(application).items()}
    confirmed = {"children_consideration": CONSIDERED, "bekraftat": "ja"}
    response = client.post(url, data | comments | confirmed)
    assert response.status_code == 302
    assert application.decisions.get().children_consideration == CONSIDERED


# -- automated decisions (förvaltningslagen 28 §) -----------------------------------------------

AUTOMATION = "socialnämndens beslut den 15 januari 2026, § 4, om automatiserade beslut"


def test_an_automated_decision_cites_the_committees_decision_to_automate_and_section_28(karin, org):
    MunicipalityPolicy.objects.create(
        municipality=org.muni,
        automated_renewals=True,
        automated_max_amount=Decimal("20000"),
        automated_max_change_percent=50,
        automation_decision=AUTOMATION,
    )
    application, _ = renewal_with_salary(karin, "3000")
    decision = application.decisions.get()
    assert decision.automated
    # Its reason is built from its calculation too: 16 770 − 3 000 = 13 770.
    assert (
        "3 000 kr" in decision.lines.get().reasons and "13 770 kr" in decision.lines.get().reasons
    )
    text = letter_text(decision)
    assert f"med stöd av 28 § förvaltningslagen (2017:900) och {AUTOMATION}" in text
    assert "delegationsordningen" not in text


def test_without_a_recorded_decision_to_automate_nothing_is_decided_automatically(karin, org):
    MunicipalityPolicy.objects.create(
        municipality=org.muni,
        automated_renewals=True,
        automated_max_amount=Decimal("20000"),
        automated_max_change_percent=50,
    )
    application, _ = renewal_with_salary(karin, "3000")
    assert not application.decisions.exists()


def test_the_delegation_order_file_records_the_decision_to_automate(org):
    MunicipalityPolicy.objects.create(municipality=org.muni)
    load_delegation_order(org.muni)
    assert MunicipalityPolicy.objects.get(municipality=org.muni).automation_decision.startswith(
        "Socialnämndens beslut"
    )


# -- no internal ids in what a person reads -----------------------------------------------------

RAW_ID = re.compile(r"\(p\d+\)|\bp\d{1,9}\b")
RAW_KEY = re.compile(r"\b[a-z]+_[a-z_]+\b")


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_letter_and_the_application_page_name_elias_and_show_no_ids_or_keys(
    client, renewal, org
):
    decision = journey.decide_application(
        renewal.application,
        propose_lines(renewal.application, latest_calculation(renewal.application)),
        acting_user=org.anna,
        acknowledgements=acknowledging(renewal.application),
    )
    text = letter_text(decision)
    assert "Personliga kostnader, barn 7–10 år (Elias)" in text
    assert "Lön (Karin)" in text
    assert not RAW_ID.search(text), RAW_ID.search(text)
    assert not RAW_KEY.search(text), RAW_KEY.search(text)

    assert client.login(username="anna", password=PASSWORD)
    page = visible_text(
        client.get(f"/handlaggare/ansokningar/{renewal.application.pk}/").content.decode()
    )
    assert "Personliga kostnader, barn 7–10 år (Elias)" in page
    assert not RAW_ID.search(page), RAW_ID.search(page)
    assert not RAW_KEY.search(page), RAW_KEY.search(page)
    page = visible_text(client.get(f"/handlaggare/beslut/{decision.pk}/").content.decode())
    assert not RAW_ID.search(page) and not RAW_KEY.search(page)

    # Karin reads the decision in the e-service.
    from tests.personas import log_in

    client.logout()
    log_in(client, renewal.applicant)
    page = visible_text(client.get(f"/e-tjanst/beslut/{decision.pk}/").content.decode())
    assert "16 770 kr" in page  # the reason built from the calculation
    assert not RAW_ID.search(page), RAW_ID.search(page)
    assert not RAW_KEY.search(page), RAW_KEY.search(page)
