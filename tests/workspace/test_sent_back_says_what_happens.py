"""After a proposal is sent back, the caseworker's form says what deciding again will do: back
to a colleague under four eyes, back to the decider while it is above her delegation, or decided
at once when it is within it. Never "it goes to the decider" when it does not."""

from __future__ import annotations

from ekb.decisions.choices import DecisionStatus
from ekb.decisions.four_eyes import do_send_back_decision
from ekb.decisions.models import DelegationRule, MunicipalityPolicy
from tests.personas import grant_everything, staff_log_in

UNTRUE = "det går då till beslutsfattaren på nytt"


def _sent_back(org, application):
    decision = grant_everything(application, org.anna)
    assert decision.status == DecisionStatus.AWAITING_APPROVAL
    do_send_back_decision(decision, comment="Be om hyresavin först.", acting_user=org.cecilia)
    return decision


def _page(client, application) -> str:
    staff_log_in(client, "anna")
    return client.get(f"/handlaggare/ansokningar/{application.pk}/").content.decode()


def test_under_four_eyes_it_goes_to_a_colleague_again(client, org, renewal):
    MunicipalityPolicy.objects.create(municipality=org.muni, four_eyes=True)
    _sent_back(org, renewal.application)
    page = _page(client, renewal.application)
    assert "med fyraögonsprincipen går det då till en kollega för godkännande på nytt" in page


def test_within_her_delegation_it_is_decided_at_once(client, org, renewal):
    policy = MunicipalityPolicy.objects.create(municipality=org.muni, four_eyes=True)
    _sent_back(org, renewal.application)
    policy.four_eyes = False
    policy.save(update_fields=["four_eyes"])
    page = _page(client, renewal.application)
    assert "beslutet fattas direkt när du bekräftar" in page
    assert UNTRUE not in page


def test_above_her_delegation_it_says_so_and_that_lowering_it_decides_at_once(client, org, renewal):
    DelegationRule.objects.filter(municipality=org.muni, point="3.1").update(max_amount=1)
    _sent_back(org, renewal.application)
    page = _page(client, renewal.application)
    assert "Beloppet är över din delegation." in page
    assert "Ändrar du det så att det ligger inom din delegation fattas beslutet direkt" in page
    assert UNTRUE not in page
