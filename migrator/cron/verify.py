"""`mwaa-migrator cron verify DIR`: replay the generated DAGs in a real Airflow and compare every
fire instant over a window with the independent oracle (oracle.py).

A mismatch the converter predicted (listed in the manifest's `expected_differences`, which also
became a DST finding) is reported as expected; any other mismatch, a DAG that does not load, or a
command Airflow renders differently from the intended one is a failure.

DAGs that fire more than `budget` times in the window (every few minutes) are compared on samples:
every instant within two days of each clock change, in the first two days, and on the 1st and
15th of each month, each sample chained from the oracle's previous fire as a running scheduler
would be. The report says which DAGs were sampled.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from migrator.cron.oracle import CronOracle, OracleError

UTC = dt.UTC
DEFAULT_BUDGET = 5000
SAMPLE_DAYS = (1, 15)


class VerifyError(ValueError):
    """The folder is not a `mwaa-migrator cron` output, or Airflow could not be run."""


@dataclass(slots=True)
class DagResult:
    dag_id: str
    file: str
    line: int
    source: str
    sampled: bool = False
    compared: int = 0
    unexpected: list[tuple[str, str]] = field(default_factory=list)  # (instant, "cron"|"airflow")
    expected: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.unexpected and not self.problems


@dataclass(slots=True)
class VerifyReport:
    airflow_version: str
    window: tuple[dt.datetime, dt.datetime]
    dags: list[DagResult]
    import_errors: dict[str, str]

    @property
    def ok(self) -> bool:
        return not self.import_errors and all(d.ok for d in self.dags)


def load_manifest(folder: Path) -> dict[str, Any]:
    path = folder / "cron-manifest.json"
    if not path.is_file():
        raise VerifyError(
            f"{folder} has no cron-manifest.json: give the --out folder of `mwaa-migrator cron`"
        )
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise VerifyError(f"cannot read {path}: {exc}") from None
    return data


def _transitions(zone: ZoneInfo, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    found = []
    day = start
    offset = day.astimezone(zone).utcoffset()
    while day < end:
        following = day + dt.timedelta(hours=12)
        if following.astimezone(zone).utcoffset() != offset:
            found.append(following)
            offset = following.astimezone(zone).utcoffset()
        day = following
    return found


def _sample_windows(
    zone: ZoneInfo, start: dt.datetime, end: dt.datetime
) -> list[tuple[dt.datetime, dt.datetime]]:
    windows = [(start, start + dt.timedelta(days=2))]
    for change in _transitions(zone, start, end):
        windows.append((change - dt.timedelta(days=2), change + dt.timedelta(days=2)))
    month = dt.datetime(start.year, start.month, 1, tzinfo=UTC)
    while month < end:
        for day in SAMPLE_DAYS:
            begin = month.replace(day=day)
            windows.append((begin, begin + dt.timedelta(days=1)))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    clipped = sorted((max(a, start), min(b, end)) for a, b in windows if a < end and b > start)
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for a, b in clipped:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def plan_windows(
    dag: dict[str, Any], zone: str, start: dt.datetime, end: dt.datetime, budget: int
) -> tuple[CronOracle, list[tuple[dt.datetime | None, dt.datetime, dt.datetime]], bool]:
    oracle_info = dag["oracle"]
    oracle = CronOracle(
        oracle_info["cron_fields"],
        zone,
        zone_local=oracle_info["zone_local"],
        daemon_zone=oracle_info["daemon_zone"],
        fixed_time=oracle_info["fixed_time"],
    )
    count = sum(1 for _ in oracle.fires(start, end, limit=budget + 1))
    if count <= budget:
        return oracle, [(None, start, end)], False
    windows: list[tuple[dt.datetime | None, dt.datetime, dt.datetime]] = []
    for a, b in _sample_windows(ZoneInfo(zone), start, end):
        windows.append((oracle.last_before(a), a, b))
    return oracle, windows, True


def verify(
    folder: Path,
    run_airflow: Callable[[dict[str, Any]], dict[str, Any]],
    *,
    years: int = 2,
    start: dt.date | None = None,
    budget: int = DEFAULT_BUDGET,
    airflow_version: str = "",
) -> VerifyReport:
    """`run_airflow` takes the probe request and returns the probe's JSON answer."""
    manifest = load_manifest(folder)
    first = start or dt.date.fromisoformat(manifest["options"]["start_date"])
    window_start = dt.datetime(first.year, first.month, first.day, tzinfo=UTC)
    window_end = window_start.replace(year=window_start.year + years)
    mode = manifest["options"]["mode"]
    results: list[DagResult] = []
    requests: list[dict[str, Any]] = []
    oracles: dict[str, tuple[CronOracle, list[tuple[dt.datetime | None, dt.datetime, dt.datetime]]]] = {}
    for dag in manifest["dags"]:
        result = DagResult(dag["dag_id"], dag["file"], dag["line"], dag["source"])
        results.append(result)
        try:
            oracle, windows, sampled = plan_windows(dag, dag["timezone"], window_start, window_end, budget)
        except OracleError as exc:
            result.problems.append(f"no independent oracle: {exc}")
            continue
        result.sampled = sampled
        oracles[dag["dag_id"]] = (oracle, windows)
        requests.append(
            {
                "dag_id": dag["dag_id"],
                "mode": mode,
                "secret_variables": dag["secret_variables"],
                "windows": [
                    [s.isoformat() if s else None, a.isoformat(), b.isoformat()] for s, a, b in windows
                ],
            }
        )
    answer = run_airflow({"dags_folder": str(folder / "dags"), "dags": requests})
    by_id = {d["dag_id"]: d for d in manifest["dags"]}
    for result in results:
        if result.dag_id not in oracles:
            continue
        dag = by_id[result.dag_id]
        got = answer.get("dags", {}).get(result.dag_id, {})
        if "error" in got:
            result.problems.append(got["error"])
            continue
        if got.get("command_sha256") and got["command_sha256"] != dag["command_sha256"]:
            result.problems.append("Airflow renders a different command than the crontab's (Jinja escaping)")
        expected = {(d["instant"], d["side"]) for d in dag["expected_differences"]}
        oracle, windows = oracles[result.dag_id]
        for (_seed, a, b), airflow_fires in zip(windows, got.get("windows", []), strict=False):
            cron = {t.isoformat() for t in oracle.fires(a, b)}
            instants = (dt.datetime.fromisoformat(t).astimezone(UTC) for t in airflow_fires)
            airflow = {t.isoformat() for t in instants if a <= t < b}
            result.compared += len(cron)
            for instant in sorted(cron - airflow):
                (result.expected if (instant, "cron") in expected else result.unexpected).append(
                    (instant, "cron")
                )
            for instant in sorted(airflow - cron):
                (result.expected if (instant, "airflow") in expected else result.unexpected).append(
                    (instant, "airflow")
                )
    return VerifyReport(airflow_version, (window_start, window_end), results, answer.get("import_errors", {}))


