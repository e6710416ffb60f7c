"""The client's plan in the e-service: she reads the shared version (never the draft), comments,
says she disagrees (kept), and signs with her e-ID session."""

from __future__ import annotations

import pytest

from ekb.plans.actions import (
    do_add_plan_condition,
    do_revise_plan,
    do_share_plan,
    do_start_plan,
)
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
        {"do": "comment", "version": version.pk, "topic": "conditions",
         "text": "Jag kan inte arbeta heltid.", "disagrees": "yes"},
    )  # fmt: skip
    assert response.status_code == 302
    comment = PlanComment.objects.get()
    assert comment.disagrees and comment.person_id == karin.applicant.pk
    client.post(URL, {"do": "sign", "version": version.pk})
    assert PlanSignature.objects.get(version=version).person_id == karin.applicant.pk
    html = client.get(URL).content.decode()
    assert "Du håller inte med" in html and "Du har skrivit under" in html


def test_an_empty_comment_comes_back_with_a_message_and_the_choices_kept(client, karin, org):
    version = shared_plan(karin.case, org.anna)
    log_in(client, karin.applicant)
    response = client.post(
        URL,
        {"do": "comment", "version": version.pk, "topic": "goals", "text": " ", "disagrees": "yes"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Skriv vad du inte håller med om" in html
    assert 'value="goals" selected' in html and "checked" in html


def test_the_caseworker_sees_her_disagreement(client, karin, org):
    from tests.personas import staff_log_in

    version = shared_plan(karin.case, org.anna)
    log_in(client, karin.applicant)
    client.post(
        URL,
        {
            "do": "comment",
            "version": version.pk,
            "text": "Målet är för snabbt.",
            "disagrees": "yes",
        },
    )
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


def a_new_version_with_a_new_condition(first, anna):
    """Anna shares a new version with a condition the first one did not have."""
    second = do_revise_plan(first.plan, acting_user=anna)
    do_add_plan_condition(
        second,
        key="other_benefits_first",
        individual_reason="Karin kan ha rätt till bostadsbidrag.",
        acting_user=anna,
    )
    return do_share_plan(second, acting_user=anna)


def test_karins_signature_does_not_land_on_a_version_shared_after_she_opened_the_page(
    client, karin, org, time_machine
):
    read = shared_plan(karin.case, org.anna)
    log_in(client, karin.applicant)
    time_machine.move_to("2026-11-20 09:00Z", tick=False)  # 10:00, Karin opens her plan
    assert f'name="version" value="{read.pk}"' in client.get(URL).content.decode()
    time_machine.move_to("2026-11-20 09:05Z", tick=False)  # 10:05, Anna shares a new version
    newer = a_new_version_with_a_new_condition(read, org.anna)
    time_machine.move_to("2026-11-20 09:10Z", tick=False)  # 10:10, Karin signs what she read
    response = client.post(URL, {"do": "sign", "version": read.pk})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Planen har ändrats sedan du öppnade den. Läs den nya versionen." in html
    assert "Karin kan ha rätt till bostadsbidrag." in html  # the new version is shown to read
    assert f'name="version" value="{newer.pk}"' in html
    assert not PlanSignature.objects.exists()


def test_a_comment_on_a_version_replaced_since_is_refused_and_what_she_typed_comes_back(
    client, karin, org
):
    read = shared_plan(karin.case, org.anna)
    log_in(client, karin.applicant)
    a_new_version_with_a_new_condition(read, org.anna)
    response = client.post(
        URL,
        {"do": "comment", "version": read.pk, "topic": "goals",
         "text": "Jag vill hellre bli barnskötare.", "disagrees": "yes"},
    )  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert "Planen har ändrats sedan du öppnade den." in html
    assert "Jag vill hellre bli barnskötare.</textarea>" in html
    assert 'value="goals" selected' in html
    assert not PlanComment.objects.exists()


def couples_plan(kemal_and_tove, anna):
    """Kemal and Tove's plan: the household's housing, and Tove's own obstacle about violence."""
    tove = kemal_and_tove.tove
    return shared_plan(
        kemal_and_tove.case,
        anna,
        obstacles={"housing": "Trångbott i en tvåa."},
        personal_obstacles={tove.pk: {"violence": "Kemal kontrollerar pengarna."}},
    )


def test_kemal_does_not_read_what_tove_wrote_about_the_plan(client, kemal_and_tove, org):
    from ekb.plans.actions import do_comment_on_plan
    from tests.personas import staff_log_in

    version = couples_plan(kemal_and_tove, org.anna)
    secret = "Jag vågar inte säga allt när Kemal är med."
    do_comment_on_plan(version, person=kemal_and_tove.tove, text=secret, disagrees=True)
    do_comment_on_plan(version, person=kemal_and_tove.kemal, text="Bra plan.")
    log_in(client, kemal_and_tove.kemal)
    html = client.get(URL).content.decode()
    assert "Bra plan." in html and secret not in html
    client.logout()
    log_in(client, kemal_and_tove.tove)
    html = client.get(URL).content.decode()
    assert secret in html and "Bra plan." not in html
    client.logout()
    staff_log_in(client, "anna")
    html = client.get(f"/handlaggare/arenden/{kemal_and_tove.case.pk}/plan/").content.decode()
    assert secret in html and "Bra plan." in html


def test_toves_obstacle_about_violence_is_shown_to_her_and_not_to_kemal(
    client, kemal_and_tove, org
):
    from tests.personas import staff_log_in

    version = couples_plan(kemal_and_tove, org.anna)
    log_in(client, kemal_and_tove.kemal)
    for address in (URL, f"{URL}versioner/{version.pk}/"):
        html = client.get(address).content.decode()
        assert "Trångbott i en tvåa." in html and "Kemal kontrollerar pengarna." not in html
    client.logout()
    log_in(client, kemal_and_tove.tove)
    html = client.get(URL).content.decode()
    assert "Trångbott i en tvåa." in html and "Kemal kontrollerar pengarna." in html
    client.logout()
    staff_log_in(client, "anna")
    html = client.get(f"/handlaggare/arenden/{kemal_and_tove.case.pk}/plan/").content.decode()
    assert "Kemal kontrollerar pengarna." in html and "gäller Tove Aydin" in html
