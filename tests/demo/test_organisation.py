"""Units, staff, roles and the documented logins of the demo municipality."""

from pathlib import Path

import pytest
from django.contrib.auth import authenticate

from ekb.accounts.models import RoleAssignment, Unit, User
from ekb.accounts.roles import Role, incompatibility
from ekb.demo import parameters
from ekb.demo.build import DEFAULT_SEED, build_demo
from ekb.demo.organisation import staff_plan
from tests.demo.conftest import AS_OF

PASSWORD = "ekb-demo-2026"
LOGINS = {
    "handlaggare.norr": ("Anna", "Lind", Role.CASEWORKER, "norr"),
    "handlaggare.soder": ("Omar", "Haddad", Role.CASEWORKER, "soder"),
    "chef.norr": ("Karin", "Berg", Role.SECTION_MANAGER, "norr"),
    "forste.norr": (None, None, Role.SENIOR_CASEWORKER, "norr"),
    "arbetsmarknad.norr": (None, None, Role.LABOUR_MARKET_OFFICER, "norr"),
    "namnd": (None, None, Role.COMMITTEE_MEMBER, None),
    "admin": (None, None, Role.ADMINISTRATOR, None),
    "loggranskare": (None, None, Role.LOG_AUDITOR, None),
}


def test_the_municipality_is_fictional_and_marked_as_the_demo(demo):
    assert (demo.name, demo.code, demo.is_demo) == ("Ekbacka kommun", "9999", True)
    units = dict(Unit.objects.filter(municipality=demo).values_list("code", "name"))
    assert units == {
        "norr": "Norr",
        "soder": "Söder",
        "oster": "Öster",
        "vaster": "Väster",
        "innerstaden": "Innerstaden",
    }


def test_every_role_is_held_by_someone(demo):
    held = set(
        RoleAssignment.objects.filter(user__municipality=demo).values_list("role", flat=True)
    )
    assert held == set(Role.values)


def test_no_one_holds_incompatible_roles_and_each_unit_has_one_section_manager(demo):
    for user in User.objects.filter(municipality=demo):
        assert incompatibility(user.role_set()) is None
    managers = RoleAssignment.objects.filter(user__municipality=demo, role=Role.SECTION_MANAGER)
    assert sorted(managers.values_list("unit__code", flat=True)) == sorted(
        u["code"] for u in parameters.load()["municipality"]["units"]
    )


@pytest.mark.parametrize("households", [1500, 150_000])
def test_staff_grow_with_the_households_so_caseloads_stay_realistic(households):
    params = parameters.load()
    plan = staff_plan(params, households)
    if households == 1500:
        assert 22 <= len(plan) <= 30  # about 25 staff in the default demo
    share_open = params["staff"]["expected_open_share"]
    for unit in params["municipality"]["units"]:
        workers = sum(1 for s in plan if s["unit"] == unit["code"] and s["role"] == Role.CASEWORKER)
        assert 30 <= households * unit["share"] * share_open / workers <= 60


def test_the_documented_logins_work_with_the_documented_password(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    build_demo(households=20, seed=DEFAULT_SEED, as_of=AS_OF)
    for username, (first, last, role, unit) in LOGINS.items():
        user = authenticate(None, username=username, password=PASSWORD)
        assert user is not None, username
        assert user.password.startswith("argon2")
        assert user.phone
        if first:
            assert (user.first_name, user.last_name) == (first, last)
        assignment = user.role_assignments.get()
        assert (assignment.role, assignment.unit.code if assignment.unit else None) == (role, unit)
    assert authenticate(None, username="handlaggare.norr", password="fel-losenord") is None


def test_logins_md_lists_every_fixed_login_and_the_password():
    text = (Path(parameters.__file__).parent / "LOGINS.md").read_text(encoding="utf-8")
    assert PASSWORD in text
    for username in LOGINS:
        assert f"`{username}`" in text
