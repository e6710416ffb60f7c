"""Only a party signs the plan: the applicant and co-applicant in the e-service, the case's
caseworker (or its labour-market officer) in the workspace. Anyone else gets a clear refusal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ekb.plans.actions import (
    do_comment_on_plan,
    do_revise_plan,
    do_share_plan,
    do_sign_plan_as_client,
    do_sign_plan_as_staff,
    do_start_plan,
)
from ekb.plans.choices import SignerRole
from ekb.plans.models import PlanSignature
from tests import factories as f
from tests.personas import add_member
from tests.plans.helpers import shared_plan

pytestmark = pytest.mark.django_db


def test_the_applicant_and_the_caseworker_sign_the_shared_plan(karin, org):
    version = shared_plan(karin.case, org.anna)
    client = do_sign_plan_as_client(version, person=karin.applicant)
    staff = do_sign_plan_as_staff(version, acting_user=org.anna)
    assert (client.role, staff.role) == (SignerRole.APPLICANT, SignerRole.CASEWORKER)


def test_a_co_applicant_signs_as_co_applicant(kemal_and_tove, org):
    version = shared_plan(kemal_and_tove.case, org.anna)
    signature = do_sign_plan_as_client(version, person=kemal_and_tove.tove)
    assert signature.role == SignerRole.CO_APPLICANT


def test_a_colleague_in_the_unit_who_is_not_a_party_is_refused(karin, org):
    version = shared_plan(karin.case, org.anna)
    with pytest.raises(ValidationError) as refused:
        do_sign_plan_as_staff(version, acting_user=org.ida)
    assert "Bara planens parter" in " ".join(refused.value.messages)
    assert not PlanSignature.objects.exists()


def test_the_section_manager_is_not_a_party_either(karin, org):
    version = shared_plan(karin.case, org.anna)
    with pytest.raises(ValidationError):
        do_sign_plan_as_staff(version, acting_user=org.cecilia)


def test_the_son_in_the_household_is_not_a_party(karin, org):
    version = shared_plan(karin.case, org.anna)
    with pytest.raises(ValidationError):
        do_sign_plan_as_client(version, person=karin.son)


def test_an_adult_who_moved_out_is_no_longer_a_party(karin, org):
    former = f.person(dt.date(1985, 1, 1), first_name="Jonas", last_name="Berg")
    add_member(karin.case, former, "co_applicant", valid_to=dt.date(2026, 10, 31))
    version = shared_plan(karin.case, org.anna)
    with pytest.raises(ValidationError):
        do_sign_plan_as_client(version, person=former)


def test_the_labour_market_officer_of_the_case_may_sign_when_the_case_has_one(karin, org):
    version = shared_plan(karin.case, org.anna)
    if not hasattr(karin.case, "labour_market_officer_id"):
        # Before the field exists (strand E), the officer is not a party of the case.
        with pytest.raises(ValidationError):
            do_sign_plan_as_staff(version, acting_user=org.erik)
        return
    karin.case.labour_market_officer = org.erik
    karin.case.save(update_fields=["labour_market_officer"])
    signature = do_sign_plan_as_staff(version, acting_user=org.erik)
    assert signature.role == SignerRole.LABOUR_MARKET_OFFICER


def test_a_party_signs_a_version_once(karin, org):
    version = shared_plan(karin.case, org.anna)
    do_sign_plan_as_client(version, person=karin.applicant)
    with pytest.raises(ValidationError) as refused:
        do_sign_plan_as_client(version, person=karin.applicant)
    assert "redan skrivit under" in " ".join(refused.value.messages)


def test_a_draft_cannot_be_signed_or_commented_on(karin, org):
    draft = do_start_plan(karin.case, acting_user=org.anna)
    with pytest.raises(ValidationError):
        do_sign_plan_as_client(draft, person=karin.applicant)
    with pytest.raises(ValidationError):
        do_comment_on_plan(draft, person=karin.applicant, text="Hej")


def test_the_clients_disagreement_is_kept_as_written(karin, org):
    version = shared_plan(karin.case, org.anna)
    comment = do_comment_on_plan(
        version,
        person=karin.applicant,
        text="Jag håller inte med om att jag kan arbeta heltid nu.",
        topic="conditions",
        disagrees=True,
    )
    do_sign_plan_as_client(version, person=karin.applicant)
    comment.refresh_from_db()
    assert comment.disagrees and comment.text.startswith("Jag håller inte med")
    assert version.comments.count() == 1


def test_an_empty_disagreement_asks_what_she_disagrees_with(karin, org):
    version = shared_plan(karin.case, org.anna)
    with pytest.raises(ValidationError) as refused:
        do_comment_on_plan(version, person=karin.applicant, text=" ", disagrees=True)
    assert "inte håller med" in refused.value.message_dict["text"][0]


def test_karin_cannot_sign_or_comment_on_a_version_replaced_after_she_read_it(karin, org):
    read = shared_plan(karin.case, org.anna)
    newer = do_share_plan(do_revise_plan(read.plan, acting_user=org.anna), acting_user=org.anna)
    for act in (
        lambda: do_sign_plan_as_client(read, person=karin.applicant),
        lambda: do_comment_on_plan(read, person=karin.applicant, text="Jag håller med."),
        lambda: do_sign_plan_as_staff(read, acting_user=org.anna),
    ):
        with pytest.raises(ValidationError) as refused:
            act()
        assert "Planen har ändrats sedan du öppnade den" in " ".join(refused.value.messages)
    assert not PlanSignature.objects.exists() and not newer.comments.exists()


def test_a_new_proposal_beside_the_plan_in_force_takes_the_signatures_from_then_on(karin, org):
    from ekb.plans.actions import do_establish_plan
    from tests.plans.helpers import FOLLOW_UP, held_meeting

    in_force = shared_plan(karin.case, org.anna)
    do_sign_plan_as_staff(in_force, acting_user=org.anna)
    do_establish_plan(
        in_force,
        meeting=held_meeting(karin.case, org.anna),
        follow_up_on=FOLLOW_UP,
        acting_user=org.anna,
    )
    proposal = do_share_plan(
        do_revise_plan(in_force.plan, acting_user=org.anna), acting_user=org.anna
    )
    with pytest.raises(ValidationError):
        do_sign_plan_as_client(in_force, person=karin.applicant)
    assert do_sign_plan_as_client(proposal, person=karin.applicant).version_id == proposal.pk
