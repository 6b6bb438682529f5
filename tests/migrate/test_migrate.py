"""`migrate`: the whole pipeline on the bundled legacy deployment, into one folder with an index."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LEGACY = REPO / "fixtures" / "legacy-airflow-1.10"


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("migrate") / "out"
    result = subprocess.run(
        [sys.executable, "-m", "migrator", "migrate", str(LEGACY), "--out", str(out), "--target-airflow", "3.0.6",
         "--environment-name", "legacy-etl", "--timezone", "America/New_York", "--region", "eu-west-1"],
        capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    return out, result


def test_every_stage_runs_and_the_index_links_them(migrated: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, result = migrated
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Traceback" not in result.stdout + result.stderr
    for path in ("assess/report.html", "converted", "cron/cron-manifest.json", "bundle/requirements.txt",
                 "plan/cloudformation.yaml", "checklist/checklist.md", "index.html", "index.md"):  # fmt: skip
        assert (out / path).exists(), path
    index = (out / "index.md").read_text()
    for stage, status in (("assess", "ok"), ("convert", "ok"), ("cron", "ok"), ("bundle", "ok"), ("plan", "ok"),
                          ("checklist", "ok"), ("secrets plan", "skipped")):  # fmt: skip
        assert f"| {stage} | {status} |" in index, stage
    assert 'href="assess/report.html"' in (out / "index.html").read_text()


def test_crontab_dags_ship_in_the_bundle_and_the_checklist(migrated: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, _ = migrated
    cron_dags = sorted(p.name for p in (out / "cron" / "dags").glob("*.py"))
    assert cron_dags
    bundled = {p.name for p in (out / "bundle" / "dags").rglob("*.py")}
    assert set(cron_dags) <= bundled
    checklist = (out / "checklist" / "checklist.md").read_text()
    assert f"mwaa_cli dags unpause {cron_dags[0].removesuffix('.py')}" in checklist


def test_the_inputs_are_untouched_and_a_usage_error_is_exit_2(tmp_path: Path) -> None:
    inside = subprocess.run(
        [sys.executable, "-m", "migrator", "migrate", str(LEGACY), "--out", str(LEGACY / "out")],
        capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    assert inside.returncode == 2 and not (LEGACY / "out").exists()
    status = subprocess.run(["git", "status", "--porcelain", str(LEGACY)], capture_output=True, text=True, cwd=REPO)
    assert status.stdout == ""
