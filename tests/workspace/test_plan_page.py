"""The caseworker's plan page: write the draft, share, sign, establish at a held meeting, assess a
condition, follow up; a refused form comes back with what was typed."""

from __future__ import annotations

import re

import pytest

from ekb.cases.choices import TaskKind
from ekb.plans.choices import VersionStatus
from ekb.plans.models import PlanVersion
from tests.personas import staff_log_in
from tests.plans.helpers import held_meeting, shared_plan

pytestmark = pytest.mark.django_db


def url(case):
    return f"/handlaggare/arenden/{case.pk}/plan/"


def test_anna_starts_writes_and_shares_a_plan_from_the_page(client, karin, org):
    staff_log_in(client, "anna")
    assert "Börja skriva en plan" in client.get(url(karin.case)).content.decode()
    client.post(url(karin.case), {"do": "start"})
    response = client.post(
        url(karin.case),
        {
            "do": "save",
            "draft-situation": "Arbetslös, bor med sin son.",
            "draft-goal": "Jag vill arbeta inom vården.",
            "draft-sub_goals": "Läsa SFI\nSöka utbildning",
            "draft-obstacle_health": "Ryggbesvär",
        },
    )
    assert response.status_code == 302
    version = PlanVersion.objects.get(plan__case=karin.case)
    assert version.goal == "Jag vill arbeta inom vården."
    assert version.sub_goals.count() == 2
    client.post(url(karin.case), {"do": "share"})
    version.refresh_from_db()
    assert version.status == VersionStatus.SHARED


def test_sharing_without_a_goal_comes_back_with_a_summary(client, karin, org):
    staff_log_in(client, "anna")
    client.post(url(karin.case), {"do": "start"})
    response = client.post(url(karin.case), {"do": "share"})
    assert response.status_code == 400
    assert "klientens eget mål" in response.content.decode()


def test_a_refused_activity_keeps_what_was_typed(client, karin, org):
    staff_log_in(client, "anna")
    client.post(url(karin.case), {"do": "start"})
    response = client.post(
        url(karin.case),
        {"do": "add_activity", "activity-what": "Boka tid hos SFI", "activity-responsible": "client",
         "activity-by_date": "2020-01-01"},
    )  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert "Boka tid hos SFI" in html and "redan passerat" in html


def test_ida_is_refused_signing_annas_clients_plan(client, karin, org):
    version = shared_plan(karin.case, org.anna)
    staff_log_in(client, "ida")
    page = client.get(url(karin.case)).content.decode()
    assert "Skriv under planen" not in page
    response = client.post(url(karin.case), {"do": "sign", "version": version.pk})
    assert response.status_code == 400
    assert "Bara planens parter" in response.content.decode()


def test_bertil_in_another_unit_gets_no_page(client, karin, org):
    staff_log_in(client, "bertil")
    assert client.get(url(karin.case)).status_code == 404


def test_establishing_at_a_booked_meeting_is_refused_and_at_a_held_one_accepted(client, karin, org):
    version = shared_plan(karin.case, org.anna)
    staff_log_in(client, "anna")
    client.post(url(karin.case), {"do": "sign", "version": version.pk})
    booked = held_meeting(karin.case, org.anna, status="booked")
    response = client.post(
        url(karin.case),
        {"do": "establish", "version": version.pk, "establish-meeting": booked.pk,
         "establish-follow_up_on": "2027-01-20"},
    )  # fmt: skip
    assert response.status_code == 400
    held = held_meeting(karin.case, org.anna)
    response = client.post(
        url(karin.case),
        {"do": "establish", "version": version.pk, "establish-meeting": held.pk,
         "establish-follow_up_on": "2027-01-20"},
    )  # fmt: skip
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == VersionStatus.ESTABLISHED
    condition = version.conditions.get()
    client.post(
        url(karin.case),
        {"do": "mark_condition", "id": condition.pk, f"mark-{condition.pk}-met": "no",
         f"mark-{condition.pk}-note": "Inte inskriven."},
    )  # fmt: skip
    assert karin.case.tasks.filter(kind=TaskKind.PLAN_CONDITION_MISSED).count() == 1
    page = client.get(f"/handlaggare/arenden/{karin.case.pk}/").content.decode()
    assert "Villkor i planen inte uppfyllt" in page


def test_an_earlier_version_stays_readable(client, karin, org):
    first = shared_plan(karin.case, org.anna)
    staff_log_in(client, "anna")
    client.post(url(karin.case), {"do": "revise"})
    response = client.get(f"{url(karin.case)}versioner/{first.pk}/")
    assert response.status_code == 200
    assert "Jag vill arbeta som undersköterska" in response.content.decode()


def test_the_plan_page_speaks_english_when_chosen(client, karin, org):
    shared_plan(karin.case, org.anna)
    staff_log_in(client, "anna")
    client.post("/i18n/setlang/", {"language": "en", "next": url(karin.case)})
    html = client.get(url(karin.case)).content.decode()
    assert f"Individual plan, case {karin.case.number}" in html
    assert "Conditions for financial assistance" in html and "Establish the plan" in html
    assert "Genomförandeplan" not in html


def test_the_case_page_shows_the_plan_and_its_next_follow_up(client, karin, org):
    from ekb.plans.actions import do_establish_plan, do_sign_plan_as_staff
    from tests.plans.helpers import FOLLOW_UP

    version = shared_plan(karin.case, org.anna)
    do_sign_plan_as_staff(version, acting_user=org.anna)
    do_establish_plan(
        version,
        meeting=held_meeting(karin.case, org.anna),
        follow_up_on=FOLLOW_UP,
        acting_user=org.anna,
    )
    staff_log_in(client, "anna")
    html = client.get(f"/handlaggare/arenden/{karin.case.pk}/").content.decode()
    assert "Version 1: Fastställd." in html and "Nästa uppföljning senast 2027-02-15." in html


