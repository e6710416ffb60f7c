"""The split way of working (seed 004 §2.5): a labour-market officer beside the caseworker,
named on the case; access stays unit-wide."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ekb.accounts.roles import Role
from ekb.audit.models import AccessLogEntry
from ekb.cases.access import may_see_case
from ekb.cases.choices import EventKind
from ekb.cases.labour_market import (
    do_set_labour_market_officer,
    officer_cases,
    officer_options,
)
from tests import factories as f


def test_anna_names_erik_on_her_case_and_it_is_logged_once(org, cases):
    case = cases.norr_annas
    do_set_labour_market_officer(case, org.erik, acting_user=org.anna)
    do_set_labour_market_officer(case, org.erik, acting_user=org.anna)  # a second click
    case.refresh_from_db()
    assert case.labour_market_officer == org.erik
    events = case.events.filter(kind=EventKind.LABOUR_MARKET_OFFICER_SET)
    assert events.count() == 1 and not events.get().visible_to_client
    assert AccessLogEntry.objects.filter(case_id=case.pk, action="change_case").count() == 1


def test_only_a_labour_market_officer_of_the_cases_unit_can_be_named(org, cases):
    soder_officer = f.staff("sofia", org.muni, (Role.LABOUR_MARKET_OFFICER, org.soder))
    assert officer_options(cases.norr_annas) == [org.erik]
    for wrong in (org.ida, soder_officer):
        with pytest.raises(ValidationError):
            do_set_labour_market_officer(cases.norr_annas, wrong, acting_user=org.anna)
    cases.norr_annas.refresh_from_db()
    assert cases.norr_annas.labour_market_officer is None


def test_someone_outside_the_unit_may_not_name_her(org, cases):
    with pytest.raises(PermissionDenied):
        do_set_labour_market_officer(cases.norr_annas, org.erik, acting_user=org.bertil)
    with pytest.raises(PermissionDenied):
        do_set_labour_market_officer(cases.norr_annas, org.erik, acting_user=org.fatima)


def test_the_officer_can_be_removed_and_the_combined_way_is_back(org, cases):
    do_set_labour_market_officer(cases.norr_annas, org.erik, acting_user=org.cecilia)
    do_set_labour_market_officer(cases.norr_annas, None, acting_user=org.erik)
    cases.norr_annas.refresh_from_db()
    assert cases.norr_annas.labour_market_officer is None


def test_eriks_list_holds_his_cases_and_naming_him_gives_no_new_access(org, cases):
    do_set_labour_market_officer(cases.norr_annas, org.erik, acting_user=org.anna)
    assert list(officer_cases(org.erik)) == [cases.norr_annas]
    # A protected case stays outside a labour-market officer's reach, as before.
    assert not may_see_case(org.erik, cases.norr_protected_annas)
    assert list(officer_cases(org.ida)) == []


def test_a_protected_case_is_not_shared_with_the_officer(org, cases):
    with pytest.raises(ValidationError):
        do_set_labour_market_officer(cases.norr_protected_annas, org.erik, acting_user=org.cecilia)
