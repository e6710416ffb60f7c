"""Each closed register warning says its own (fresh-eye finding, session 4): Karin's December
renewal has two register facts; Anna accepts the first, and a new warning names only the second;
then she rejects the second. The first warning must not be rewritten to repeat the second's
outcome: it says what was tried while it was open."""

from __future__ import annotations

from ekb.decisions.choices import WarningStatus
from ekb.flow import journey
from tests.personas import december_renewal


def test_anna_tries_two_register_facts_and_each_closed_warning_says_its_own(karin, org):
    karin.register.script(
        karin.applicant.identity_number,
        {
            "skv": [("salary", 3500, "Lön")],
            "fk": [("sickness_benefit", 2500, "Sjukpenning")],
        },
    )
    application = december_renewal(karin, salary="3000")
    salary = application.register_proposals.get(type="salary")
    sickness = application.register_proposals.get(type="sickness_benefit")

    journey.accept_register_proposal(salary, acting_user=org.anna)
    journey.reject_register_proposal(
        sickness, reason="Sjukpenningen gäller oktober.", acting_user=org.anna
    )

    warnings = list(application.warnings.filter(rule="register_proposals").order_by("id"))
    assert len(warnings) == 2
    assert all(w.status == WarningStatus.CLOSED for w in warnings)
    first, second = (w.message for w in warnings)
    assert first != second
    assert "Lön" in first and "godtagen" in first and "avvisad" not in first
    assert "Sjukpenning" in first and "ny varning" in first  # tried later, in the second
    assert "Sjukpenning" in second and "avvisad" in second and "Lön" not in second
