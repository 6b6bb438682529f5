"""Benchmark `mwaa-migrator assess` against ruff's Airflow rules on the same 10,000 synthetic files.

Prints, from one run: files/s for assess cold (empty cache) and warm (cache filled), ruff's
`check --select AIR --no-cache` on the same files, the ratios, and peak RSS. Targets (2 cores):
cold >= 2,000 files/s and <= 6x ruff's wall time; warm <= 1.5x ruff's wall time; RSS <= 400 MB.

    python bench/assess_bench.py [--files 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import Measurement, measure  # noqa: E402
from synthetic_repo import generate  # noqa: E402

BIN = Path(sys.executable).parent


def best(runs: list[Measurement]) -> Measurement:
    return min(runs, key=lambda m: m.seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="best of N for each measurement")
    parser.add_argument("--work", type=Path, default=Path(__file__).resolve().parent / ".work")
    args = parser.parse_args()

    repo = args.work / "repo"
    files = generate(repo, args.files)
    out = Path(tempfile.mkdtemp(prefix="assess-bench-out-"))
    assess = [str(BIN / "mwaa-migrator"), "assess", str(repo), "--out", str(out), "--format", "json",
              "--fail-on", "never", "--target-airflow", "3.0.6"]  # fmt: skip
    ruff = [str(BIN / "ruff"), "check", "--select", "AIR", "--no-cache", "--quiet", "--exit-zero", str(repo)]

    ruff_runs, cold_runs, warm_runs = [], [], []
    for _ in range(args.repeat):
        ruff_runs.append(measure(ruff))
        cache = Path(tempfile.mkdtemp(prefix="assess-bench-cache-"))
        env = {"MWAA_MIGRATOR_CACHE": str(cache)}
        cold_runs.append(measure(assess, env))
        warm_runs.append(measure(assess, env))
        shutil.rmtree(cache)
    for run in cold_runs + warm_runs:
        if run.returncode != 0:
            print(run.stdout)
            raise SystemExit(f"assess failed with exit code {run.returncode}")
    r, c, w = best(ruff_runs), best(cold_runs), best(warm_runs)
    peak = max(m.peak_rss_mb for m in cold_runs + warm_runs)

    def row(name: str, m: Measurement) -> str:
        return f"{name:<34} {m.seconds:8.2f} s {files / m.seconds:10.0f} files/s {m.peak_rss_mb:8.0f} MB"

    print(f"{files} synthetic files, best of {args.repeat}, {len(__import__('os').sched_getaffinity(0))} cores")
    print(row("ruff check --select AIR --no-cache", r))
    print(row("mwaa-migrator assess (cold)", c))
    print(row("mwaa-migrator assess (warm)", w))
    checks = [
        ("cold files/s >= 2000", files / c.seconds >= 2000, f"{files / c.seconds:.0f}"),
        ("cold <= 6x ruff", c.seconds <= 6 * r.seconds, f"{c.seconds / r.seconds:.2f}x"),
        ("warm <= 1.5x ruff", w.seconds <= 1.5 * r.seconds, f"{w.seconds / r.seconds:.2f}x"),
        ("peak RSS <= 400 MB", peak <= 400, f"{peak:.0f} MB"),
    ]
    for name, ok, value in checks:
        print(f"  {'PASS' if ok else 'MISS'}  {name:<24} {value}")
    shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
