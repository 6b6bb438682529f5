"""The `convert` command line: modes, refusals, bad input, partial failure."""

from __future__ import annotations

import json
from pathlib import Path

from tests.convert.conftest import FIXTURES, run_cli, tree_bytes

LEGACY_DAG = """from airflow import DAG
from airflow.operators.bash_operator import BashOperator
from airflow.operators.dummy_operator import DummyOperator

dag = DAG("legacy", schedule_interval="@daily")
start = DummyOperator(task_id="start", dag=dag)
run = BashOperator(task_id="run", bash_command="echo {{ execution_date }}", dag=dag)
start >> run
"""
CLEAN_DAG = """from airflow.sdk import DAG
from airflow.providers.standard.operators.empty import EmptyOperator

with DAG("clean", schedule=None):
    EmptyOperator(task_id="noop")
"""


def _tree(root: Path) -> Path:
    (root / "dags" / "sub").mkdir(parents=True)
    (root / "dags" / "legacy.py").write_text(LEGACY_DAG)
    (root / "dags" / "clean.py").write_text(CLEAN_DAG)
    (root / "dags" / "broken.py").write_text("def broken(:\n    pass\n")
    (root / "dags" / "py2.py").write_text('print "hello"\n')
    (root / "dags" / "latin1.py").write_bytes(b"# caf\xe9\nx = 1\n")
    (root / "dags" / "sub" / "notes.md").write_text("# not python\n")
    (root / "dags" / "sub" / "data.bin").write_bytes(bytes(range(256)))
    return root


def test_out_mirrors_the_tree_and_reports(tmp_path: Path) -> None:
    source = _tree(tmp_path / "src")
    out = tmp_path / "out"
    code, output = run_cli("convert", str(source), "-t", "3.0.6", "--out", str(out))
    assert code == 0, output
    before, after = tree_bytes(source), tree_bytes(out)
    assert set(after) == set(before) | {"convert-report.json"}
    for same in (
        "dags/clean.py",
        "dags/broken.py",
        "dags/py2.py",
        "dags/latin1.py",
        "dags/sub/notes.md",
        "dags/sub/data.bin",
    ):
        assert after[same] == before[same], same
    legacy = after["dags/legacy.py"].decode()
    assert "EmptyOperator" in legacy and "{{ logical_date }}" in legacy and 'schedule="@daily"' in legacy
    report = json.loads(after["convert-report.json"])
    statuses = {f["path"]: f["status"] for f in report["files"]}
    assert statuses["dags/legacy.py"] == "changed"
    assert statuses["dags/broken.py"] == "failed" and statuses["dags/py2.py"] == "failed"
    assert statuses["dags/latin1.py"] == "failed"
    assert "1 files changed" in output and "3 failed" in output
    assert "dags/broken.py: syntax error" in output
    assert before == tree_bytes(source), "the source is never written without --in-place"


def test_check_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    source = _tree(tmp_path / "src")
    before = tree_bytes(source)
    code, output = run_cli("convert", str(source), "-t", "2.10.3", "--check")
    assert code == 1, output
    assert tree_bytes(source) == before
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "clean.py").write_text(CLEAN_DAG)
    assert run_cli("convert", str(clean), "-t", "3.0.6", "--check")[0] == 0


def test_diff_prints_unified_diffs(tmp_path: Path) -> None:
    source = _tree(tmp_path / "src")
    code, output = run_cli("convert", str(source), "-t", "3.0.6", "--diff")
    assert code == 0
    assert "--- a/dags/legacy.py" in output and "+++ b/dags/legacy.py" in output
    assert "-from airflow.operators.dummy_operator import DummyOperator" in output
    assert "+from airflow.providers.standard.operators.empty import EmptyOperator" in output
    assert "a/dags/clean.py" not in output


def test_in_place_rewrites_only_what_changes(tmp_path: Path) -> None:
    source = _tree(tmp_path / "src")
    before = tree_bytes(source)
    code, output = run_cli("convert", str(source), "-t", "3.0.6", "--in-place")
    assert code == 0, output
    after = tree_bytes(source)
    assert set(after) == set(before), "no report or other file is written into the source"
    assert [p for p in before if before[p] != after[p]] == ["dags/legacy.py"]
    assert run_cli("convert", str(source), "-t", "3.0.6", "--check")[0] == 0


def test_usage_errors(tmp_path: Path) -> None:
    source = _tree(tmp_path / "src")
    cases = [
        (["convert", str(source), "-t", "3.0.6"], "--out DIR"),
        (
            ["convert", str(source), "-t", "3.0.6", "--out", str(tmp_path / "o"), "--in-place"],
            "choose one of",
        ),
        (["convert", str(source), "-t", "3.0.6", "--out", str(source / "dags" / "out")], "inside the source"),
        (["convert", str(source), "-t", "3.0.6", "--out", str(tmp_path)], "contains the source"),
        (["convert", str(source), "-t", "9.9.9", "--check"], "not an MWAA version"),
        (["convert", str(tmp_path / "missing"), "-t", "3.0.6", "--check"], "does not exist"),
        (["convert", str(source), "-t", "3.0.6", "--check", "--reference-date", "22/11/2026"], "YYYY-MM-DD"),
    ]
    for args, message in cases:
        code, output = run_cli(*args)
        assert code == 2, (args, output)
        assert message in output, (args, output)
    assert not (source / "dags" / "out").exists()


def test_several_sources_go_under_their_names(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = run_cli(
        "convert", str(FIXTURES / "airflow-2.x" / "dags"), str(FIXTURES / "legacy-airflow-1.10" / "plugins"),
        "-t", "3.0.6", "--out", str(out),
    )  # fmt: skip
    assert code == 0, output
    assert (out / "dags" / "daily_revenue.py").exists()
    assert (out / "plugins" / "warehouse_operators.py").exists()
    assert "apply_defaults" not in (out / "plugins" / "warehouse_operators.py").read_text()


def test_line_endings_and_bom_are_kept(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "crlf.py").write_bytes(LEGACY_DAG.replace("\n", "\r\n").encode())
    (source / "bom.py").write_bytes(b"\xef\xbb\xbf" + LEGACY_DAG.encode())
    out = tmp_path / "out"
    assert run_cli("convert", str(source), "-t", "3.0.6", "--out", str(out))[0] == 0
    crlf = (out / "crlf.py").read_bytes()
    assert b"EmptyOperator" in crlf and b"\n" not in crlf.replace(b"\r\n", b"")
    bom = (out / "bom.py").read_bytes()
    assert bom.startswith(b"\xef\xbb\xbf") and b"EmptyOperator" in bom
