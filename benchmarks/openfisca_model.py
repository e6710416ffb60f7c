"""The v1 norm rules written as an OpenFisca model, for the throughput comparison only.

Run with an interpreter that has openfisca-core (see setup_openfisca.sh); it is never
imported by EKB. Parameters are read from EKB's own YAML files, so both engines use the same
amounts. Formulas mirror ekb/norm/rules in OpenFisca style (one variable per concept,
vectorised, integer öre).

Two ways in, both timed here (norm_throughput.py prints both, labelled):

fair
    Starts from the same columnar tables ``calculate_many`` reads (``ekb/norm/batch.py``:
    households, members, incomes, costs, support months). The timed path builds the
    OpenFisca inputs from them with NumPy (entities and roles through the SimulationBuilder's
    vectorial API, incomes summed per person by kind, costs per household, and the support
    history as one ``received_support`` boolean per household and past month, OpenFisca's
    own way of giving a time series), then calculates the five totals. Exact for any length
    of history, so the totals are compared with EKB's for every household.
head start
    The earlier comparison: the inputs arrive already aggregated per person and the history
    already packed as 64 bits per household (two int32 inputs), built outside the timer;
    only SimulationBuilder + set_input + calculate are timed. Households whose history is
    longer than 64 months cannot be represented and are left out of its equality check.

Neither path validates the input (OpenFisca checks only array lengths and casts dtypes).

    python benchmarks/openfisca_model.py OUT.npz --tables T.npz [--head-start H.npz] [--repeat N]
writes the totals of each mode, the seconds of every timed run and the peak memory.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from openfisca_core import periods  # noqa: E402
from openfisca_core.entities import build_entity  # noqa: E402
from openfisca_core.parameters import ParameterNode  # noqa: E402
from openfisca_core.periods import DateUnit, Period  # noqa: E402
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
    _input("birth_date", Person, date),
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
    _input("support_lo", Household, int),  # head start: months M-1 .. M-32 as bits
    _input("support_hi", Household, int),  # head start: months M-33 .. M-64 as bits
    _input("received_support", Household, bool),  # fair: one value per past month
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
        y, m, d = _civil(person("birth_date", period).astype(np.int64))
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


def _jobbstimulans(formula):
    """The variable ``jobbstimulans_active`` with one of the two history formulas."""
    return type(
        "jobbstimulans_active",
        (Variable,),
        {
            "value_type": bool,
            "entity": Household,
            "definition_period": MONTH,
            "label": "Jobbstimulans (4 kap. 1 b § SoL 2001:453)",
            "formula": formula,
        },
    )


def _jobbstimulans_bits(household, period, parameters):
    """Head start: the history as 64 bits (two int32 inputs), the chain on bits."""
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


def _jobbstimulans_monthly(household, period, parameters):
    """Fair: the history as ``received_support`` per past month, any length."""
    p = parameters(period).jobbstimulans
    q, w = int(p.qualifying_months), int(p.window_months)
    # Back in time until `w` months in a row without support for anyone: a window that
    # began before such a gap has ended by `period`, and every start after it is allowed,
    # so older months cannot change the answer.
    history, quiet, month = [], 0, period.last_month
    while quiet < w:
        supported = household("received_support", month)
        history.append(supported)
        quiet = 0 if supported.any() else quiet + 1
        month = month.last_month
    # Forward in time: the run of supported months, and the start of the latest window
    # (as months relative to `period`). A window may start the month after `q` supported
    # months in a row, and the next one no earlier than `w + q` months after it.
    run = np.zeros(household.count, dtype=np.int32)
    start = np.full(household.count, -(1 << 20), dtype=np.int32)
    for t, supported in enumerate(reversed(history), start=-len(history)):
        run += 1
        run *= supported
        accept = (run >= q) & (start <= t + 1 - w - q)
        start[accept] = t + 1
    return (start <= 0) & (start > -w)


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


class reasonable_costs(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "Skäliga kostnader (counted as applied for in v1)"

    def formula(household, period, parameters):
        return household("costs", period)


class need(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH

    def formula(household, period, parameters):
        return household("norm", period) + household("reasonable_costs", period)


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


FORMULAS = (
    age,
    is_child,
    counted,
    personal_norm,
    persons,
    common_norm,
    norm,
    countable_income,
    reasonable_costs,
    need,
    amount,
)


class SwedishNorm(TaxBenefitSystem):
    def __init__(self, on: date, history: str) -> None:
        super().__init__([Person, Household])
        jobbstimulans = {
            "bits": _jobbstimulans_bits,
            "monthly": _jobbstimulans_monthly,
        }[history]
        for variable in (*INPUTS, *FORMULAS, _jobbstimulans(jobbstimulans)):
            self.add_variable(variable)
        self.parameters = parameters_for(on)


PERSON_INPUTS = (
    "birth_date",
    "lunch_at_home",
    "days_in_household",
    "in_school",
    "salary",
    "child_salary",
    "child_earned_before",
    "other_income",
)
HOUSEHOLD_INPUTS = ("cohabiting", "household_size_input", "costs")
TOTALS = ("norm", "reasonable_costs", "need", "countable_income", "amount")
# Codes of the columnar format (ekb/norm/vocabulary.py: the index in INCOME_TYPES).
SALARY, CHILD_SALARY = 0, 11


def inputs_from_tables(t: dict[str, np.ndarray]) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The columnar tables as OpenFisca inputs: per person, per household, and the support
    history as a (months back x households) boolean matrix, row j = month M-1-j."""
    n, m = t["month"].size, t["member_household"].size
    # Every income row adds to its member's salary, child_salary or other income.
    kind = np.where(t["income_type"] == SALARY, 0, np.where(t["income_type"] == CHILD_SALARY, 1, 2))
    by_kind = np.bincount(
        t["income_member"] * 3 + kind, weights=t["income_ore"], minlength=3 * m
    ).reshape(m, 3)
    before = np.bincount(
        t["income_member"], weights=t["income_earned_before_ore"], minlength=m
    )  # only child_salary rows carry it
    data = {
        "birth_date": t["birth_date"],
        "lunch_at_home": t["lunch_at_home"],
        "days_in_household": t["days_in_household"],
        "in_school": t["in_school"],
        "salary": by_kind[:, 0],
        "child_salary": by_kind[:, 1],
        "child_earned_before": before,
        "other_income": by_kind[:, 2],
        "cohabiting": t["cohabiting"],
        "household_size_input": t["household_size"],
        "costs": np.bincount(t["cost_household"], weights=t["cost_ore"], minlength=n),
    }
    back = (int(t["month"][0]) - 1) - t["support_month"]  # one month-end batch: one month
    owner = t["support_household"]
    keep = back >= 0  # months at or after the calculation month do not count
    if not keep.all():
        back, owner = back[keep], owner[keep]
    history = np.zeros((int(back.max()) + 1 if back.size else 0, n), dtype=bool)
    history[back, owner] = True
    return data, history


