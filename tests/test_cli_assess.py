"""The assess command as a user runs it: exit codes, usage errors, outputs, determinism, the cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from migrator.cache import ResultCache
from migrator.engine import analyse
from migrator.knowledge.versions import resolve, supported_versions

REPO = Path(__file__).resolve().parent.parent
DAG_WITH_BLOCKER = "from airflow import DAG\n\ndef broken(:\n"
CLEAN_DAG = "from airflow import DAG\nprint('ok')\n"


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "migrator", *args], capture_output=True, text=True, cwd=cwd or REPO,
        env={**os.environ, **(env or {})},
    )  # fmt: skip


@pytest.fixture()
def deployment(tmp_path: Path) -> Path:
    root = tmp_path / "airflow_home"
    (root / "dags").mkdir(parents=True)
    (root / "dags" / "broken.py").write_text(DAG_WITH_BLOCKER)
    (root / "dags" / "fine.py").write_text(CLEAN_DAG)
    return root


def test_exit_1_when_blocker_reaches_threshold_and_reports_written(deployment: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("assess", str(deployment), "--out", str(out))
    assert result.returncode == 1, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.json", "report.md", "report.sarif"]
    report = json.loads((out / "report.json").read_text())
    assert report["target"]["airflow"] == supported_versions()[-1].airflow  # newest is the default
    blockers = [(f["code"], f["line"]) for f in report["findings"] if f["severity"] == "blocker"]
    assert blockers == [("MWAA001", 3)]


def test_fail_on_never_and_warning_thresholds(deployment: Path, tmp_path: Path) -> None:
    assert run_cli("assess", str(deployment), "--out", str(tmp_path / "a"), "--fail-on", "never").returncode == 0
    (deployment / "dags" / "broken.py").write_text(CLEAN_DAG)
    assert run_cli("assess", str(deployment), "--out", str(tmp_path / "b"), "--fail-on", "blocker").returncode == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["assess", "/no/such/path"], "path does not exist"),
        (["assess", ".", "--target-airflow", "2.6.3"], "not an MWAA version"),
        (["assess", ".", "--format", "pdf"], "unknown format"),
        (["assess", ".", "--fail-on", "sometimes"], "--fail-on must be one of"),
        (["rules", "MWAA999"], "no rule"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args: list[str], message: str, tmp_path: Path) -> None:
    result = run_cli(*args, "--out", str(tmp_path / "o")) if args[0] == "assess" else run_cli(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_version_lists_the_valid_ones() -> None:
    result = run_cli("assess", ".", "--target-airflow", "1.10.12")
    assert all(v.airflow in result.stderr for v in supported_versions())


def test_refuses_to_write_inside_the_analysed_path(deployment: Path) -> None:
    before = sorted(p.relative_to(deployment) for p in deployment.rglob("*"))
    result = run_cli("assess", str(deployment), "--out", str(deployment / "report"))
    assert result.returncode == 2 and "inside the analysed path" in result.stderr
    assert sorted(p.relative_to(deployment) for p in deployment.rglob("*")) == before


def test_same_input_same_bytes(deployment: Path, tmp_path: Path) -> None:
    run_cli("assess", str(deployment), "--out", str(tmp_path / "one"), "--no-cache")
    run_cli("assess", str(deployment), "--out", str(tmp_path / "two"))
    for name in ("report.json", "report.md", "report.html", "report.sarif"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_version_and_help() -> None:
    assert run_cli("--version").stdout.startswith("mwaa-migrator ")
    for command in ("assess", "rules", "validate"):
        result = run_cli(command, "--help")
        assert result.returncode == 0 and "Usage" in result.stdout


def test_rules_lists_every_rule_and_documents_one() -> None:
    from migrator.rules import registry

    listing = run_cli("rules").stdout
    assert all(rule.code in listing for rule in registry.all_rules())
    doc = run_cli("rules", "MWAA002").stdout
    assert "python2-syntax" in doc and 'print "loading dag"' in doc


def test_cache_hit_gives_identical_findings_and_a_changed_file_is_reanalysed(tmp_path: Path) -> None:
    root = tmp_path / "dags"
    root.mkdir()
    (root / "a.py").write_text(DAG_WITH_BLOCKER)
    (root / "b.py").write_text(CLEAN_DAG)
    cache_dir = tmp_path / "cache"
    target = resolve("3.0.6")
    cold = analyse([root], target, cache=ResultCache(cache_dir), jobs=1, cwd=tmp_path).findings
    warm_cache = ResultCache(cache_dir)
    warm = analyse([root], target, cache=warm_cache, jobs=1, cwd=tmp_path).findings
    assert warm == cold and cold
    assert not warm_cache._dirty, "a warm run with nothing changed analyses nothing"
    (root / "a.py").write_text(CLEAN_DAG)
    changed = analyse([root], target, cache=ResultCache(cache_dir), jobs=1, cwd=tmp_path).findings
    assert [f for f in changed if f.code == "MWAA001"] == []


def test_pool_and_serial_runs_agree(tmp_path: Path) -> None:
    root = tmp_path / "dags"
    root.mkdir()
    for i in range(150):
        (root / f"d{i:03d}.py").write_text(DAG_WITH_BLOCKER if i % 7 == 0 else CLEAN_DAG)
    target = resolve("3.0.6")
    serial = analyse([root], target, jobs=1, cwd=tmp_path)
    pooled = analyse([root], target, jobs=2, cwd=tmp_path)
    assert serial.findings == pooled.findings
    assert [f.display for f in serial.files] == [f.display for f in pooled.files]


@pytest.mark.parametrize(
    "command",
    [["assess"], ["rules"], ["convert"], ["validate"], ["cron"], ["cron", "verify"], ["bundle"], ["secrets", "plan"],
     ["plan"], ["checklist"], ["deploy"], ["migrate"]],
)  # fmt: skip
def test_an_unknown_option_is_a_usage_error_on_every_command(command: list[str]) -> None:
    result = run_cli(*command, "--no-such-option")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "No such option" in result.stderr
