"""Norm engine throughput: a million generated household-months through calculate_many.

    .venv/bin/python benchmarks/norm_throughput.py            # 1,000,000 household-months
    .venv/bin/python benchmarks/norm_throughput.py --size 2000 --quick   # smoke run

Prints households per second for the columnar input and, separately, for household-month
dicts; the ratio against a plain per-household loop of ``calculate`` (timed on a sample and
extrapolated, as the loop over a million would take many minutes); the ratio against the
same v1 rules written as an OpenFisca model (benchmarks/openfisca_model.py, run in its own
virtualenv made by benchmarks/setup_openfisca.sh, timed on a sample and extrapolated); and
the peak memory of the process. Exits 1 if a result differs between the paths.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_batch, to_dicts  # noqa: E402

from ekb.norm import Batch, calculate, calculate_many  # noqa: E402
from ekb.norm.rules.arrays import or_by, sum_by  # noqa: E402
from ekb.norm.vocabulary import INCOME_TYPES  # noqa: E402

BENCH_VENV_PYTHON = Path(__file__).resolve().parent / ".venv-bench" / "bin" / "python"
TARGET_RATE = 1_000_000
TARGET_OPENFISCA_RATIO = 20
TARGET_PEAK_MB = 1536


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def head(batch: Batch, size: int) -> Batch:
    mask = np.zeros(batch.n, dtype=bool)
    mask[:size] = True
    return batch.take(mask)


def openfisca_inputs(batch: Batch) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The batch as OpenFisca person/household inputs, and which households have history
    longer than 64 months (the OpenFisca model only takes 64 months of bits)."""
    m, n = batch.member_household.size, batch.n

    def per_person(kind: str) -> np.ndarray:
        rows = batch.income_type == INCOME_TYPES.index(kind)
        out = np.zeros(m, dtype=np.int64)
        np.add.at(out, batch.income_member[rows], batch.income_ore[rows])
        return out

    other = np.zeros(m, dtype=np.int64)
    rows = ~np.isin(
        batch.income_type, [INCOME_TYPES.index("salary"), INCOME_TYPES.index("child_salary")]
    )
    np.add.at(other, batch.income_member[rows], batch.income_ore[rows])
    before = np.zeros(m, dtype=np.int64)
    child = batch.income_type == INCOME_TYPES.index("child_salary")
    np.add.at(before, batch.income_member[child], batch.income_earned_before_ore[child])
    h, k = batch.support_offsets(np.ones(n, dtype=bool))
    deep = np.zeros(n, dtype=bool)
    deep[h[k >= 64]] = True
    inside = k < 64
    bits = or_by(h[inside], np.uint64(1) << k[inside].astype(np.uint64), n)
    data = {
        "month": np.int64(batch.month[0]),
        "member_household": batch.member_household,
        "member_role": batch.member_role,
        "birth_days": batch.birth_date.astype(np.int64),
        "lunch_at_home": batch.lunch_at_home,
        "days_in_household": batch.days_in_household.astype(np.int64),
        "in_school": batch.in_school,
        "salary": per_person("salary"),
        "child_salary": per_person("child_salary"),
        "child_earned_before": before,
        "other_income": other,
        "cohabiting": batch.cohabiting,
        "household_size_input": batch.household_size.astype(np.int64),
        "costs": sum_by(batch.cost_household, batch.cost_ore, n),
        "support_lo": (bits & np.uint64(0xFFFFFFFF))
        .astype(np.uint32)
        .view(np.int32)
        .astype(np.int64),
        "support_hi": (bits >> np.uint64(32)).astype(np.uint32).view(np.int32).astype(np.int64),
    }
    return data, deep


def openfisca_python(preferred: str | None = None) -> str | None:
    if preferred is not None:
        return preferred if Path(preferred).exists() else None
    if importlib.util.find_spec("openfisca_core") is not None:
        return sys.executable
    if BENCH_VENV_PYTHON.exists():
        return str(BENCH_VENV_PYTHON)
    return None


