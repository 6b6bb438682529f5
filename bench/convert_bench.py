"""Benchmark `mwaa-migrator convert` on the 10,000-file synthetic repository, beside ruff's fixer.

Prints, from one run: files/s of `convert --out` over the whole repository and for the files that
needed a rewrite (the target: >= 150 files/s on 2 cores), the wall time of
`ruff check --select AIR --fix` on a fresh copy of the same files, the ratio, peak RSS, and the
number of entries in every mapping table the codemods read.

    python bench/convert_bench.py [--files 10000] [--repeat 3] [--target-airflow 3.0.6]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from measure import Measurement, measure
from synthetic_repo import generate

BIN = Path(sys.executable).parent


def best(runs: list[Measurement]) -> Measurement:
    return min(runs, key=lambda m: m.seconds)


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def table_sizes() -> dict[str, int]:
    from migrator.codemods import all_codemods

    sizes: dict[str, int] = {}
    for codemod in all_codemods():
        sizes.update(codemod.table_sizes())
    return dict(sorted(sizes.items()))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="best of N for each measurement")
    parser.add_argument("--target-airflow", default="3.0.6")
    parser.add_argument("--work", type=Path, default=Path(__file__).resolve().parent / ".work")
    args = parser.parse_args()

    repo = args.work / "repo"
    files = generate(repo, args.files)
    scratch = Path(tempfile.mkdtemp(prefix="convert-bench-"))
    convert_runs: list[Measurement] = []
    convert_cpu: list[float] = []
    ruff_runs: list[Measurement] = []
    report: dict[str, object] = {}
    try:
        for attempt in range(args.repeat):
            out = scratch / f"out-{attempt}"
            command = [str(BIN / "mwaa-migrator"), "convert", str(repo), "--target-airflow", args.target_airflow,
                       "--out", str(out), "--reference-date", "2026-11-22"]  # fmt: skip
            cpu_before = children_cpu_seconds()
            run = measure(command)
            convert_cpu.append(children_cpu_seconds() - cpu_before)
            if run.returncode != 0:
                print(run.stdout)
                raise SystemExit(f"convert failed with exit code {run.returncode}")
            convert_runs.append(run)
            report = json.loads((out / "convert-report.json").read_text())
            shutil.rmtree(out)
            copy = scratch / f"ruff-{attempt}"
            shutil.copytree(repo, copy)
            ruff_runs.append(
                measure(
                    [
                        str(BIN / "ruff"),
                        "check",
                        "--select",
                        "AIR",
                        "--fix",
                        "--no-cache",
                        "--quiet",
                        "--exit-zero",
                        "--isolated",
                        str(copy),
                    ]
                )
            )
            shutil.rmtree(copy)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    summary = report["summary"]
    assert isinstance(summary, dict)
    changed = int(summary["changed"])
    c, r = best(convert_runs), best(ruff_runs)
    cores = len(os.sched_getaffinity(0))
    print(
        f"{files} synthetic files ({changed} need a rewrite for Airflow {args.target_airflow}), best of {args.repeat}, {cores} cores"
    )
    print(
        f"{'ruff check --select AIR --fix':<34} {r.seconds:8.2f} s {files / r.seconds:10.0f} files/s {r.peak_rss_mb:8.0f} MB"
    )
    print(
        f"{'mwaa-migrator convert --out':<34} {c.seconds:8.2f} s {files / c.seconds:10.0f} files/s {c.peak_rss_mb:8.0f} MB"
    )
    print(f"{'  files needing a rewrite':<34} {'':>10} {changed / c.seconds:10.0f} files/s")
    cpu = min(convert_cpu)
    print(
        f"  CPU time of convert (all processes): {cpu:.1f} s -> {changed / (cpu / cores):.0f} rewritten files/s "
        f"on {cores} otherwise idle cores (wall time above includes whatever else the machine runs)"
    )
    print(f"  convert / ruff wall time: {c.seconds / r.seconds:.2f}x")
    print(f"  findings fixed: {summary['findings_fixed']}, left for a human: {summary['findings_remaining']}")
    ok = changed / c.seconds >= 150
    print(f"  {'PASS' if ok else 'MISS'}  rewritten files/s >= 150     {changed / c.seconds:.0f}")
    print("mapping tables (entries):")
    for name, size in table_sizes().items():
        print(f"  {name:<40} {size:6d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
