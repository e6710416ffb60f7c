"""Who may give a case to a caseworker (fördelning), as a table: persona × case × target.

The rule lives in the domain (``ekb.cases.access.may_assign``), and ``do_assign_case`` checks it
whatever door the request came through; the case page offers only what the rule allows.
"""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied

from ekb.audit.models import AccessLogEntry
from ekb.cases.access import may_assign
from ekb.cases.actions import do_assign_case
from tests import factories as f
from tests.factories import PASSWORD

# (persona, case, target) -> may assign. "intake" is an open, unassigned case of Norr.
TABLE = [
    # Cecilia, section manager of Norr, distributes every open case of her unit.
    ("cecilia", "norr_annas", "ida", True),
    ("cecilia", "norr_protected_annas", "ida", True),
    ("cecilia", "intake", "anna", True),
    ("cecilia", "soder_bertils", "bertil", False),  # not her unit
    ("cecilia", "norr_annas", "bertil", False),  # Bertil is not a caseworker of Norr
    ("cecilia", "norr_annas", "david", False),  # a senior caseworker is given no cases here
    # David, senior caseworker of Norr, distributes the unit's cases he may see.
    ("david", "norr_annas", "ida", True),
    ("david", "norr_protected_annas", "ida", False),  # he may not see protected cases
    # Anna, caseworker of Norr: only an unassigned case, only to herself.
    ("anna", "intake", "anna", True),
    ("anna", "intake", "ida", False),
    ("anna", "norr_idas", "anna", False),  # taking over Ida's case is the manager's decision
    ("anna", "norr_annas", "ida", False),
    # Others never.
    ("erik", "intake", "anna", False),  # labour-market officer
    ("bertil", "intake", "bertil", False),  # another unit
    ("helena", "intake", "anna", False),  # log auditor
]


@pytest.fixture
def intake(org):
    return f.case(org.norr, assigned=None)


@pytest.mark.parametrize(("persona", "case_name", "target", "allowed"), TABLE)
def test_each_persona_may_assign_exactly_what_the_rule_allows(
    org, cases, intake, persona, case_name, target, allowed
):
    user = getattr(org, persona)
    case = intake if case_name == "intake" else getattr(cases, case_name)
    caseworker = getattr(org, target)
    assert may_assign(user, case, caseworker) is allowed
    if allowed:
        do_assign_case(case, caseworker, acting_user=user)
        case.refresh_from_db()
        assert case.assigned_caseworker == caseworker
    else:
        before = case.assigned_caseworker_id
        with pytest.raises(PermissionDenied):
            do_assign_case(case, caseworker, acting_user=user)
        case.refresh_from_db()
        assert case.assigned_caseworker_id == before
        denied = AccessLogEntry.objects.filter(actor_user_id=user.pk, outcome="denied")
        assert denied.filter(case_id=case.pk).exists()


def test_nobody_assigns_a_closed_case(org, intake):
    intake.closed_on = intake.opened_on
    intake.closure_reason = "work"
    intake.save(update_fields=["closed_on", "closure_reason"])
    assert not may_assign(org.cecilia, intake, org.anna)


def test_anna_sees_no_assignment_form_on_idas_case_and_a_forged_post_changes_nothing(
    client, org, cases
):
    assert client.login(username="anna", password=PASSWORD)
    page = client.get(f"/handlaggare/arenden/{cases.norr_idas.pk}/").content.decode()
    assert "/tilldela/" not in page
    client.post(f"/handlaggare/arenden/{cases.norr_idas.pk}/tilldela/", {"caseworker": org.anna.pk})
    cases.norr_idas.refresh_from_db()
    assert cases.norr_idas.assigned_caseworker == org.ida


def test_anna_takes_an_unassigned_case_from_the_intake_to_herself(client, org, intake):
    assert client.login(username="anna", password=PASSWORD)
    page = client.get(f"/handlaggare/arenden/{intake.pk}/").content.decode()
    assert "/tilldela/" in page
    assert ">Ida" not in page  # she is offered herself only
    client.post(f"/handlaggare/arenden/{intake.pk}/tilldela/", {"caseworker": org.anna.pk})
    intake.refresh_from_db()
    assert intake.assigned_caseworker == org.anna


def test_the_assignment_form_preselects_only_the_current_caseworker_never_another(
    client, org, cases
):
    assert client.login(username="cecilia", password=PASSWORD)

    html = client.get(f"/handlaggare/arenden/{cases.norr_idas.pk}/").content.decode()

    checked = re.findall(r'id="assign-(\d+)"[^>]*checked', html)
    assert checked == [str(org.ida.pk)]


def test_an_unassigned_case_has_no_caseworker_chosen_in_advance(client, org):
    unassigned = f.case(org.norr)
    assert client.login(username="cecilia", password=PASSWORD)

    html = client.get(f"/handlaggare/arenden/{unassigned.pk}/").content.decode()

    assert 'id="assign-' in html
    assert re.findall(r'id="assign-(\d+)"[^>]*checked', html) == []
