"""`validate` against real Airflow (cached venvs): classification and graph comparison end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.airflow

GOOD = """from datetime import datetime
from airflow import DAG
from airflow.operators.bash import BashOperator
with DAG("good", start_date=datetime(2024, 1, 1), schedule=None) as dag:
    BashOperator(task_id="x", bash_command="echo") >> BashOperator(task_id="y", bash_command="echo")
"""


def _validate(*args: str) -> tuple[int, dict]:
    out = Path(args[0]).parent / "validate.json"
    result = subprocess.run(
        [sys.executable, "-m", "migrator", "validate", *args, "--json", str(out)],
        capture_output=True, text=True, env=os.environ.copy(),
    )  # fmt: skip
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(out.read_text())


def test_migration_and_dependency_errors_are_told_apart(tmp_path: Path) -> None:
    dags = tmp_path / "dags"
    dags.mkdir()
    (dags / "good.py").write_text(GOOD)
    (dags / "legacy.py").write_text("from airflow import DAG\nfrom airflow.contrib.operators.ssh_operator import X\n")
    (dags / "needs_pkg.py").write_text("from airflow import DAG\nimport pyodbc\n")
    code, result = _validate(str(dags), "--target-airflow", "3.0.6")
    assert code == 1
    assert result["airflow_version"] == "3.0.6" and result["dags"] == ["good"]
    kinds = {p["path"]: (p["kind"], p["distribution"]) for p in result["problems"]}
    assert kinds == {"legacy.py": ("migration", ""), "needs_pkg.py": ("dependency", "pyodbc")}


def test_compare_with_finds_a_changed_graph(tmp_path: Path) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    before.mkdir()
    after.mkdir()
    (before / "good.py").write_text(GOOD)
    (after / "good.py").write_text(GOOD)
    code, result = _validate(str(after), "--target-airflow", "3.0.6", "--compare-with", str(before))
    assert code == 0 and result["compared"] == ["good"] and result["differences"] == []
    (after / "good.py").write_text(GOOD.replace(' >> BashOperator(task_id="y"', '\n    BashOperator(task_id="y"'))
    code, result = _validate(str(after), "--target-airflow", "3.0.6", "--compare-with", str(before))
    assert code == 1
    assert [d["dag_id"] for d in result["differences"]] == ["good"]