def simulate(
    tbs: SwedishNorm,
    period: Period,
    member_household: np.ndarray,
    member_role: np.ndarray,
    data: dict[str, np.ndarray],
    history: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """SimulationBuilder (vectorial API) + set_input + calculate the five totals."""
    builder = SimulationBuilder()
    builder.create_entities(tbs)
    # The ids go through list(): a range is the cheapest iterable to give it.
    builder.declare_person_entity("person", range(member_household.size))
    households = builder.declare_entity("household", range(data["cohabiting"].size))
    builder.join_with_persons(households, member_household, member_role.astype(int))
    sim = builder.build(tbs)
    for name, value in data.items():
        sim.set_input(name, period, value)
    if history is not None:
        month = period
        for supported in history:
            month = month.last_month
            sim.set_input("received_support", month, supported)
    return {name: sim.calculate(name, period) for name in TOTALS}


def _month(ordinal: int) -> tuple[date, Period]:
    on = date(ordinal // 12, ordinal % 12 + 1, 1)
    return on, periods.period(on.strftime("%Y-%m"))


def run_fair(tables: dict[str, np.ndarray], repeat: int) -> tuple[dict[str, np.ndarray], list]:
    on, period = _month(int(tables["month"][0]))
    tbs = SwedishNorm(on, "monthly")
    seconds, result = [], {}
    for _ in range(repeat):
        t0 = time.perf_counter()
        data, history = inputs_from_tables(tables)
        t1 = time.perf_counter()
        result = simulate(
            tbs, period, tables["member_household"], tables["member_role"], data, history
        )
        t2 = time.perf_counter()
        seconds.append((t1 - t0, t2 - t1))
        del data, history
    return result, seconds


def run_head_start(data: dict[str, np.ndarray], repeat: int) -> tuple[dict[str, np.ndarray], list]:
    on, period = _month(int(data["month"]))
    tbs = SwedishNorm(on, "bits")
    inputs = {
        name: data[name] for name in (*PERSON_INPUTS, *HOUSEHOLD_INPUTS, "support_lo", "support_hi")
    }
    seconds, result = [], {}
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = simulate(tbs, period, data["member_household"], data["member_role"], inputs)
        seconds.append((0.0, time.perf_counter() - t0))
    return result, seconds


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--tables", help="npz of the columnar tables (fair comparison)")
    parser.add_argument("--head-start", help="npz of pre-aggregated inputs (earlier comparison)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    out: dict[str, np.ndarray] = {}
    t = time.perf_counter()
    SwedishNorm(date(2026, 1, 1), "monthly")
    out["seconds_setup"] = np.float64(time.perf_counter() - t)
    for mode, path, runner in (
        ("fair", args.tables, run_fair),
        ("head_start", args.head_start, run_head_start),
    ):
        if not path:
            continue
        with np.load(path) as f:
            loaded = {k: f[k] for k in f.files}
        # Warm-up on a small slice is not needed: every run builds a new simulation; the
        # first run is included and the best of `repeat` is reported, as for EKB.
        result, seconds = runner(loaded, args.repeat)
        del loaded
        for name in TOTALS:
            out[f"{mode}_{name}"] = np.asarray(result[name], dtype=np.int64)
        out[f"{mode}_seconds"] = np.asarray(seconds, dtype=np.float64)
    out["peak_mb"] = np.float64(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    np.savez(args.out, **out)


if __name__ == "__main__":
    main(sys.argv[1:])
