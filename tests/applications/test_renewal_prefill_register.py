"""A renewal's prefilled incomes keep a register income the caseworker accepted last month,
marked with its source (tester finding 8, issue 9). Karin Lundqvist (tests/personas.py)
renews; the clock is frozen on 20 November 2026."""

from __future__ import annotations

from decimal import Decimal

from ekb.applications.choices import ApplicationKind
from ekb.applications.drafts import renewal_prefill
from ekb.applications.models import ApplicationDraft
from ekb.flow import journey
from tests.personas import DECEMBER, lines


def test_karins_next_renewal_is_prefilled_with_the_sickness_benefit_anna_accepted(karin, org):
    # Försäkringskassan reports a sickness benefit Karin did not write; Anna accepts it, so
    # December is paid with it counted. Karin's next renewal must not leave it out (that
    # would pay as if the benefit had stopped), and must say where it comes from.
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

    prefill = renewal_prefill(karin.case, karin.applicant)
    incomes = {row["type"]: row for row in prefill["incomes"]}
    assert Decimal(incomes["salary"]["amount"]) == Decimal("3000")
    benefit = incomes["sickness_benefit"]
    assert Decimal(benefit["amount"]) == Decimal("2500")
    assert benefit["member"] == f"p{karin.applicant.pk}"
    assert benefit["source"] == "register"
    assert benefit["register_source"] == "Försäkringskassan"
    assert benefit["accepted_for"] == "2026-12-01"

    # The client reads where it comes from on the check page.
    from ekb.eservice.apply import summary

    draft = ApplicationDraft(
        person=karin.applicant,
        case=karin.case,
        month=DECEMBER,
        kind=ApplicationKind.RENEWAL,
        prefilled=prefill,
        answers=prefill,
    )
    row = next(r for r in summary(draft)["incomes"] if r["type"] == "sickness_benefit")
    assert row["register"] == (
        "Från Försäkringskassan. Din handläggare räknade med inkomsten för december 2026."
    )
