"""Generated households: who lives there, their ages, reasons for need, incomes and costs.

Pure Python, no database: a household is a function of the seed, its index and the as-of date,
so households can be made in any chunking and still come out the same.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from ekb.demo import dates
from ekb.demo.identity import IdentityNumbers

PERSON_PHONES = [f"070-174 06 {n:02d}" for n in range(5, 100)]  # PTS: for fictional use


@dataclass
class Member:
    key: str  # p1, p2, c1, ... as in the household-month contract
    role: str  # applicant, co_applicant, child
    first_name: str
    last_name: str
    sex: str
    birth_date: dt.date
    foreign_born: bool
    identity_number: str = ""
    coordination: bool = False
    protected: bool = False
    phone: str = ""
    relationship: str = ""
    days_per_month: int | None = None
    lunch_at_home: bool = False
    in_school: bool = False
    reason: str = ""  # försörjningshinder, adults only
    incomes: list[tuple[str, int]] = field(default_factory=list)  # (type, monthly amount)
    child_salary: int = 0  # summer-job earnings per summer month, children 16+


@dataclass
class Household:
    index: int
    kind: str
    members: list[Member]
    other_residents: int
    rent: int  # at the as-of date; earlier years are lower
    electricity: int
    home_insurance: int
    costs: list[tuple[str, int]]  # other monthly costs (work travel, fees, childcare)
    household_incomes: list[tuple[str, str, int]]  # (member key, type, amount): child benefits

    @property
    def adults(self) -> list[Member]:
        return [m for m in self.members if m.role != "child"]

    @property
    def children(self) -> list[Member]:
        return [m for m in self.members if m.role == "child"]

    @property
    def is_protected(self) -> bool:
        return any(m.protected for m in self.members)


def pick(rng: random.Random, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def between(rng: random.Random, bounds) -> int:
    return rng.randint(int(bounds[0]), int(bounds[1]))


def _birth_date(rng: random.Random, age: int, as_of: dt.date) -> dt.date:
    """A birth date giving this age at the as-of date."""
    latest = (
        as_of.replace(year=as_of.year - age)
        if not (as_of.month == 2 and as_of.day == 29)
        else (dt.date(as_of.year - age, 2, 28))
    )
    return latest - dt.timedelta(days=rng.randint(0, 364))


class HouseholdFactory:
    def __init__(self, params: dict, *, seed: int, as_of: dt.date, numbers: IdentityNumbers):
        self.p = params
        self.seed = seed
        self.as_of = as_of
        self.numbers = numbers
        self.last_month = dates.month_of(as_of) + 1
        names = params["names"]
        self.names = {
            False: (names["swedish"]["female"], names["swedish"]["male"], names["swedish"]["last"]),
            True: (
                names["foreign_born"]["female"],
                names["foreign_born"]["male"],
                names["foreign_born"]["last"],
            ),
        }

    # -- persons --------------------------------------------------------------------------

    def _first_name(self, rng, sex: str, foreign_born: bool) -> str:
        female, male, _ = self.names[foreign_born]
        return rng.choice(female if sex == "f" else male)

    def _last_name(self, rng, foreign_born: bool) -> str:
        return rng.choice(self.names[foreign_born][2])

    def _adult(self, rng, key, role, sex, age, foreign_born, last_name=None) -> Member:
        return Member(
            key=key,
            role=role,
            first_name=self._first_name(rng, sex, foreign_born),
            last_name=last_name or self._last_name(rng, foreign_born),
            sex=sex,
            birth_date=_birth_date(rng, age, self.as_of),
            foreign_born=foreign_born,
        )

    def _child_fits(self, day: dt.date) -> bool:
        # A child must be under 21 in every calculated month (the engine refuses older ones)
        # and born before the as-of date.
        return day < self.as_of and dates.age_on(day, dates.first_day(self.last_month)) <= 20

    def _adult_fits(self, day: dt.date) -> bool:
        # At least 19 at the as-of date, so that every adult can have applied as an adult.
        return dates.age_on(day, self.as_of) >= 19

    def _children(self, rng, count: int, parent_age: int, foreign_born: bool, last_name: str):
        hh = self.p["households"]
        oldest = parent_age - between(rng, hh["parent_age_at_first_child"])
        if oldest > 18:
            # Older children have mostly moved out; some 19-20-year-olds still live at home and
            # go to school.
            if rng.random() < hh["older_child_in_school_share"]:
                oldest = rng.randint(19, 20)
            else:
                oldest = rng.randint(*hh["oldest_child_at_home"])
        elif oldest < 0:
            oldest = rng.randint(0, max(0, parent_age - 18))
        ages = []
        age = oldest
        while len(ages) < count and age >= 0:
            ages.append(age)
            age -= between(rng, hh["child_spacing_years"])
        children = []
        for n, age in enumerate(ages, start=1):
            sex = rng.choice("mf")
            birth = _birth_date(rng, age, self.as_of)
            if age == 0:
                birth = self.as_of - dt.timedelta(days=rng.randint(30, 364))
            while not self._child_fits(birth):
                birth += dt.timedelta(days=30)
            child = Member(
                key=f"c{n}",
                role="child",
                first_name=self._first_name(
                    rng, sex, False if rng.random() < 0.4 else foreign_born
                ),
                last_name=last_name,
                sex=sex,
                birth_date=birth,
                foreign_born=foreign_born and age > 6 and rng.random() < 0.5,
                in_school=age >= 7,
            )
            if 1 <= age <= 6:
                child.lunch_at_home = rng.random() < hh["preschool_lunch_at_home_share"]
            elif age == 0:
                child.lunch_at_home = True
            children.append(child)
        return children

    def _identity(self, member: Member, rng) -> None:
        coordination = (
            member.foreign_born and rng.random() < self.p["households"]["coordination_number_share"]
        )
        acceptable = self._child_fits if member.role == "child" else self._adult_fits
        number, birth = self.numbers.allocate(
            member.birth_date, member.sex, coordination=coordination, acceptable=acceptable
        )
        member.identity_number, member.birth_date, member.coordination = number, birth, coordination

    # -- reasons and incomes --------------------------------------------------------------

    def _reason(self, rng, kind: str, has_small_child: bool) -> str:
        weights = self.p["reasons"]["young_adult" if kind == "young_adult" else "adults"]
        while True:
            reason = pick(rng, weights)
            if reason != "parental_leave" or has_small_child:
                return reason

    def _incomes(self, rng, reason: str) -> list[tuple[str, int]]:
        incomes = []
        for income_type, share, bounds in self.p["reasons"]["incomes"].get(reason, []):
            if rng.random() < share:
                incomes.append((income_type, between(rng, bounds)))
        return incomes

    # -- the household --------------------------------------------------------------------

    def make(self, index: int, *, kind: str | None = None, protected: bool = False) -> Household:
        rng = random.Random(f"{self.seed}:household:{index}")
        hh = self.p["households"]
        kind = kind or pick(rng, {k: v["share"] for k, v in hh["types"].items()})
        spec = hh["types"][kind]
        foreign_born = rng.random() < hh["foreign_born_share"]
        sexes = list(spec["sex"])
        if spec["adults"] == 1:
            sexes = [rng.choice(sexes)]
        age = between(rng, spec["ages"])
        applicant = self._adult(rng, "p1", "applicant", sexes[0], age, foreign_born)
        members = [applicant]
        if spec["adults"] == 2:
            # Mostly a man and a woman; the partner is often of the same origin and near in age.
            partner_foreign = foreign_born if rng.random() < 0.85 else not foreign_born
            partner_age = max(19, age + rng.randint(-8, 6))
            partner = self._adult(
                rng,
                "p2",
                "co_applicant",
                sexes[1] if rng.random() < 0.97 else sexes[0],
                partner_age,
                partner_foreign,
                last_name=applicant.last_name if rng.random() < 0.5 else None,
            )
            partner.relationship = pick(rng, hh["relationships"])
            members.append(partner)
        youngest_adult = min(dates.age_on(m.birth_date, self.as_of) for m in members)
        low, high = spec["children"]
        count = 0
        if high:
            weights = {int(k): v for k, v in hh["children_count"].items() if low <= int(k) <= high}
            count = pick(rng, weights)
        children = []
        if count:
            children = self._children(rng, count, youngest_adult, foreign_born, applicant.last_name)
            if spec["adults"] == 1:
                for child in children:
                    if rng.random() < hh["two_homes_child_share"]:
                        child.days_per_month = between(rng, hh["two_homes_days"])
        elif (
            spec["adults"] == 1
            and kind != "young_adult"
            and rng.random() < hh["visiting_child_share"]
        ):
            children = self._children(rng, 1, youngest_adult, foreign_born, applicant.last_name)
            children[0].days_per_month = between(rng, hh["visiting_child_days"])
        members += children

        small_child = any(dates.age_on(c.birth_date, self.as_of) < 2 for c in children)
        for adult in members[: spec["adults"]]:
            adult.reason = self._reason(rng, kind, small_child)
            adult.incomes = self._incomes(rng, adult.reason)
        for member in members:
            self._identity(member, rng)
        applicant.phone = rng.choice(PERSON_PHONES)
        applicant.protected = protected

        other_residents = 0
        if rng.random() < hh["other_residents_share"]:
            other_residents = rng.randint(1, 2)
        costs = self._costs(rng, members)
        rent, electricity, insurance = self._housing(rng, kind, len(members) + other_residents)
        return Household(
            index=index,
            kind=kind,
            members=members,
            other_residents=other_residents,
            rent=rent,
            electricity=electricity,
            home_insurance=insurance,
            costs=costs,
            household_incomes=self._child_benefits(rng, kind, members),
        )

    def _housing(self, rng, kind: str, size: int) -> tuple[int, int, int]:
        r = self.p["rent"]
        by_size = {int(k): v for k, v in r["by_size"].items()}
        if kind == "young_adult" and rng.random() < 0.6:
            rent = between(rng, r["young_adult_room"])
        else:
            rent = between(rng, by_size[min(size, max(by_size))])
            rent += 800 * max(0, size - max(by_size))
        electricity_by_size = {int(k): v for k, v in r["electricity_by_size"].items()}
        electricity = 0
        if rng.random() < r["electricity_share"]:
            electricity = between(rng, electricity_by_size[min(size, max(electricity_by_size))])
        insurance = (
            between(rng, r["home_insurance"]) if rng.random() < r["home_insurance_share"] else 0
        )
        return rent, electricity, insurance

    def _costs(self, rng, members: list[Member]) -> list[tuple[str, int]]:
        c = self.p["costs"]
        costs = []
        for adult in (m for m in members if m.role != "child"):
            types = {t for t, _ in adult.incomes}
            if "salary" in types:
                if rng.random() < 0.7:
                    costs.append(("work_travel", between(rng, c["work_travel"])))
                if rng.random() < c["union_fee_share"]:
                    costs.append(("union_fee", between(rng, c["union_fee"])))
            if (
                types & {"salary", "unemployment_benefit"}
                and rng.random() < c["unemployment_fund_fee_share"]
            ):
                costs.append(("unemployment_fund_fee", between(rng, c["unemployment_fund_fee"])))
        for child in (m for m in members if m.role == "child"):
            age = dates.age_on(child.birth_date, self.as_of)
            if 1 <= age <= 5 and not child.lunch_at_home and child.days_per_month is None:
                costs.append(("childcare_fee", between(rng, c["childcare_fee"])))
        return costs

    def _child_benefits(self, rng, kind: str, members: list[Member]) -> list[tuple[str, str, int]]:
        b = self.p["child_benefits"]
        incomes = []
        # Barnbidrag is paid until the quarter in which the child turns 16 (socialförsäkringsbalken
        # 15 kap. 4 §); an older child in school has studiehjälp from CSN instead, left out of the
        # demo (a fresh-eye tester found barnbidrag counted for a 20-year-old).
        resident = [
            c
            for c in members
            if c.role == "child"
            and (c.days_per_month or 31) >= 10
            and dates.age_on(c.birth_date, self.as_of) < 16
        ]
        if resident:
            supplement = {int(k): v for k, v in b["large_family_supplement"].items()}
            allowance = b["child_allowance_per_child"] * len(resident)
            allowance += supplement.get(min(len(resident), max(supplement)), 0)
            if any(c.days_per_month for c in resident):
                # Barnbidrag for a child in two homes is shared between the parents.
                allowance -= (
                    b["child_allowance_per_child"]
                    // 2
                    * sum(1 for c in resident if c.days_per_month)
                )
            incomes.append(("p1", "child_allowance", allowance))
            single = sum(1 for m in members if m.role != "child") == 1
            if single and rng.random() < b["maintenance_support_share"]:
                bands = sorted((int(k), v) for k, v in b["maintenance_support_by_age"].items())
                total = 0
                for child in resident:
                    if child.days_per_month is None:
                        age = dates.age_on(child.birth_date, self.as_of)
                        total += [v for lower, v in bands if age >= lower][-1]
                if total:
                    incomes.append(("p1", "maintenance_support", total))
            if rng.random() < b["housing_allowance_share_families"]:
                incomes.append(
                    ("p1", "housing_allowance", between(rng, b["housing_allowance_families"]))
                )
        elif kind == "young_adult" and rng.random() < b["housing_allowance_share_young"]:
            incomes.append(("p1", "housing_allowance", between(rng, b["housing_allowance_young"])))
        for child in members:
            if child.role == "child" and child.days_per_month is None:
                if (
                    dates.age_on(child.birth_date, self.as_of) >= 16
                    and rng.random() < b["child_salary_share_16_plus"]
                ):
                    child.child_salary = between(rng, b["child_salary"])
        return incomes
