"""Norm engine throughput: a million generated household-months through calculate_many.

    .venv/bin/python benchmarks/norm_throughput.py            # 1,000,000 household-months
    .venv/bin/python benchmarks/norm_throughput.py --size 2000 --quick   # smoke run

Prints households per second for the columnar input (validated, and with the opt-in
``validate=False``) and, separately, for household-month dicts; the ratio against a plain
per-household loop of ``calculate`` (timed on a sample and extrapolated, as the loop over a
million would take many minutes); the ratio against the same v1 rules written as an
OpenFisca model (benchmarks/openfisca_model.py, run in its own virtualenv made by
benchmarks/setup_openfisca.sh): fairly, from the same columnar tables to the same five
totals, and with the earlier head start (pre-aggregated inputs), labelled; and the peak
memory of the process. See benchmarks/README.md for what each timed path includes. Exits 1
if a result differs between the paths.
"""

from __future__ import annotations

import argparse
import dataclasses
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
from ekb.norm.batch import check  # noqa: E402
from ekb.norm.rules.arrays import or_by, sum_by  # noqa: E402
from ekb.norm.vocabulary import INCOME_TYPES  # noqa: E402

BENCH_VENV_PYTHON = Path(__file__).resolve().parent / ".venv-bench" / "bin" / "python"
TARGET_RATE = 1_000_000
TARGET_OPENFISCA_RATIO = 20
TARGET_PEAK_MB = 1536


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark of this process (Linux), so the calculation's own peak
    can be read apart from the generator's."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def head(batch: Batch, size: int) -> Batch:
    mask = np.zeros(batch.n, dtype=bool)
    mask[:size] = True
    return batch.take(mask)