def test_anna_marks_a_sub_goal_reached_on_the_page(client, karin, org):
    from ekb.plans.actions import do_establish_plan, do_sign_plan_as_staff
    from tests.plans.helpers import FOLLOW_UP

    version = shared_plan(karin.case, org.anna)
    do_sign_plan_as_staff(version, acting_user=org.anna)
    do_establish_plan(
        version,
        meeting=held_meeting(karin.case, org.anna),
        follow_up_on=FOLLOW_UP,
        acting_user=org.anna,
    )
    goal = version.sub_goals.first()
    staff_log_in(client, "anna")
    response = client.post(url(karin.case), {"do": "sub_goal", "id": goal.pk, "status": "achieved"})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == "achieved"


def test_annas_signature_and_establishment_sent_for_a_replaced_version_are_refused(
    client, karin, org
):
    from ekb.plans.actions import do_revise_plan, do_share_plan, do_sign_plan_as_staff

    read = shared_plan(karin.case, org.anna)
    do_sign_plan_as_staff(read, acting_user=org.anna)
    meeting = held_meeting(karin.case, org.anna)
    staff_log_in(client, "anna")
    assert f'name="version" value="{read.pk}"' in client.get(url(karin.case)).content.decode()
    # In another tab a new version is shared while the page with the first one is open.
    newer = do_share_plan(do_revise_plan(read.plan, acting_user=org.anna), acting_user=org.anna)
    response = client.post(
        url(karin.case),
        {"do": "establish", "version": read.pk, "establish-meeting": meeting.pk,
         "establish-follow_up_on": "2027-01-20"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Planen har ändrats sedan du öppnade den." in response.content.decode()
    response = client.post(url(karin.case), {"do": "sign", "version": read.pk})
    assert response.status_code == 400
    newer.refresh_from_db()
    assert newer.status == VersionStatus.SHARED and not newer.signatures.exists()


def test_the_page_offers_only_meetings_held_since_sharing_and_not_used_before(client, karin, org):
    from ekb.plans.actions import (
        do_establish_plan,
        do_revise_plan,
        do_share_plan,
        do_sign_plan_as_staff,
    )
    from tests.plans.helpers import FOLLOW_UP

    first = shared_plan(karin.case, org.anna)
    do_sign_plan_as_staff(first, acting_user=org.anna)
    used = held_meeting(karin.case, org.anna)
    do_establish_plan(first, meeting=used, follow_up_on=FOLLOW_UP, acting_user=org.anna)
    october = held_meeting(karin.case, org.anna, days_ago=36)
    do_share_plan(do_revise_plan(first.plan, acting_user=org.anna), acting_user=org.anna)
    staff_log_in(client, "anna")
    html = client.get(url(karin.case)).content.decode()
    assert "Inget genomfört möte med klienten sedan planen delades 2026-11-20" in html
    today = held_meeting(karin.case, org.anna)
    html = client.get(url(karin.case)).content.decode()
    select = re.search(r'<select name="establish-meeting".*?</select>', html, re.S).group()
    assert f'value="{today.pk}"' in select
    assert f'value="{used.pk}"' not in select and f'value="{october.pk}"' not in select


def test_an_overdue_follow_up_rebooked_on_the_page_still_shows_its_due_date(
    client, karin, org, time_machine
):
    import datetime as dt

    from ekb.plans.actions import do_establish_plan, do_sign_plan_as_staff

    version = shared_plan(karin.case, org.anna)
    do_sign_plan_as_staff(version, acting_user=org.anna)
    do_establish_plan(
        version,
        meeting=held_meeting(karin.case, org.anna),
        follow_up_on=dt.date(2027, 2, 15),
        acting_user=org.anna,
    )
    time_machine.move_to(dt.datetime(2027, 2, 17, 10, tzinfo=dt.UTC), tick=False)
    staff_log_in(client, "anna")
    response = client.post(
        url(karin.case), {"do": "book_follow_up", "book-booked_for": "2027-02-24"}
    )
    # Established on 20 November: the follow-up is held by 20 February at the latest.
    assert response.status_code == 400
    assert "senast 2027-02-20" in response.content.decode()
    client.post(url(karin.case), {"do": "book_follow_up", "book-booked_for": "2027-02-19"})
    html = client.get(url(karin.case)).content.decode()
    assert "Nästa uppföljning senast 2027-02-15. Ombokad till 2027-02-19." in html
    assert "Uppföljningen är försenad." in html


def test_anna_writes_toves_obstacle_about_violence_in_a_field_of_her_own(
    client, kemal_and_tove, org
):
    case, tove = kemal_and_tove.case, kemal_and_tove.tove
    staff_log_in(client, "anna")
    client.post(url(case), {"do": "start"})
    html = client.get(url(case)).content.decode()
    assert f'name="draft-obstacle_violence_{tove.pk}"' in html
    assert 'name="draft-obstacle_violence"' not in html
    assert 'name="draft-obstacle_housing"' in html  # the household's, read by both
    response = client.post(
        url(case),
        {"do": "save", "draft-situation": "Bor tillsammans.", "draft-goal": "Arbete.",
         f"draft-obstacle_violence_{tove.pk}": "Hot i hemmet.",
         "draft-obstacle_housing": "Trångbott."},
    )  # fmt: skip
    assert response.status_code == 302
    version = PlanVersion.objects.get(plan__case=case)
    assert sorted((o.life_area, o.person_id) for o in version.obstacles.all()) == [
        ("housing", None),
        ("violence", tove.pk),
    ]
    assert "Hot i hemmet." in client.get(url(case)).content.decode()  # kept in the draft form
