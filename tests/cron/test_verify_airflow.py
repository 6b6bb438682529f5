"""The proof: generated DAGs load in real Airflow (3.0.6 and the 2.x MWAA version 2.10.3), and
`cron verify` compares every fire instant over two years with the independent oracle in
America/New_York, Europe/London and Australia/Sydney: no mismatch beyond the reported DST
differences, and none at all with --exact-dst."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from migrator.cron.verify import VerifyReport, format_report, load_manifest, probe_runner, verify
from tests.cron.conftest import DATA, FIXTURES, REPO, convert_paths

pytestmark = pytest.mark.airflow

CASES = {
    "legacy-new-york": ([FIXTURES / "legacy-airflow-1.10"], {"zone": "America/New_York"}),
    "modern-london": ([FIXTURES / "airflow-2.x"], {"zone": "Europe/London"}),
    "cronie-sydney": ([DATA / "cronie-host.crontab"], {"zone": "Australia/Sydney", "flavor": "cronie"}),
}


def run_verify(folder: Path, python: Path, version: str) -> VerifyReport:
    report = verify(folder, probe_runner(python, folder), years=2, airflow_version=version)
    zones = {dag["dag_id"]: dag["timezone"] for dag in load_manifest(folder)["dags"]}
    print("\n".join(format_report(report, zones)))
    return report


@pytest.mark.parametrize("case", sorted(CASES))
def test_default_mode_differs_only_where_reported(case: str, tmp_path: Path, airflow3: Path) -> None:
    paths, overrides = CASES[case]
    conversion = convert_paths(paths, tmp_path, **overrides)  # type: ignore[arg-type]
    report = run_verify(tmp_path, airflow3, "3.0.6")
    assert report.ok and not report.import_errors
    assert len(report.dags) == conversion.summary["dags"]
    assert all(not dag.problems for dag in report.dags)
    predicted = sum(len(p.schedule.differences) for p in conversion.plans if p.schedule.differences)
    seen = sum(len(dag.expected) for dag in report.dags)
    assert seen > 0  # each case has entries in the DST window, so this compares something real
    assert seen <= predicted  # the manifest covers five years; verify looks at two
    assert sum(dag.compared for dag in report.dags) > 5000


@pytest.mark.parametrize("case", sorted(CASES))
def test_exact_dst_has_no_mismatch(case: str, tmp_path: Path, airflow3: Path) -> None:
    paths, overrides = CASES[case]
    conversion = convert_paths(paths, tmp_path, exact_dst=True, **overrides)  # type: ignore[arg-type]
    assert conversion.summary["timetables"]["CronExactTimetable"] > 0
    report = run_verify(tmp_path, airflow3, "3.0.6")
    assert report.ok
    assert all(not dag.expected and not dag.unexpected for dag in report.dags)


@pytest.mark.parametrize("case", ["legacy-new-york", "modern-london"])
def test_airflow_2_mwaa_version(case: str, tmp_path: Path, airflow2: Path) -> None:
    from migrator.knowledge.versions import resolve

    paths, overrides = CASES[case]
    conversion = convert_paths(paths, tmp_path, target=resolve("2.10.3"), **overrides)  # type: ignore[arg-type]
    assert conversion.summary["timetables"]["MultipleCronTriggerTimetable"] == 0  # not in Airflow 2
    report = run_verify(tmp_path, airflow2, "2.10.3")
    assert report.ok and len(report.dags) == conversion.summary["dags"]


def test_ecs_mode_dags_load_and_render(tmp_path: Path, airflow3: Path) -> None:
    convert_paths([FIXTURES / "airflow-2.x" / "etc" / "cron.d"], tmp_path, zone="Europe/London", mode="ecs")
    report = run_verify(tmp_path, airflow3, "3.0.6")
    assert report.ok  # includes the rendered container command matching the crontab's command


def test_ssh_mode_dags_load_and_render(tmp_path: Path) -> None:
    from migrator.airflow_env import ensure_airflow

    python = ensure_airflow("3.0.6", extras=("apache-airflow-providers-ssh",))
    convert_paths([FIXTURES / "airflow-2.x" / "etc"], tmp_path, zone="Europe/London", mode="ssh")
    assert run_verify(tmp_path, python, "3.0.6").ok


def test_cli_verify_reports_a_tampered_schedule(tmp_path: Path, airflow3: Path) -> None:
    """`cron verify` is not a rubber stamp: a DAG whose schedule was edited by hand fails, with the
    crontab line and the instants, and exit code 1."""
    out = tmp_path / "out"
    crontab = tmp_path / "crontabs" / "ops.crontab"
    crontab.parent.mkdir()
    crontab.write_text("0 9 */2 * 1 /opt/odd_mondays.sh\n15 7 * * 1-5 /opt/weekdays.sh\n")
    command = [sys.executable, "-m", "migrator", "cron"]
    done = subprocess.run(
        [*command, str(crontab), "--out", str(out), "--timezone", "America/New_York", "--start-date", "2026-01-01"],
        capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    verified = subprocess.run(
        [*command, "verify", str(out), "--python", str(airflow3)], capture_output=True, text=True
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "0 unexpected" in verified.stdout
    manifest = json.loads((out / "cron-manifest.json").read_text())
    weekdays = next(d for d in manifest["dags"] if d["source"].startswith("15 7"))
    module = out / weekdays["module"]
    module.write_text(module.read_text().replace('"15 7 * * 1-5"', '"15 7 * * 1-6"'))
    failed = subprocess.run(
        [*command, "verify", str(out), "--python", str(airflow3)], capture_output=True, text=True
    )
    assert failed.returncode == 1
    assert f"FAIL {weekdays['dag_id']}" in failed.stdout and "15 7 * * 1-5 /opt/weekdays.sh" in failed.stdout
    assert "Airflow fires, cron does not" in failed.stdout and "2026-01-03 07:15 EST" in failed.stdout


def test_exact_timetable_without_catchup_does_not_run_past_ticks(tmp_path: Path, airflow3: Path) -> None:
    """Like cron, the plugin never makes up a missed tick: without catchup the first run is the next
    one at or after now, and after a pause it skips to the future."""
    from migrator.airflow_env import airflow_environ, run_python

    convert_paths([FIXTURES / "legacy-airflow-1.10/crontabs/etl.crontab"], tmp_path, exact_dst=True)
    code = f"""
