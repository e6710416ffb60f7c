from __future__ import annotations

from ekb.cases.access import visible_cases
from ekb.cases.actions import do_set_protected_identity


def test_marking_a_member_protected_hides_the_case_from_the_unit_at_once(org, cases):
    applicant = cases.norr_idas.household.members.get().person
    assert visible_cases(org.anna).filter(pk=cases.norr_idas.pk).exists()

    do_set_protected_identity(applicant, True, acting_user=org.cecilia)

    cases.norr_idas.refresh_from_db()
    assert cases.norr_idas.is_protected
    assert not visible_cases(org.anna).filter(pk=cases.norr_idas.pk).exists()
    assert visible_cases(org.ida).filter(pk=cases.norr_idas.pk).exists()
    assert visible_cases(org.cecilia).filter(pk=cases.norr_idas.pk).exists()


def test_lifting_protection_makes_the_case_visible_to_the_unit_again(org, cases):
    applicant = cases.norr_protected_idas.household.members.get().person
    do_set_protected_identity(applicant, False, acting_user=org.cecilia)
    assert visible_cases(org.anna).filter(pk=cases.norr_protected_idas.pk).exists()
