"""The client's plan in the e-service: she reads the shared version (never the draft), comments,
says she disagrees (kept), and signs with her e-ID session."""

from __future__ import annotations

import pytest

from ekb.plans.actions import do_revise_plan, do_start_plan
from ekb.plans.models import PlanComment, PlanSignature
from tests.personas import log_in
from tests.plans.helpers import shared_plan

pytestmark = pytest.mark.django_db
URL = "/e-tjanst/plan/"


def test_karin_sees_no_draft_only_that_there_is_no_plan_yet(client, karin, org):
    version = do_start_plan(karin.case, acting_user=org.anna)
    version.goal = "Hemligt utkast"
    version.save(update_fields=["goal"])
    log_in(client, karin.applicant)
    html = client.get(URL).content.decode()
    assert "ingen plan att läsa" in html and "Hemligt utkast" not in html


def test_karin_reads_her_goal_and_the_conditions_apart_and_never_as_an_agreement(
    client, karin, org
):
    shared_plan(karin.case, org.anna)
    log_in(client, karin.applicant)
    html = client.get(URL).content.decode()
    assert "Jag vill arbeta som undersköterska" in html
    assert html.index("Ditt mål") < html.index("Villkor för ekonomiskt bistånd")
    assert "12 kap. 1 §" in html
    assert "Överenskommelse" not in html


def test_karin_disagrees_and_signs(client, karin, org):
    version = shared_plan(karin.case, org.anna)
    log_in(client, karin.applicant)
    response = client.post(
        URL,
        {"do": "comment", "topic": "conditions", "text": "Jag kan inte arbeta heltid.",
         "disagrees": "yes"},
    )  # fmt: skip
    assert response.status_code == 302
    comment = PlanComment.objects.get()
    assert comment.disagrees and comment.person_id == karin.applicant.pk
    client.post(URL, {"do": "sign"})
    assert PlanSignature.objects.get(version=version).person_id == karin.applicant.pk
    html = client.get(URL).content.decode()
    assert "Du håller inte med" in html and "Du har skrivit under" in html


def test_an_empty_comment_comes_back_with_a_message_and_the_choices_kept(client, karin, org):
    shared_plan(karin.case, org.anna)
    log_in(client, karin.applicant)
    response = client.post(
        URL, {"do": "comment", "topic": "goals", "text": " ", "disagrees": "yes"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Skriv vad du inte håller med om" in html
    assert 'value="goals" selected' in html and "checked" in html


def test_the_caseworker_sees_her_disagreement(client, karin, org):
    from tests.personas import staff_log_in

    shared_plan(karin.case, org.anna)
    log_in(client, karin.applicant)
    client.post(URL, {"do": "comment", "text": "Målet är för snabbt.", "disagrees": "yes"})
    client.logout()
    staff_log_in(client, "anna")
    html = client.get(f"/handlaggare/arenden/{karin.case.pk}/plan/").content.decode()
    assert "Håller inte med" in html and "Målet är för snabbt." in html


def test_a_new_proposal_shows_beside_the_plan_in_force_and_earlier_versions_are_readable(
    client, karin, org
):
    first = shared_plan(karin.case, org.anna)
    do_revise_plan(first.plan, acting_user=org.anna)
    log_in(client, karin.applicant)
    # The new version is a draft: she still reads the shared one.
    assert "Jag vill arbeta som undersköterska" in client.get(URL).content.decode()
    assert client.get(f"{URL}versioner/{first.pk}/").status_code == 200


def test_another_clients_version_is_not_found(client, karin, org, kemal_and_tove):
    theirs = shared_plan(kemal_and_tove.case, org.anna)
    log_in(client, karin.applicant)
    assert client.get(f"{URL}versioner/{theirs.pk}/").status_code == 404


def test_karin_is_told_by_e_mail_that_a_plan_is_shared(karin, org):
    from ekb.cases.choices import EventKind
    from ekb.cases.notifications import NOTIFY_KINDS

    assert EventKind.PLAN_SHARED in NOTIFY_KINDS
    assert EventKind.PLAN_COMMENTED not in NOTIFY_KINDS  # for the caseworker only
