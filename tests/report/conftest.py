"""Reports rendered from a real analysed deployment, and from hand-made findings where a test needs
exact control (hundreds of blockers, hostile messages)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest

from migrator.engine import Deployment, FileResult, analyse
from migrator.findings import Finding, Location
from migrator.knowledge.versions import resolve
from migrator.report.model import Report
from migrator.report.render import FORMATS, write_reports
from migrator.rules import registry

TARGET = "3.0.6"
SQL_PASSWORD = "S3cr3tPw-planted-7781"
FERNET_KEY = "81HqDtbqAywKSOumSha3BhWNOdQ26slT6K0YaZeZyPs="
BROKER_PASSWORD = "brokerPw-planted-5512"
HOSTILE_NAME = "<img src=x onerror=alert(1)>.py"

GOOD_DAG = """\
from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG("good") as dag:
    BashOperator(task_id="hello", bash_command="echo hello")
"""


def make_deployment(root: Path) -> Path:
    """A small self-hosted deployment: a good DAG, broken ones, and an airflow.cfg with secrets."""
    dags = root / "deploy" / "dags"
    dags.mkdir(parents=True)
    (dags / "good_dag.py").write_text(GOOD_DAG)
    (dags / "second_good_dag.py").write_text(GOOD_DAG.replace('"good"', '"second"'))
    (dags / "broken_dag.py").write_text('from airflow import DAG\ndag = DAG("broken"\ndef x(:\n    pass\n')
    (dags / "py2_dag.py").write_text('from airflow import DAG\nprint "hello <b>"\ndag = DAG("py2")\n')
    (dags / "empty.py").write_text("")
    (dags / "blob.py").write_bytes(b"\x00\x01\x02\x03")
    (dags / HOSTILE_NAME).write_text("from airflow import DAG\ndef f(:\n")
    (dags / "uses_db.py").write_text(
        "from airflow import DAG\n"
        f'DB_URL = "postgresql://airflow:{SQL_PASSWORD}@db:5432/airflow"\n'
        'dag = DAG("uses_db")\n'
    )
    home = root / "deploy"
    (home / "airflow.cfg").write_text(
        "[core]\n"
        "executor = KubernetesExecutor\n"
        f"sql_alchemy_conn = postgresql+psycopg2://airflow:{SQL_PASSWORD}@db:5432/airflow\n"
        f"fernet_key = {FERNET_KEY}\n"
        "[celery]\n"
        f"broker_url = redis://:{BROKER_PASSWORD}@redis:6379/0\n"
        f"this line is broken <script>alert(1)</script> {SQL_PASSWORD}\n"
    )
    (home / "airflow.env").write_text(
        f"AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql://airflow:{SQL_PASSWORD}@db/airflow\n"
        f"AIRFLOW__CORE__FERNET_KEY={FERNET_KEY}\n"
    )
    (home / "requirements.txt").write_text("apache-airflow==2.7.2\npsycopg2\n")
    return home


def analyse_report(root: Path, paths: Iterable[Path]) -> Report:
    deployment = analyse(list(paths), resolve(TARGET), cache=None, jobs=1, cwd=root)
    return Report.from_deployment(deployment)


@pytest.fixture
def deployment_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A deployment under tmp_path, with tmp_path as the current folder (as when a user runs assess)."""
    make_deployment(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def real_report(deployment_root: Path) -> Report:
    return analyse_report(deployment_root, [deployment_root / "deploy"])


@pytest.fixture
def written(real_report: Report, deployment_root: Path) -> dict[str, str]:
    """All four formats written by write_reports into deployment_root/out, as text."""
    out = deployment_root / "out"
    paths = write_reports(real_report, out, FORMATS)
    return {p.suffix.lstrip("."): p.read_text(encoding="utf-8") for p in paths}


def finding(code: str, path: str, line: int = 0, message: str | None = None, **kwargs: object) -> Finding:
    """A finding as the rule `code` would make it."""
    rule = registry.get(code)
    column = int(kwargs.pop("column", 1 if line else 0))  # type: ignore[call-overload]
    return rule.finding(Location(path, line, column), message, **kwargs)  # type: ignore[arg-type]


def report_from_findings(findings: list[Finding], dag_paths: Iterable[str] = (), inputs: tuple[str, ...] = ("repo",)) -> Report:
    """A Report through the real model code, from findings made by hand."""
    dags = set(dag_paths)
    paths = sorted({f.location.path for f in findings} | dags)
    files = [
        FileResult(path, "python", [f for f in findings if f.location.path == path], is_dag_file=path in dags)
        for path in paths
    ]
    deployment = Deployment(resolve(TARGET), list(inputs), files, [], [], sorted(findings, key=Finding.sort_key))
    return Report.from_deployment(deployment)


def load_json(text: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(text)
    return data
