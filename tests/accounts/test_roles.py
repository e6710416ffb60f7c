from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ekb.accounts.actions import do_grant_role
from ekb.accounts.roles import Role


def test_a_person_may_hold_several_compatible_roles(org):
    do_grant_role(org.cecilia, Role.CASEWORKER, unit=org.norr)
    assert org.cecilia.role_set() == {Role.SECTION_MANAGER, Role.CASEWORKER}


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SECTION_MANAGER, Role.ADMINISTRATOR])
def test_a_log_auditor_cannot_also_handle_cases_or_grant_access(org, role):
    unit = org.norr if role in (Role.CASEWORKER, Role.SECTION_MANAGER) else None
    with pytest.raises(ValidationError) as error:
        do_grant_role(org.helena, role, unit=unit)
    assert "loggen" in str(error.value)
    assert org.helena.role_assignments.count() == 1


def test_a_committee_member_cannot_be_a_caseworker(org):
    with pytest.raises(ValidationError):
        do_grant_role(org.fatima, Role.CASEWORKER, unit=org.norr)


def test_a_case_role_needs_a_unit(org):
    with pytest.raises(ValidationError) as error:
        do_grant_role(org.gustav, Role.SENIOR_CASEWORKER)
    assert "unit" in error.value.message_dict