import sys
sys.path.insert(0, {str(tmp_path / "plugins")!r})
import pendulum
from airflow.timetables.base import DataInterval, TimeRestriction
from cron_exact_timetable import CronExactTimetable
tt = CronExactTimetable([{{"fields": "30 2 * * *", "day_and": True, "wildcard": False}}], timezone="America/New_York")
now = pendulum.now("UTC")
past = pendulum.datetime(2026, 1, 1, tz="UTC")
first = tt.next_dagrun_info(last_automated_data_interval=None,
                            restriction=TimeRestriction(earliest=past, latest=None, catchup=False))
resumed = tt.next_dagrun_info(last_automated_data_interval=DataInterval.exact(past),
                              restriction=TimeRestriction(earliest=past, latest=None, catchup=False))
caught_up = tt.next_dagrun_info(last_automated_data_interval=DataInterval.exact(past),
                                restriction=TimeRestriction(earliest=past, latest=None, catchup=True))
manual = tt.infer_manual_data_interval(run_after=now)
assert first.run_after >= now and resumed.run_after >= now, (first, resumed)
assert first.run_after - now <= pendulum.duration(days=1)
assert caught_up.run_after == pendulum.datetime(2026, 1, 1, 7, 30, tz="UTC"), caught_up
assert manual.start == manual.end == now
assert CronExactTimetable.deserialize(tt.serialize()) == tt
print("ok")
"""
    done = run_python(airflow3, code, env=airflow_environ(tmp_path / "home"), timeout=300)
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr[-2000:]
