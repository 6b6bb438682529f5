"""Severity follows the target version, for every MWAA version the tool supports."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrator.findings import Severity
from migrator.knowledge.versions import supported_versions
from migrator.rules.base import Example
from tests.examples import findings_for

VERSIONS = [v.airflow for v in supported_versions()]

# (code, source, severity on 2.x targets or None, severity on 3.x targets or None)
CASES = [
    (
        "MWAA201",
        "from airflow import DAG\nDAG('d', schedule_interval='@daily')\n",
        Severity.WARNING,
        Severity.BLOCKER,
    ),
    ("MWAA201", "from airflow import DAG\nDAG('d', schedule=None, fail_stop=True)\n", None, Severity.BLOCKER),
    (
        "MWAA202",
        "from airflow.operators.bash import BashOperator\nBashOperator(task_id='t', task_concurrency=1)\n",
        Severity.WARNING,
        Severity.BLOCKER,
    ),
    ("MWAA202", "default_args = {'task_concurrency': 1}\n", Severity.WARNING, Severity.WARNING),
    (
        "MWAA203",
        "from airflow.operators.python import PythonOperator\nPythonOperator(task_id='t', provide_context=True)\n",
        Severity.WARNING,
        Severity.BLOCKER,
    ),
    (
        "MWAA203",
        "from airflow import DAG\nDAG('d', schedule=None, orientation='TB')\n",
        None,
        Severity.BLOCKER,
    ),
    (
        "MWAA204",
        "from airflow.operators.empty import EmptyOperator\nEmptyOperator(task_id='t', trigger_rule='dummy')\n",
        Severity.WARNING,
        Severity.BLOCKER,
    ),
    ("MWAA205", "def f(**context):\n    return context['next_ds']\n", None, Severity.BLOCKER),
    ("MWAA206", "CMD = 'echo {{ next_ds }}'\n", None, Severity.BLOCKER),
    (
        "MWAA207",
        "from airflow.utils.dates import days_ago\nS = days_ago(1)\n",
        Severity.WARNING,
        Severity.BLOCKER,
    ),
    (
        "MWAA208",
        "from airflow.operators.subdag import SubDagOperator\nSubDagOperator(task_id='s', subdag=None)\n",
        Severity.WARNING,
        Severity.BLOCKER,
    ),
    (
        "MWAA209",
        "from airflow.operators.bash import BashOperator\nBashOperator(task_id='t', sla=None)\n",
        None,
        Severity.WARNING,
    ),
    (
        "MWAA210",
        "from airflow.utils.decorators import apply_defaults\nclass O:\n    @apply_defaults\n    def __init__(self):\n        pass\n",
        Severity.INFO,
        Severity.BLOCKER,
    ),
    (
        "MWAA211",
        "from airflow.utils.session import create_session\ndef f():\n    with create_session() as s:\n        pass\n",
        None,
        Severity.BLOCKER,
    ),
    ("MWAA212", "from airflow import DAG\nDAG('d')\n", None, Severity.WARNING),
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    ("code", "source", "on_2", "on_3"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_severity_by_target(
    code: str, source: str, on_2: Severity | None, on_3: Severity | None, version: str, tmp_path: Path
) -> None:
    expected = on_3 if version.startswith("3.") else on_2
    severities = {
        f.severity for f in findings_for(Example(source, target=version), tmp_path) if f.code == code
    }
    assert severities == ({expected} if expected else set())


@pytest.mark.parametrize(("version", "reported"), [(v, not v.startswith(("2.7", "2.8"))) for v in VERSIONS])
def test_trigger_dag_run_logical_date_only_where_it_exists(
    version: str, reported: bool, tmp_path: Path
) -> None:
    source = (
        "from airflow.operators.trigger_dagrun import TriggerDagRunOperator\n"
        "TriggerDagRunOperator(task_id='t', trigger_dag_id='x', execution_date='{{ ds }}')\n"
    )
    codes = [f.code for f in findings_for(Example(source, target=version), tmp_path)]
    assert ("MWAA202" in codes) is reported


@pytest.mark.parametrize(
    ("version", "accepted"), [(v, not v.startswith(("2.7", "2.8", "2.9"))) for v in VERSIONS]
)
def test_celery_executor_argument_is_fine_from_2_10(version: str, accepted: bool, tmp_path: Path) -> None:
    source = (
        "from airflow.operators.bash import BashOperator\n"
        "BashOperator(task_id='t', bash_command='true', executor='CeleryExecutor')\n"
    )
    codes = [f.code for f in findings_for(Example(source, target=version), tmp_path)]
    assert ("MWAA403" in codes) is not accepted


def test_sla_remedy_names_deadline_alerts_only_where_they_exist(tmp_path: Path) -> None:
    source = "from airflow.operators.bash import BashOperator\nBashOperator(task_id='t', sla=None)\n"
    remedies = {
        v: next(f.remedy for f in findings_for(Example(source, target=v), tmp_path) if f.code == "MWAA209")
        for v in VERSIONS
        if v.startswith("3.")
    }
    assert "DeadlineAlert" not in remedies["3.0.6"]
    assert all("DeadlineAlert" in r for v, r in remedies.items() if v != "3.0.6")