def openfisca_inputs(batch: Batch) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The head start: the batch as pre-aggregated OpenFisca person/household inputs with
    the history as 64 bits, built outside the timer, and which households have history
    longer than 64 months (which 64 bits cannot hold)."""
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
        "birth_date": batch.birth_date,
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
    batch: Batch, ours: object, repeat: int, preferred: str | None = None
) -> dict[str, object] | None:
    """Run the OpenFisca model on ``batch`` both ways (fair, head start) in its own
    interpreter; check its totals against ``ours``."""
    python = openfisca_python(preferred)
    if python is None:
        print(
            "OpenFisca: not available, comparison skipped. Install it apart from the project with\n"
            "  bash benchmarks/setup_openfisca.sh\n"
            "(creates benchmarks/.venv-bench with openfisca-core) and run this again."
        )
        return None
    head_start, deep = openfisca_inputs(batch)
    with tempfile.TemporaryDirectory() as tmp:
        tables, prepared, target = (Path(tmp) / name for name in ("t.npz", "h.npz", "out.npz"))
        np.savez(tables, **dataclasses.asdict(batch))  # the very arrays calculate_many reads
        np.savez(prepared, **head_start)
        del head_start
        done = subprocess.run(
            [
                python,
                str(Path(__file__).with_name("openfisca_model.py")),
                str(target),
                "--tables",
                str(tables),
                "--head-start",
                str(prepared),
                "--repeat",
                str(repeat),
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        if done.returncode != 0:
            print("OpenFisca: the model failed to run, comparison skipped:\n" + done.stderr[-2000:])
            return None
        with np.load(target) as f:
            result = {k: f[k] for k in f.files}
    n = batch.n
    out: dict[str, object] = {"setup": float(result["seconds_setup"])}
    out["peak_mb"] = float(result["peak_mb"])
    for mode, households in (("fair", np.ones(n, dtype=bool)), ("head_start", ~deep)):
        runs = result[f"{mode}_seconds"]  # (repeat, 2): inputs from tables, build + calculate
        best = runs[int(np.argmin(runs.sum(axis=1)))]
        out[mode] = {
            "seconds": float(best.sum()),
            "inputs": float(best[0]),
            "simulation": float(best[1]),
            "compared": int(households.sum()),
            "same": all(
                np.array_equal(
                    result[f"{mode}_{name}"][households], getattr(ours, name)[households]
                )
                for name in ("norm", "reasonable_costs", "need", "countable_income", "amount")
            ),
        }
    return out


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
        "--openfisca-sample",
        type=int,
        default=None,
        help="households run through OpenFisca (default --size: the whole batch)",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each timed path (best is reported)"
    )
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

    def best_of(run: object) -> tuple[float, object]:
        best, result = float("inf"), None
        for _ in range(args.repeat):
            t = time.perf_counter()
            result = run()
            best = min(best, time.perf_counter() - t)
        return best, result

    input_mb = sum(a.nbytes for a in dataclasses.astuple(batch)) / 2**20
    rss_before = status_mb("VmRSS")
    generator_peak = peak_mb()  # before the reset below, which also resets ru_maxrss
    peak_reset = reset_peak()
    best, totals = best_of(lambda: calculate_many(batch))
    columnar_rate = size / best
    check_seconds, _ = best_of(lambda: check(batch))
    print(
        f"columnar: {size:,} in {best:.3f} s = {columnar_rate:,.0f} household-months/s "
        f"(best of {args.repeat}; validation of the batch included: {check_seconds:.3f} s of it)"
    )
    unchecked_best, unchecked = best_of(lambda: calculate_many(batch, validate=False))
    unchecked_rate = size / unchecked_best
    print(
        f"columnar, validate=False (input checked where it was written): {unchecked_best:.3f} s "
        f"= {unchecked_rate:,.0f} household-months/s"
    )
    if any(not np.array_equal(getattr(unchecked, k), getattr(totals, k)) for k in totals.names):
        failures.append("validate=False gives different totals")
    columnar_peak = max(generator_peak, peak_mb())
    calc_peak = status_mb("VmHWM") if peak_reset else float("nan")
    print(
        f"peak memory after the columnar runs: {columnar_peak:,.0f} MB (whole process, incl. the generated input)"
    )
    if peak_reset:
        print(
            f"  peak RSS during the columnar runs alone: {calc_peak:,.0f} MB (input arrays "
            f"{input_mb:,.0f} MB; process RSS before them {rss_before:,.0f} MB; a whole-process "
            f"peak above this comes from generating the input)"
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
        of_size = min(args.openfisca_sample or size, size)
        sample = batch if of_size == size else head(batch, of_size)
        if of_size == size:
            ours, ours_seconds, ours_unchecked = totals, best, unchecked_best
        else:  # EKB on the same households, so both sides time the same work
            ours_seconds, ours = best_of(lambda: calculate_many(sample))
            ours_unchecked, _ = best_of(lambda: calculate_many(sample, validate=False))
        of = run_openfisca(sample, ours, args.repeat, args.openfisca_python)
        del sample
        if of is not None:
            fair, start = of["fair"], of["head_start"]
            openfisca_ratio = fair["seconds"] / ours_seconds
            print(
                f"OpenFisca model, fair (same columnar tables in, same five totals out; best of "
                f"{args.repeat}): {of_size / fair['seconds']:,.0f} household-months/s on {of_size:,} = "
                f"{fair['inputs']:.3f} s tables -> OpenFisca inputs + {fair['simulation']:.3f} s "
                f"SimulationBuilder, set_input, calculate (tax-benefit system load "
                f"{of['setup']:.2f} s not counted; its process peaked at {of['peak_mb']:,.0f} MB)"
            )
            print(
                f"  columnar is {openfisca_ratio:,.1f}x OpenFisca; with validate=False "
                f"{fair['seconds'] / ours_unchecked:,.1f}x (OpenFisca validates nothing either); "
                f"five totals equal on all {fair['compared']:,} households: "
                f"{'yes' if fair['same'] else 'NO'}"
            )
            print(
                f"OpenFisca model, head start (inputs pre-aggregated per person and history "
                f"pre-packed as 64 bits outside the timer): {of_size / start['seconds']:,.0f} "
                f"household-months/s; columnar (validated) is "
                f"{start['seconds'] / ours_seconds:,.1f}x that; totals equal on "
                f"{start['compared']:,} households (history <= 64 months): "
                f"{'yes' if start['same'] else 'NO'}"
            )
            if not fair["same"]:
                failures.append("OpenFisca totals (fair) differ from EKB's")
            if not start["same"]:
                failures.append("OpenFisca totals (head start) differ from EKB's")

    print()
    print(
        f"target >= {TARGET_RATE:,}/s columnar: {'met' if columnar_rate >= TARGET_RATE else 'NOT met'}"
    )
    if openfisca_ratio is not None:
        print(
            f"target >= {TARGET_OPENFISCA_RATIO}x OpenFisca (fair): {'met' if openfisca_ratio >= TARGET_OPENFISCA_RATIO else 'NOT met'}"
        )
    print(
        f"target peak < {TARGET_PEAK_MB:,} MB: {'met' if columnar_peak < TARGET_PEAK_MB else 'NOT met'}"
    )
    for failure in failures:
        print(f"ERROR: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
