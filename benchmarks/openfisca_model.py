"""The v1 norm rules written as an OpenFisca model, for the throughput comparison only.

Run with an interpreter that has openfisca-core (see setup_openfisca.sh); it is never
imported by EKB. Parameters are read from EKB's own YAML files, so both engines use the same
amounts. Formulas mirror ekb/norm/rules in OpenFisca style (one variable per concept,
vectorised, integer öre). Support history is given as 64 months of bits (two int32
inputs), so households with longer histories are left out of the equality check.

    python benchmarks/openfisca_model.py IN.npz OUT.npz
reads the columnar sample written by norm_throughput.py and writes the totals and timings.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from openfisca_core.entities import build_entity  # noqa: E402
from openfisca_core.parameters import ParameterNode  # noqa: E402
from openfisca_core.periods import DateUnit  # noqa: E402
from openfisca_core.simulations import SimulationBuilder  # noqa: E402
from openfisca_core.taxbenefitsystems import TaxBenefitSystem  # noqa: E402
from openfisca_core.variables import Variable  # noqa: E402

from ekb.norm.store import ParameterStore  # noqa: E402

MONTH = DateUnit.MONTH

Person = build_entity(key="person", plural="persons", label="Hushållsmedlem", is_person=True)
Household = build_entity(
    key="household",
    plural="households",
    label="Hushåll",
    roles=[
        {"key": "applicant", "plural": "applicants", "max": 1},
        {"key": "co_applicant", "plural": "co_applicants", "max": 1},
        {"key": "child", "plural": "children"},
    ],
)


def _input(name, entity, value_type):
    return type(
        name,
        (Variable,),
        {"value_type": value_type, "entity": entity, "definition_period": MONTH, "label": name},
    )


INPUTS = [
    _input("birth_days", Person, int),
    _input("lunch_at_home", Person, bool),
    _input("days_in_household", Person, int),
    _input("in_school", Person, bool),
    _input("salary", Person, int),
    _input("child_salary", Person, int),
    _input("child_earned_before", Person, int),
    _input("other_income", Person, int),
    _input("cohabiting", Household, bool),
    _input("household_size_input", Household, int),
    _input("costs", Household, int),
    _input("support_lo", Household, int),
    _input("support_hi", Household, int),
]


def _civil(days):
    z = days.astype(np.int64) + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    return yoe + era * 400 + (m <= 2), m, d


class age(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Fyllda år den första dagen i månaden"

    def formula(person, period, parameters):
        y, m, d = _civil(person("birth_days", period))
        ordinal = period.start.year * 12 + period.start.month - 1
        return np.maximum((ordinal - (y * 12 + m - 1) - (d > 1)) // 12, 0)


class is_child(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH

    def formula(person, period, parameters):
        return person.has_role(Household.CHILD)


class counted(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Ingår i hushållet (SOSFS 2013:1)"

    def formula(person, period, parameters):
        p = parameters(period).membership
        return (
            ~person("is_child", period)
            | (person("age", period) < p.school_required_from_age)
            | person("in_school", period)
        )


class personal_norm(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Personliga kostnader (12 kap. 2 § SoF)"

    def formula(person, period, parameters):
        p = parameters(period)
        child = person("is_child", period) & person("counted", period)
        single = ~person("is_child", period) & ~person.household("cohabiting", period)
        age_ = np.minimum(person("age", period), 20)
        with_lunch = np.array([p.child_amounts.with_lunch[f"age_{a}"] for a in range(21)]) * 100
        without = np.array([p.child_amounts.without_lunch[f"age_{a}"] for a in range(21)]) * 100
        amount = np.where(person("lunch_at_home", period), with_lunch[age_], without[age_])
        days = person("days_in_household", period)
        month_days = period.days
        partial = (days > 0) & (days < month_days)
        prorata = (
            (2 * amount * np.where(partial, days, 1) + np.where(partial, month_days, 1) * 100)
            // (2 * np.where(partial, month_days, 1) * 100)
            * 100
        )
        return np.where(single, p.adults.single * 100, 0) + np.where(
            child, np.where(partial, prorata, amount), 0
        )


class persons(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH

    def formula(household, period, parameters):
        return household.sum(household.members("counted", period))


class common_norm(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "Gemensamma hushållskostnader (12 kap. 2–3 §§ SoF)"

    def formula(household, period, parameters):
        p = parameters(period).common
        table = np.array([0] + [p[f"size_{i}"] for i in range(1, 8)]) * 100
        persons_ = household("persons", period)
        size = np.maximum(persons_, household("household_size_input", period))
        full = table[np.minimum(size, 7)] + np.maximum(size - 7, 0) * (table[7] - table[6])
        shared = size > persons_
        share = (
            (2 * full * persons_ + np.where(shared, size, 1) * 100)
            // (2 * np.where(shared, size, 1) * 100)
            * 100
        )
        return np.where(shared, share, full)


class norm(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH

    def formula(household, period, parameters):
        sambo = np.where(
            household("cohabiting", period), parameters(period).adults.cohabiting * 100, 0
        )
        return (
            household.sum(household.members("personal_norm", period))
            + sambo
            + household("common_norm", period)
        )


class jobbstimulans_active(Variable):
    value_type = bool
    entity = Household
    definition_period = MONTH
    label = "Jobbstimulans (4 kap. 1 b § SoL 2001:453)"

    def formula(household, period, parameters):
        p = parameters(period).jobbstimulans
        q, w = int(p.qualifying_months), int(p.window_months)
        lo = household("support_lo", period).astype(np.int64) & 0xFFFFFFFF
        hi = household("support_hi", period).astype(np.int64) & 0xFFFFFFFF
        bits = (hi.astype(np.uint64) << np.uint64(32)) | lo.astype(np.uint64)
        cand = bits.copy()
        for s in range(1, q):
            cand &= bits >> np.uint64(s)
        last = np.full(bits.shape, -1, dtype=np.int64)
        while (cand != 0).any():
            live = cand != 0
            x = cand.copy()
            for s in (1, 2, 4, 8, 16, 32):
                x |= x >> np.uint64(s)
            top = np.bitwise_count(x).astype(np.int64) - 1
            last = np.where(live, top, last)
            limit = top - (w + q)
            keep = np.where(
                limit >= 0,
                (np.uint64(1) << np.maximum(limit + 1, 0).astype(np.uint64)) - np.uint64(1),
                0,
            )
            cand = np.where(live, cand & keep.astype(np.uint64), np.uint64(0))
        return (last >= 0) & (last < w)


class countable_income(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH

    def formula(household, period, parameters):
        p = parameters(period)
        counted_ = household.members("counted", period)
        salary = household.members("salary", period)
        child = household.members("child_salary", period)
        limit = int(round(p.prisbasbelopp * 100 * p.child_earnings.multiple))
        exempt = np.minimum(
            child, np.maximum(0, limit - household.members("child_earned_before", period))
        )
        active = household.project(household("jobbstimulans_active", period))
        percent = int(round(p.jobbstimulans.share * 100))
        disregard = np.where(active, (2 * salary * percent + 100) // 200, 0)
        per_person = salary - disregard + child - exempt + household.members("other_income", period)
        return household.sum(np.where(counted_, per_person, 0))


class need(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH

    def formula(household, period, parameters):
        return household("norm", period) + household("costs", period)


class amount(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "Försörjningsstöd"

    def formula(household, period, parameters):
        return np.maximum(household("need", period) - household("countable_income", period), 0)


def parameters_for(on: date) -> ParameterNode:
    """EKB's parameters in force on ``on``, as an OpenFisca parameter tree."""
    store = ParameterStore()
    key = on.isoformat()

    def value(x):
        return {"values": {key: {"value": float(x)}}}

    children = store.get("riksnorm/children", on).value["bands"]

    def by_age(column):
        out = {}
        for a in range(21):
            band = next(b for b in children if b["min_age"] <= a <= b["max_age"])
            out[f"age_{a}"] = value(band[column] if band[column] is not None else band["amount"])
        return out

    adults = store.get("riksnorm/adults", on).value
    common = store.get("riksnorm/common_household_costs", on).value["by_size"]
    membership = store.get("riksnorm/household_membership", on).value
    jobb = store.get("income/jobbstimulans", on).value
    data = {
        "adults": {"single": value(adults["single"]), "cohabiting": value(adults["cohabiting"])},
        "child_amounts": {"with_lunch": by_age("amount"), "without_lunch": by_age("without_lunch")},
        "common": {f"size_{i + 1}": value(c) for i, c in enumerate(common)},
        "membership": {k: value(v) for k, v in membership.items()},
        "prisbasbelopp": value(store.get("prisbasbelopp", on).value["amount"]),
        "child_earnings": {
            "multiple": value(
                store.get("income/child_earnings_exemption", on).value["prisbasbelopp_multiple"]
            )
        },
        "jobbstimulans": {
            "share": value(jobb["share"]),
            "qualifying_months": value(jobb["qualifying_months"]),
            "window_months": value(jobb["window_months"]),
        },
    }
    return ParameterNode("", data=data)


