"""`checklist`: generated from the deployment's real DAGs, crontab lines and blockers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from migrator.checklist.dag_order import _topological, dag_order
from migrator.engine import analyse
from migrator.knowledge.versions import resolve

UPSTREAM = """from datetime import datetime
from airflow import DAG
from airflow.operators.trigger_dagrun import TriggerDagRunOperator
with DAG("ingest", start_date=datetime(2024, 1, 1), schedule="@daily") as dag:
    TriggerDagRunOperator(task_id="go", trigger_dag_id="transform")
"""
MIDDLE = """from datetime import datetime
from airflow import DAG
from airflow.operators.bash import BashOperator
with DAG("transform", start_date=datetime(2024, 1, 1), schedule=None) as dag:
    BashOperator(task_id="t", bash_command="echo")
"""
DOWNSTREAM = """from datetime import datetime
from airflow import DAG
from airflow.sensors.external_task import ExternalTaskSensor
with DAG("a_report", start_date=datetime(2024, 1, 1), schedule="@daily") as dag:
    ExternalTaskSensor(task_id="wait", external_dag_id="transform")
"""
BROKEN = "from airflow import DAG\nfrom airflow.operators.docker_operator import DockerOperator\ndef f(:\n"
CRONTAB = "MAILTO=ops@example.com\n# nightly export\n15 2 * * * /opt/etl/export.sh --full\n0 19-7 * * 1-5 /never/runs.sh\n"


def make_deployment(root: Path) -> Path:
    (root / "dags").mkdir(parents=True)
    (root / "dags" / "ingest.py").write_text(UPSTREAM)
    (root / "dags" / "transform.py").write_text(MIDDLE)
    (root / "dags" / "report.py").write_text(DOWNSTREAM)
    (root / "dags" / "broken.py").write_text(BROKEN)
    (root / "crontabs").mkdir()
    (root / "crontabs" / "etl.crontab").write_text(CRONTAB)
    return root


def test_dag_order_puts_upstream_first(tmp_path: Path) -> None:
    root = make_deployment(tmp_path / "dep")
    order = dag_order(analyse([root], resolve("3.0.6"), jobs=1, cwd=tmp_path))
    # alphabetical would put a_report first; the references put it last
    assert order.ordered == ["ingest", "transform", "a_report"]
    assert order.edges == [("ingest", "transform"), ("transform", "a_report")]


def test_cycles_are_broken_deterministically_and_reported() -> None:
    ordered, broken = _topological(["a", "b", "c"], {("a", "b"), ("b", "a"), ("b", "c")})
    assert ordered == ["a", "b", "c"] and broken == ["a"]


def test_checklist_names_real_dags_crontab_lines_and_blockers(tmp_path: Path) -> None:
    root = make_deployment(tmp_path / "dep")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "migrator", "checklist", str(root), "--out", str(out), "--target-airflow", "3.0.6",
               "--environment-name", "etl-prod", "--region", "eu-west-1"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    md = (out / "checklist.md").read_text()
    pause = md.index("airflow dags pause ingest")
    assert pause < md.index("airflow dags pause transform") < md.index("airflow dags pause a_report")
    assert md.index("mwaa_cli dags unpause ingest") < md.index("mwaa_cli dags unpause a_report")
    assert md.index("mwaa_cli dags pause a_report") < md.index("mwaa_cli dags pause ingest")  # rollback reversed
    assert "3: 15 2 * * * /opt/etl/export.sh --full" in md
    assert "/never/runs.sh" not in md.split("## 6. Switch")[1].split("## 7.")[0]  # never ran: nothing to switch off
    assert "MWAA001" in md and "dep/dags/broken.py:3" in md
    assert "aws mwaa create-cli-token --name etl-prod --region eu-west-1" in md
    html = (out / "checklist.html").read_text()
    assert html.count('type="checkbox"') == md.count("- [ ]")
    first = (out / "checklist.md").read_bytes(), (out / "checklist.html").read_bytes()
    subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, check=True)
    assert ((out / "checklist.md").read_bytes(), (out / "checklist.html").read_bytes()) == first


def test_cron_dags_are_unpaused_at_the_switch(tmp_path: Path) -> None:
    from migrator.checklist.cron_jobs import crontab_job_lines

    root = make_deployment(tmp_path / "dep")
    jobs = crontab_job_lines([root], cwd=tmp_path)
    assert [(j.line, j.text) for j in jobs] == [(3, "15 2 * * * /opt/etl/export.sh --full")]
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "migrator", "checklist", str(root), "--out", str(out)],
                   capture_output=True, text=True, cwd=tmp_path, check=True)  # fmt: skip
    switch = (out / "checklist.md").read_text().split("## 6. Switch")[1].split("## 7.")[0]
    assert f"mwaa_cli dags unpause {jobs[0].dag_id}" in switch