def probe_runner(
    python: Path, folder: Path, timeout: float = 1800
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Runs verify_probe.py with `python` (an Airflow virtualenv) on `folder`."""
    from migrator.airflow_env import airflow_environ, run_python

    def run(request: dict[str, Any]) -> dict[str, Any]:
        code = (Path(__file__).parent / "verify_probe.py").read_text(encoding="utf-8")
        with tempfile.TemporaryDirectory(prefix="mwaa-migrator-verify-") as home:
            request_path = Path(home) / "request.json"
            request_path.write_text(json.dumps(request), encoding="utf-8")
            env = airflow_environ(
                Path(home),
                {
                    "AIRFLOW__CORE__DAGS_FOLDER": str(folder / "dags"),
                    "AIRFLOW__CORE__PLUGINS_FOLDER": str(folder / "plugins"),
                    "AIRFLOW__CORE__LAZY_LOAD_PLUGINS": "False",
                },
            )
            done = run_python(python, code, [str(request_path)], timeout=timeout, env=env)
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if done.returncode != 0 or not lines:
            tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-12:])
            raise VerifyError(f"Airflow could not load the DAGs:\n{tail}")
        answer: dict[str, Any] = json.loads(lines[-1])
        return answer

    return run


def format_report(report: VerifyReport, zones: dict[str, str]) -> list[str]:
    """Human-readable lines: one per DAG with problems, then a summary."""
    out: list[str] = []
    for path, error in sorted(report.import_errors.items()):
        out.append(f"IMPORT ERROR {path}: {error}")
    for dag in report.dags:
        zone = ZoneInfo(zones.get(dag.dag_id, "UTC"))
        if dag.ok and not dag.expected:
            continue
        where = f"{dag.file}:{dag.line}" if dag.line else dag.file
        status = "FAIL" if not dag.ok else "ok (reported DST differences only)"
        out.append(f"{status} {dag.dag_id} ({where}: {dag.source})")
        for problem in dag.problems:
            out.append(f"    {problem}")
        for label, items in (("unexpected", dag.unexpected), ("expected", dag.expected)):
            for instant, side in items[:12]:
                local = dt.datetime.fromisoformat(instant).astimezone(zone)
                who = "cron fires, Airflow does not" if side == "cron" else "Airflow fires, cron does not"
                out.append(f"    {label}: {local:%Y-%m-%d %H:%M %Z} ({instant}) {who}")
            if len(items) > 12:
                out.append(f"    … and {len(items) - 12} more {label}")
    compared = sum(d.compared for d in report.dags)
    failing = [d for d in report.dags if not d.ok]
    sampled = sum(1 for d in report.dags if d.sampled)
    expected = sum(len(d.expected) for d in report.dags)
    unexpected = sum(len(d.unexpected) for d in report.dags)
    start, end = report.window
    out.append(
        f"Verified {len(report.dags)} DAG(s) ({sampled} sampled) with Airflow {report.airflow_version} from "
        f"{start:%Y-%m-%d} to {end:%Y-%m-%d}: {compared} cron fire instants compared, {unexpected} unexpected and "
        f"{expected} reported-DST mismatch(es), {len(failing)} DAG(s) failing, {len(report.import_errors)} import error(s)."
    )
    return out
