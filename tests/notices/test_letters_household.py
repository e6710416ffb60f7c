"""Letters whose reasons are true and whole (issue 9, H2), through the case flow
(ekb.flow.journey): a couple is "ni" on every line; an income a register reported and the
caseworker accepted is named with its amount and source (förvaltningslagen 32 §); another
adult in the home is explained (FB 7 kap. 1 §; 12 kap. 3 § andra stycket SoF 2025:468);
every amount has its thousands space.

Karin Lundqvist and her son Elias renew for December 2026 (tests/personas.py)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from ekb.applications.choices import ApplicationKind
from ekb.applications.models import RegisterProposal
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import DecisionStatus
from ekb.flow import journey
from ekb.integrations.registers import override_register_client
from ekb.people.models import HouseholdMember, MemberRole
from tests import factories as f
from tests.personas import (
    DECEMBER,
    SINGULAR_YOU,
    grant_everything,
    letter_text,
    lines,
    quiet_register,
)

# The letter itself: the real PDF, as production stores it.
pytestmark = pytest.mark.usefixtures("real_letters")

CONSIDERED = "Elias bor kvar hemma och hyran är betald, så hans vardag påverkas inte."


def _decide_as_proposed(application, user, **options):
    decision = grant_everything(application, user, **options)
    assert decision.status == DecisionStatus.DECIDED, decision.status
    return decision


def test_sara_and_omar_a_couple_read_ni_and_never_du_on_every_line_of_their_letter(org, karin):
    # Sara and Omar apply together (sökande and medsökande); rent and electricity are granted
    # as applied for on lines of their own ("any.granted.as_applied" said "du ansökte om").
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
        decision = _decide_as_proposed(application, org.anna, made_orally=True)
    text = letter_text(decision)
    assert "Ni får" in text and "Det är det belopp ni ansökte om." in text
    assert "Om ni inte är nöjda med beslutet" in text
    assert "Ni har redan fått beslutet muntligt" in text
    found = SINGULAR_YOU.findall(text)
    assert not found, f"the letter to a couple says {found}: {text}"


def test_karin_alone_is_still_du_in_her_letter(karin, org):
    application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
        client_person_id=karin.applicant.pk,
    )
    text = letter_text(_decide_as_proposed(application, org.anna))
    assert "Du får" in text and "Det är det belopp du ansökte om." in text
    assert "Om du inte är nöjd med beslutet" in text
    assert not re.search(r"\b(Ni|ni|er|ert|era)\b", text.split("Om du inte är nöjd")[0]), text


def test_karins_letter_names_the_sickness_benefit_forsakringskassan_reported_and_anna_accepted(
    karin, org
):
    karin.register.script(
        karin.applicant.identity_number, {"fk": [("sickness_benefit", 2500, "Sjukpenning")]}
    )
    application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
        client_person_id=karin.applicant.pk,
    )
    proposal = application.register_proposals.get()
    journey.accept_register_proposal(proposal, acting_user=org.anna)
    snapshot = latest_calculation(application)
    assert snapshot.countable_income == Decimal("5500")  # 3 000 salary + 2 500 sjukpenning
    text = letter_text(_decide_as_proposed(application, org.anna))
    assert (
        "Vi har räknat med 2 500 kr i sjukpenning för Karin, som Försäkringskassan har lämnat "
        "uppgift om." in text
    ), text
    # The salary Karin reported herself is not a register fact.
    assert "i lön för Karin" not in text


def test_a_rejected_register_income_is_not_said_to_be_counted(karin, org):
    karin.register.script(
        karin.applicant.identity_number, {"fk": [("sickness_benefit", 2500, "Sjukpenning")]}
    )
    application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
        client_person_id=karin.applicant.pk,
    )
    proposal = application.register_proposals.get()
    journey.reject_register_proposal(
        proposal, reason="Sjukpenningen gäller november.", acting_user=org.anna
    )
    assert proposal.__class__.objects.get(pk=proposal.pk).status == RegisterProposal.Status.REJECTED
    text = letter_text(_decide_as_proposed(application, org.anna))
    assert "Vi har räknat med" not in text
    assert "Uppgifter från andra myndigheter" not in text


def _with_other_adults(karin):
    nora = f.person(dt.date(2007, 3, 14), first_name="Nora", last_name="Lundqvist")
    per = f.person(dt.date(1980, 1, 9), first_name="Per", last_name="Ek")
    for person in (nora, per):
        HouseholdMember.objects.create(
            household=karin.case.household,
            person=person,
            role=MemberRole.OTHER_ADULT,
            valid_from=dt.date(2025, 1, 1),
        )
    karin.register.script(nora.identity_number, {})
    karin.register.script(per.identity_number, {})
    return nora, per


def test_karins_letter_explains_why_nora_19_and_the_lodger_per_are_not_in_the_norm(karin, org):
    nora, per = _with_other_adults(karin)
    application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
        client_person_id=karin.applicant.pk,
    )
    decision = _decide_as_proposed(application, org.anna, children_consideration=CONSIDERED)
    text = letter_text(decision)
    assert "Andra vuxna som bor i hemmet" in text
    assert "Nora, 19 år, bor i hemmet men ingår inte i hushållets riksnorm." in text
    assert "längst tills barnet fyller 21 år. Ingen i hushållet är skyldig att försörja Nora." in (
        text
    )
    assert "Per, 46 år, bor i hemmet men ingår inte i hushållets riksnorm. Per är vuxen" in text
    assert "Alla som bor i hemmet delar på de gemensamma hushållskostnaderna" in text
    assert "Du ser delen i beräkningen." in text
    assert "7 kap. 1 § föräldrabalken (1949:381)" in text
    assert "12 kap. 3 § andra stycket socialtjänstförordningen (2025:468)" in text
    # No personnummer and no internal id of the other adults.
    squeezed = "".join(text.split()).replace("-", "")
    for person in (nora, per):
        assert person.identity_number.replace("-", "")[:8] not in squeezed
        assert f"p{person.pk}" not in text


def test_every_amount_of_1000_kr_or_more_in_karins_letter_has_its_thousands_space(karin, org):
    # Four persons share the home: the household's share of the common costs is printed in the
    # engine's row label ("hushållets andel 2/4 av 2 xxx kr").
    _with_other_adults(karin)
    application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
        client_person_id=karin.applicant.pk,
    )
    text = letter_text(
        _decide_as_proposed(application, org.anna, children_consideration=CONSIDERED)
    )
    assert "hushållets andel 2/4 av" in text
    bare = re.findall(r"(?<![\d,.])\d{4,}(?:,\d+)? kr\b", text)
    assert not bare, bare


def test_a_label_that_lacks_the_thousands_space_gets_it_in_the_letter():
    from ekb.notices.letters import row_label

    row = {"label": "Gemensamma hushållskostnader, 5 personer, hushållets andel 4/5 av 2330 kr"}
    assert row_label(row, {}).endswith("av 2 330 kr")
    assert row_label({"label": "Lön 12345,50 kr"}, {}) == "Lön 12 345,50 kr"
    assert row_label({"label": "Barn 7–10 år, 2026"}, {}) == "Barn 7–10 år, 2026"


def test_karins_letter_speaks_of_her_only_child_elias_by_name_in_the_childrens_notice(karin, org):
    application = journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
        client_person_id=karin.applicant.pk,
    )
    text = letter_text(
        _decide_as_proposed(application, org.anna, children_consideration=CONSIDERED)
    )
    assert "Barnet i hushållet" in text
    assert "vad som är bäst för barnet. Så här har vi tänkt om Elias: " + CONSIDERED in text


def test_the_childrens_notice_for_several_children_speaks_of_barnen():
    from ekb.decisions.phrases import children_notice

    notice = children_notice(on=DECEMBER, consideration="Alva och Leo påverkas inte.")
    assert notice.title == "Barnen i hushållet"
    assert "tänkt om barnen i hushållet" in notice.text