class SwedishNorm(TaxBenefitSystem):
    def __init__(self, on: date) -> None:
        super().__init__([Person, Household])
        for variable in (
            *INPUTS,
            age,
            is_child,
            counted,
            personal_norm,
            persons,
            common_norm,
            norm,
            jobbstimulans_active,
            countable_income,
            need,
            amount,
        ):
            self.add_variable(variable)
        self.parameters = parameters_for(on)


def run(data: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    ordinal = int(data["month"])
    on = date(ordinal // 12, ordinal % 12 + 1, 1)
    period = on.strftime("%Y-%m")
    t0 = time.perf_counter()
    tbs = SwedishNorm(on)
    t1 = time.perf_counter()
    builder = SimulationBuilder()
    builder.create_entities(tbs)
    n_people = data["member_household"].size
    builder.declare_person_entity("person", np.arange(n_people))
    households = builder.declare_entity("household", np.arange(data["cohabiting"].size))
    builder.join_with_persons(households, data["member_household"], data["member_role"].astype(int))
    sim = builder.build(tbs)
    for name in (
        "birth_days",
        "lunch_at_home",
        "days_in_household",
        "in_school",
        "salary",
        "child_salary",
        "child_earned_before",
        "other_income",
        "cohabiting",
        "household_size_input",
        "costs",
        "support_lo",
        "support_hi",
    ):
        sim.set_input(name, period, data[name])
    result = {
        name: sim.calculate(name, period)
        for name in ("norm", "costs", "need", "countable_income", "amount")
    }
    t2 = time.perf_counter()
    return {
        **{k: np.asarray(v, dtype=np.int64) for k, v in result.items()},
        "seconds_setup": np.float64(t1 - t0),
        "seconds": np.float64(t2 - t1),
    }


if __name__ == "__main__":
    source, target = sys.argv[1], sys.argv[2]
    with np.load(source) as f:
        data = {k: f[k] for k in f.files}
    np.savez(target, **run(data))
