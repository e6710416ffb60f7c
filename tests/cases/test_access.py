"""The access rule as a table: persona (role and unit) × case (unit, protected identity, assignment)."""

from __future__ import annotations

import pytest
from django.http import Http404

from ekb.audit.access import may_read_access_log
from ekb.audit.models import AccessLogEntry
from ekb.cases.access import access_case_by_id, may_assign, may_see_case, visible_cases
from ekb.payments.access import payment_scope
from tests import factories as f

CASES = [
    "norr_annas",
    "norr_idas",
    "norr_protected_annas",
    "norr_protected_idas",
    "soder_bertils",
    "soder_protected",
]

# 1 = may see the case, 0 = gets "not found". Columns follow CASES.
EXPECTED = {
    "anna": "111000",  # caseworker Norr: the unit's cases; protected only her own assigned one
    "ida": "110100",  # caseworker Norr, assigned to the other protected case
    "bertil": "000011",  # caseworker Söder, assigned to both Söder cases
    "cecilia": "111100",  # section manager Norr: every Norr case, protected included
    "david": "110000",  # senior caseworker Norr: no protected case
    "erik": "110000",  # labour-market officer Norr: no protected case
    "fatima": "000000",  # committee member: no case access
    "gustav": "000000",  # administrator: no case access
    "helena": "000000",  # log auditor: no case access
}
TABLE = [(p, c, row[i] == "1") for p, row in EXPECTED.items() for i, c in enumerate(CASES)]


@pytest.mark.parametrize(("persona", "case_name", "allowed"), TABLE)
def test_each_persona_sees_exactly_the_cases_the_rule_allows(
    org, cases, persona, case_name, allowed
):
    user = getattr(org, persona)
    case = getattr(cases, case_name)
    assert visible_cases(user).filter(pk=case.pk).exists() is allowed
    assert may_see_case(user, case) is allowed
    if allowed:
        assert access_case_by_id(user, case.pk) == case
    else:
        with pytest.raises(Http404):
            access_case_by_id(user, case.pk)


def test_a_refusal_looks_exactly_like_a_missing_case(org, cases):
    with pytest.raises(Http404) as missing:
        access_case_by_id(org.anna, 10_000_000)
    with pytest.raises(Http404) as hidden:
        access_case_by_id(org.anna, cases.soder_protected.pk)
    assert str(missing.value) == str(hidden.value)
    assert "skydd" not in str(hidden.value).lower()


def test_an_inactive_caseworker_sees_nothing(org, cases):
    org.anna.is_active = False
    org.anna.save(update_fields=["is_active"])
    assert not visible_cases(org.anna).exists()


def test_every_attempt_is_logged_with_its_outcome(org, cases):
    access_case_by_id(org.anna, cases.norr_annas.pk)
    with pytest.raises(Http404):
        access_case_by_id(org.anna, cases.soder_bertils.pk)
    rows = list(AccessLogEntry.objects.filter(actor_user_id=org.anna.pk).order_by("id"))
    assert [(r.case_id, r.outcome, r.action_text) for r in rows] == [
        (cases.norr_annas.pk, "permitted", "Öppnade ärendet"),
        (cases.soder_bertils.pk, "denied", "Öppnade ärendet"),
    ]
    assert rows[0].actor_roles == "caseworker"


# The other doors decided in the domain (issue 10), as one table: 1 = allowed.
# Columns: the Norr payment list; the access log; moving Ida's Norr case to Anna; taking an
# unassigned Norr case to oneself.
OTHER_DOORS = {
    "anna": "0001",  # a caseworker takes an unassigned case, never a colleague's
    "ida": "0001",
    "bertil": "0000",  # Söder: Norr's cases are not his
    "cecilia": "1010",  # section manager Norr: pays and distributes; is not given cases herself
    "david": "0010",  # senior caseworker Norr: distributes
    "erik": "0000",
    "fatima": "0000",
    "gustav": "0000",  # the administrator runs the system, not the cases or the log
    "helena": "0100",  # the log auditor reads the log and nothing else
}


def _may_see_payment_list(user) -> bool:
    try:
        payment_scope(user)
    except Http404:
        return False
    return True


@pytest.mark.parametrize(("persona", "expected"), OTHER_DOORS.items())
def test_each_persona_may_use_exactly_the_doors_the_rules_give_the_role(
    org, cases, persona, expected
):
    user = getattr(org, persona)
    unassigned = f.case(org.norr)
    got = [
        _may_see_payment_list(user),
        may_read_access_log(user),
        may_assign(user, cases.norr_idas, org.anna),
        may_assign(user, unassigned, user),
    ]
    assert "".join("1" if allowed else "0" for allowed in got) == expected
