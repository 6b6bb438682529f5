"""The converted fixtures load in real Airflow, on a 3.x and a 2.x MWAA version, with no migration
import error other than the ones convert reports as manual work, and `validate --compare-with`
finds the same task graph as the original loaded in Airflow 2.10.3.

A small set of provider packages is installed (the ones MWAA ships, plus ssh/sftp/slack the fixtures
use); DAGs needing other providers fail with *dependency* errors, which are acceptable here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from migrator.airflow_env import ensure_airflow
from tests.convert.conftest import FIXTURE_NAMES, FIXTURES, run_cli

pytestmark = pytest.mark.airflow


PROVIDERS = (
    "apache-airflow-providers-amazon",
    "apache-airflow-providers-http",
    "apache-airflow-providers-postgres",
    "apache-airflow-providers-slack",
    "apache-airflow-providers-ssh",
    "apache-airflow-providers-sftp",
)
# DAGs that must load after conversion with the providers above (the others need google, docker,
# kubernetes, or have manual work left): a floor, so a regression that breaks loading shows.
MIN_LOADED = {
    ("legacy-airflow-1.10", "3.0.6"): 4,
    ("legacy-airflow-1.10", "2.10.3"): 4,
    ("airflow-2.x", "3.0.6"): 2,
    ("airflow-2.x", "2.10.3"): 2,
}
# Codes whose findings mean "an Airflow API this file uses has no drop-in replacement": the file is
# expected not to load on the target until a human rewrites it.
MANUAL_IMPORT_FAMILIES = ("imports", "dag-api")


def _validate(folder: Path, target: str, original: Path, plugins: Path) -> tuple[int, dict[str, object], str]:
    result_file = folder.parent / f"validate-{target}.json"
    command = [
        sys.executable, "-m", "migrator", "validate", str(folder), "--target-airflow", target,
        "--python", str(ensure_airflow(target, PROVIDERS)),
        "--compare-with", str(original), "--source-airflow", "2.10.3",
        "--source-python", str(ensure_airflow("2.10.3", PROVIDERS)), "--json", str(result_file),
    ]  # fmt: skip
    # validate loads like MWAA's DAG processor: DAGs and plugins folders on sys.path, and a request
    # channel that answers parse-time Variable.get with "not found"
    command += ["--plugins", str(plugins)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result.returncode, json.loads(result_file.read_text()), result.stdout


@pytest.mark.parametrize("target", ["3.0.6", "2.10.3"])
@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_converted_fixture_loads_and_keeps_its_graph(name: str, target: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = run_cli(
        "convert", str(FIXTURES / name), "-t", target, "--out", str(out), "--reference-date", "2026-11-22"
    )
    assert code == 0, output
    report = json.loads((out / "convert-report.json").read_text())
    manual = {
        f["path"].removeprefix("dags/")
        for f in report["files"]
        for finding in f["remaining"]
        if not finding["fixable"] and finding["severity"] == "blocker" and finding["code"][4] in "12"
    }
    _, result, stdout = _validate(out / "dags", target, FIXTURES / name / "dags", out / "plugins")
    problems = result["problems"]
    assert isinstance(problems, list)
    migration = [p for p in problems if p["kind"] == "migration"]
    unexplained = [p for p in migration if p["path"] not in manual]
    assert unexplained == [], stdout
    loaded = result["dags"]
    assert isinstance(loaded, list) and len(loaded) >= MIN_LOADED[(name, target)], stdout
    compared, differences = result["compared"], result["differences"]
    assert differences == [], stdout
    if name == "airflow-2.x":  # 1.10 originals do not load on any Airflow 2 (nothing to compare with)
        assert compared, f"no DAG loaded both before and after:\n{stdout}"
