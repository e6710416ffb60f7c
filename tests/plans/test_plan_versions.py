"""The plan is written as a draft, shared with the client, and revised as a new version: the
shared text never changes and the earlier versions stay readable."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ekb.cases.choices import EventKind
from ekb.plans.actions import (
    do_add_plan_condition,
    do_revise_plan,
    do_save_plan_draft,
    do_share_plan,
    do_start_plan,
)
from ekb.plans.choices import VersionStatus
from ekb.plans.models import PlanVersion
from ekb.plans.rules import conditions_in_force
from tests.plans.helpers import shared_plan, written_draft

pytestmark = pytest.mark.django_db


def test_starting_a_plan_twice_gives_the_same_plan_and_its_draft(karin, org):
    first = do_start_plan(karin.case, acting_user=org.anna)
    again = do_start_plan(karin.case, acting_user=org.anna)
    assert first.pk == again.pk
    assert first.status == VersionStatus.DRAFT
    assert "12 kap. 1 §" in first.intervention


def test_the_draft_keeps_the_clients_words_and_only_the_obstacles_that_apply(karin, org):
    version = written_draft(
        karin.case,
        org.anna,
        obstacles={"health": "Ryggbesvär", "language": "", "housing": " "},
        personal_obstacles={},
    )
    version.refresh_from_db()
    assert version.goal == "Jag vill arbeta som undersköterska inom ett år."
    # Health is a sensitive area: with Karin the only adult, the obstacle is hers.
    assert [(o.life_area, o.person_id, o.text) for o in version.obstacles.all()] == [
        ("health", karin.applicant.pk, "Ryggbesvär")
    ]
    assert [g.text for g in version.sub_goals.all()] == [
        "Läsa klart svenska på SFI-nivå D",
        "Söka undersköterskeutbildning",
    ]


def test_a_plan_is_not_shared_without_the_clients_own_goal(karin, org):
    version = written_draft(karin.case, org.anna, goal="  ")
    with pytest.raises(ValidationError) as refused:
        do_share_plan(version, acting_user=org.anna)
    assert "goal" in refused.value.message_dict
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


def test_sharing_fixes_the_text_and_tells_the_client(karin, org):
    version = shared_plan(karin.case, org.anna)
    assert version.status == VersionStatus.SHARED
    assert karin.case.events.filter(kind=EventKind.PLAN_SHARED, visible_to_client=True).exists()
    with pytest.raises(ValidationError) as refused:
        do_save_plan_draft(
            version, data={"goal": "Ändrat"}, obstacles={}, sub_goals=[], acting_user=org.anna
        )
    assert "ny version" in " ".join(refused.value.messages)
    version.refresh_from_db()
    assert version.goal.startswith("Jag vill arbeta")


def test_a_revision_is_a_new_version_and_the_shared_one_is_kept_as_it_was(karin, org):
    first = shared_plan(karin.case, org.anna)
    second = do_revise_plan(first.plan, acting_user=org.anna)
    assert (second.number, second.status) == (2, VersionStatus.DRAFT)
    assert second.goal == first.goal
    assert second.conditions.get().individual_reason.startswith("Karin har arbetsförmåga")
    assert second.activities.count() == 1 and second.sub_goals.count() == 2
    do_save_plan_draft(
        second,
        data={"situation": "Har börjat på SFI.", "goal": "Jag vill bli undersköterska."},
        obstacles={},
        sub_goals=["Söka undersköterskeutbildning"],
        acting_user=org.anna,
    )
    do_share_plan(second, acting_user=org.anna)
    first.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED
    assert first.goal == "Jag vill arbeta som undersköterska inom ett år."
    assert first.sub_goals.count() == 2
    assert PlanVersion.objects.filter(plan=first.plan).count() == 2


def test_revising_while_a_draft_is_open_returns_that_draft(karin, org):
    first = shared_plan(karin.case, org.anna)
    draft = do_revise_plan(first.plan, acting_user=org.anna)
    assert do_revise_plan(first.plan, acting_user=org.anna).pk == draft.pk


def test_a_condition_states_the_law_in_force_and_needs_an_individual_reason(karin, org):
    version = do_start_plan(karin.case, acting_user=org.anna)
    with pytest.raises(ValidationError) as refused:
        do_add_plan_condition(
            version, key="assigned_activity", individual_reason=" ", acting_user=org.anna
        )
    assert "individual_reason" in refused.value.message_dict
    condition = do_add_plan_condition(
        version,
        key="assigned_activity",
        individual_reason="Praktik passar hennes mål.",
        acting_user=org.anna,
    )
    # On 20 November 2026 the activity requirement's sections are in force (from 2026-07-01).
    rule = conditions_in_force(karin.case.opened_on.replace(year=2026, month=11, day=20))
    assert condition.legal_basis == rule["assigned_activity"].legal_basis
    assert "4 a–6 a" in condition.legal_basis
    assert condition.consequence


def test_the_law_before_the_activity_requirement_cites_the_older_paragraph():
    import datetime as dt

    before = conditions_in_force(dt.date(2026, 6, 30))["assigned_activity"]
    after = conditions_in_force(dt.date(2026, 7, 1))["assigned_activity"]
    assert "12 kap. 6 §" in before.legal_basis
    assert before.legal_basis != after.legal_basis


def test_an_unknown_condition_is_refused(karin, org):
    version = do_start_plan(karin.case, acting_user=org.anna)
    with pytest.raises(ValidationError) as refused:
        do_add_plan_condition(
            version, key="be_grateful", individual_reason="x", acting_user=org.anna
        )
    assert "key" in refused.value.message_dict


def test_a_sensitive_obstacle_in_a_couples_plan_is_written_for_the_adult_it_is_about(
    kemal_and_tove, org
):
    case, tove = kemal_and_tove.case, kemal_and_tove.tove
    with pytest.raises(ValidationError) as refused:
        written_draft(
            case, org.anna, obstacles={"violence": "Hot i hemmet."}, personal_obstacles={}
        )
    assert "för den vuxna det gäller" in refused.value.message_dict["obstacle_violence"][0]
    version = written_draft(
        case,
        org.anna,
        obstacles={"housing": "Trångbott i en tvåa."},
        personal_obstacles={tove.pk: {"violence": "Hot i hemmet."}},
    )
    shared_plan_rows = [(o.life_area, o.person_id) for o in version.obstacles.order_by("id")]
    assert shared_plan_rows == [("housing", None), ("violence", tove.pk)]
    do_share_plan(version, acting_user=org.anna)
    revised = do_revise_plan(version.plan, acting_user=org.anna)
    assert [
        (o.life_area, o.person_id) for o in revised.obstacles.order_by("id")
    ] == shared_plan_rows
