"""The demo municipality, its units (stadsområden) and its staff with their roles."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from ekb.accounts.models import Municipality, RoleAssignment, Unit, User
from ekb.accounts.roles import Role, incompatibility
from ekb.demo import dates


@dataclass
class Organisation:
    municipality: Municipality
    units: dict[str, Unit]  # by code
    users: dict[str, User]  # by username
    caseworkers: dict[str, list[str]] = field(default_factory=dict)  # unit code -> usernames
    managers: dict[str, str] = field(default_factory=dict)  # unit code -> username


def caseworker_count(params: dict, households: int, unit_share: float) -> int:
    staff = params["staff"]
    expected_open = households * unit_share * staff["expected_open_share"]
    return max(
        staff["min_caseworkers_per_unit"], round(expected_open / staff["open_cases_per_caseworker"])
    )


def staff_plan(params: dict, households: int) -> list[dict]:
    """Every staff member as {username, first_name, last_name, role, unit}; fixed logins first."""
    staff = params["staff"]
    plan = [dict(s) for s in staff["fixed"]]
    taken = {s["username"] for s in plan}
    for unit in params["municipality"]["units"]:
        code = unit["code"]
        if f"chef.{code}" not in taken:
            plan.append({"username": f"chef.{code}", "role": Role.SECTION_MANAGER, "unit": code})
        have = sum(1 for s in plan if s["unit"] == code and s["role"] == Role.CASEWORKER)
        number = 2 if have else 1
        for _ in range(caseworker_count(params, households, unit["share"]) - have):
            plan.append(
                {"username": f"handlaggare.{code}.{number}", "role": Role.CASEWORKER, "unit": code}
            )
            number += 1
    return plan


def _password_hash(params: dict, seed: int) -> str:
    # One argon2 hash for every demo login (hashing is slow on purpose). The salt derives from the
    # seed so that two builds give identical rows; the password is public anyway.
    salt = hashlib.sha256(f"ekb-demo-{seed}".encode()).hexdigest()[:22]
    return make_password(params["staff"]["password"], salt=salt)


def create_organisation(
    params: dict, *, seed: int, as_of: dt.date, households: int
) -> Organisation:
    m = params["municipality"]
    municipality = Municipality.objects.create(name=m["name"], code=m["code"], is_demo=True)
    units = {
        u["code"]: Unit.objects.create(municipality=municipality, name=u["name"], code=u["code"])
        for u in m["units"]
    }
    rng = random.Random(f"{seed}:staff")
    names = params["names"]
    password = _password_hash(params, seed)
    joined = dates.at(as_of.replace(day=1) - dt.timedelta(days=3 * 365), 8)
    users, assignments = [], []
    plan = staff_plan(params, households)
    for n, person in enumerate(plan):
        origin = names["foreign_born" if rng.random() < 0.25 else "swedish"]
        sex = rng.choice(["female", "male"])
        user = User(
            username=person["username"],
            first_name=person.get("first_name") or rng.choice(origin[sex]),
            last_name=person.get("last_name") or rng.choice(origin["last"]),
            email=f"{person['username']}@{params['staff']['email_domain']}",
            phone=f"{params['staff']['phone_prefix']}{n % 100:02d}",
            municipality=municipality,
            password=password,
            date_joined=joined,
        )
        users.append(user)
    User.objects.bulk_create(users)
    by_name = {u.username: u for u in User.objects.filter(municipality=municipality)}
    org = Organisation(municipality, units, by_name)
    for person in plan:
        role, unit = person["role"], person["unit"]
        reason = incompatibility({role})
        if reason:  # one role each here, but keep the separation-of-duties rule the only gate
            raise RuntimeError(reason)
        assignments.append(
            RoleAssignment(
                user=by_name[person["username"]], role=role, unit=units[unit] if unit else None
            )
        )
        if role == Role.CASEWORKER:
            org.caseworkers.setdefault(unit, []).append(person["username"])
        elif role == Role.SECTION_MANAGER:
            org.managers[unit] = person["username"]
    RoleAssignment.objects.bulk_create(assignments)
    return org