def run_openfisca(
    batch: Batch, ours: object, preferred: str | None = None
) -> dict[str, float] | None:
    python = openfisca_python(preferred)
    if python is None:
        print(
            "OpenFisca: not available, comparison skipped. Install it apart from the project with\n"
            "  bash benchmarks/setup_openfisca.sh\n"
            "(creates benchmarks/.venv-bench with openfisca-core) and run this again."
        )
        return None
    data, deep = openfisca_inputs(batch)
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "in.npz", Path(tmp) / "out.npz"
        np.savez(source, **data)
        done = subprocess.run(
            [python, str(Path(__file__).with_name("openfisca_model.py")), str(source), str(target)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        if done.returncode != 0:
            print("OpenFisca: the model failed to run, comparison skipped:\n" + done.stderr[-2000:])
            return None
        with np.load(target) as f:
            result = {k: f[k] for k in f.files}
    comparable = ~deep
    same = all(
        np.array_equal(result[name][comparable], getattr(ours, name)[: batch.n][comparable])
        for name in ("norm", "need", "countable_income", "amount")
    ) and np.array_equal(result["costs"][comparable], ours.reasonable_costs[: batch.n][comparable])
    return {
        "seconds": float(result["seconds"]),
        "setup": float(result["seconds_setup"]),
        "compared": int(comparable.sum()),
        "same": bool(same),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--size", type=int, default=1_000_000, help="household-months (default 1,000,000)"
    )
    parser.add_argument(
        "--dict-size",
        type=int,
        default=None,
        help="household-months for the dict path (default --size)",
    )
    parser.add_argument("--chunk", type=int, default=100_000, help="dicts per calculate_many call")
    parser.add_argument(
        "--loop-sample",
        type=int,
        default=2_000,
        help="households timed with calculate() one by one",
    )
    parser.add_argument(
        "--openfisca-sample", type=int, default=200_000, help="households run through OpenFisca"
    )
    parser.add_argument("--repeat", type=int, default=3, help="columnar runs (best is reported)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-openfisca", action="store_true")
    parser.add_argument(
        "--openfisca-python",
        help="interpreter with openfisca-core (default: this one or benchmarks/.venv-bench)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="small sizes everywhere (for the smoke test)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.loop_sample = min(args.loop_sample, 50)
        args.openfisca_sample = min(args.openfisca_sample, args.size)
        args.repeat = 1
    size = args.size
    dict_size = min(args.dict_size if args.dict_size is not None else size, size)
    failures = []

    t = time.perf_counter()
    batch = generate_batch(size, seed=args.seed)
    print(
        f"generated {size:,} household-months in {time.perf_counter() - t:.1f} s "
        f"({batch.member_household.size:,} members, {batch.income_household.size:,} incomes, "
        f"{batch.cost_household.size:,} costs, {batch.support_household.size:,} support months)"
    )
    calculate_many(head(batch, min(1000, size)))  # warm-up (parameter files, imports)

    best = float("inf")
    totals = None
    for _ in range(args.repeat):
        t = time.perf_counter()
        totals = calculate_many(batch)
        best = min(best, time.perf_counter() - t)
    columnar_rate = size / best
    columnar_peak = peak_mb()
    print(
        f"columnar: {size:,} in {best:.3f} s = {columnar_rate:,.0f} household-months/s (best of {args.repeat})"
    )
    print(
        f"peak memory after the columnar run: {columnar_peak:,.0f} MB (whole process, incl. the generated input)"
    )

    dict_seconds = 0.0
    for start in range(0, dict_size, args.chunk):
        stop = min(start + args.chunk, dict_size)
        dicts = to_dicts(batch, start, stop)
        t = time.perf_counter()
        part = calculate_many(dicts)
        dict_seconds += time.perf_counter() - t
        if not np.array_equal(part.amount, totals.amount[start:stop]):
            failures.append(f"dict path differs from columnar in households {start}..{stop - 1}")
        del dicts
    dict_rate = dict_size / dict_seconds if dict_seconds else float("nan")
    print(
        f"dicts: {dict_size:,} in {dict_seconds:.1f} s = {dict_rate:,.0f} household-months/s "
        f"(validation + conversion to columns included; in chunks of {args.chunk:,})"
    )

    sample = to_dicts(batch, 0, min(args.loop_sample, size))
    t = time.perf_counter()
    loop = [calculate(h) for h in sample]
    loop_seconds = time.perf_counter() - t
    loop_rate = len(sample) / loop_seconds
    for i, result in enumerate(loop):
        if result.amount * 100 != int(totals.amount[i]):
            failures.append(f"calculate() differs from calculate_many for household {i}")
            break
    print(
        f"loop of calculate(): {loop_rate:,.0f} household-months/s, timed on {len(sample):,} and "
        f"extrapolated: {size / loop_rate / 60:,.1f} min for {size:,}"
    )
    print(
        f"  columnar is {columnar_rate / loop_rate:,.0f}x the loop; dicts are {dict_rate / loop_rate:,.1f}x the loop"
    )

    openfisca_ratio = None
    if not args.no_openfisca:
        of_size = min(args.openfisca_sample, size)
        of = run_openfisca(head(batch, of_size), totals, args.openfisca_python)
        if of is not None:
            of_rate = of_size / of["seconds"]
            openfisca_ratio = columnar_rate / of_rate
            print(
                f"OpenFisca model: {of_rate:,.0f} household-months/s, timed on {of_size:,} "
                f"(simulation build + inputs + calculation; tax-benefit system load {of['setup']:.2f} s not counted), "
                f"extrapolated: {size / of_rate:,.1f} s for {size:,}"
            )
            print(
                f"  columnar is {openfisca_ratio:,.1f}x OpenFisca; totals equal on {of['compared']:,} "
                f"households (history <= 64 months): {'yes' if of['same'] else 'NO'}"
            )
            if not of["same"]:
                failures.append("OpenFisca totals differ from EKB's")

    print()
    print(
        f"target >= {TARGET_RATE:,}/s columnar: {'met' if columnar_rate >= TARGET_RATE else 'NOT met'}"
    )
    if openfisca_ratio is not None:
        print(
            f"target >= {TARGET_OPENFISCA_RATIO}x OpenFisca: {'met' if openfisca_ratio >= TARGET_OPENFISCA_RATIO else 'NOT met'}"
        )
    print(
        f"target peak < {TARGET_PEAK_MB:,} MB: {'met' if columnar_peak < TARGET_PEAK_MB else 'NOT met'}"
    )
    for failure in failures:
        print(f"ERROR: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
