"""MWAA709: which imports need which distribution, and what the deployment already installs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from migrator.engine import analyse
from migrator.knowledge.import_distributions import distribution_for, provider_distribution
from migrator.knowledge.versions import resolve
from migrator.rules.requirements.imports import import_lines


@pytest.mark.parametrize(
    ("module", "distribution"),
    [
        ("airflow.providers.amazon.aws.hooks.s3", "apache-airflow-providers-amazon"),
        ("airflow.providers.apache.hive.operators.hive", "apache-airflow-providers-apache-hive"),
        ("airflow.providers.cncf.kubernetes.operators.pod", "apache-airflow-providers-cncf-kubernetes"),
        ("airflow.providers.microsoft.azure.hooks.wasb", "apache-airflow-providers-microsoft-azure"),
        ("airflow.providers.common.sql.operators.sql", "apache-airflow-providers-common-sql"),
        ("airflow.providers.dbt.cloud.operators.dbt", "apache-airflow-providers-dbt-cloud"),
        ("airflow.providers.google.cloud.operators.bigquery", "apache-airflow-providers-google"),
        ("airflow.providers.standard.operators.bash", "apache-airflow-providers-standard"),
        ("airflow.providers.apache", None),
        ("airflow.operators.bash", None),
    ],
)
def test_provider_distribution(module: str, distribution: str | None) -> None:
    assert provider_distribution(module) == distribution


@pytest.mark.parametrize(
    ("module", "first"),
    [
        ("yaml.safe_load", "pyyaml"),
        ("google.cloud.bigquery", "google-cloud-bigquery"),
        ("google.cloud.bigquery.Client", "google-cloud-bigquery"),
        ("MySQLdb.cursors", "mysqlclient"),
        ("sklearn.linear_model", "scikit-learn"),
        ("requests", "requests"),
        ("great_expectations.core", "great-expectations"),
        ("my_company_sdk", "my-company-sdk"),
    ],
)
def test_distribution_for(module: str, first: str) -> None:
    source = distribution_for(module)
    assert source is not None and source.distributions[0] == first


@pytest.mark.parametrize("module", ["json", "os.path", "google", "google.cloud", "airflow.models", "__future__",
                                    "pkg_resources", "distutils.util"])  # fmt: skip
def test_modules_never_attributed(module: str) -> None:
    assert distribution_for(module) is None


def test_import_lines_skip_optional_imports() -> None:
    tree = ast.parse(
        "import os\nfrom google.cloud import bigquery, storage\nfrom . import sibling\n"
        "try:\n    import ujson as json\nexcept ImportError:\n    import json\n"
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pandas\n"
        "def task():\n    import numpy as np\n    return np\n"
        "try:\n    import orjson\nexcept (ValueError, ModuleNotFoundError):\n    orjson = None\n"
        "import os\n"
    )
    assert import_lines(tree) == (
        ("os", 1), ("google.cloud.bigquery", 2), ("google.cloud.storage", 2), ("json", 7),
        ("typing.TYPE_CHECKING", 8), ("numpy", 12),
    )  # fmt: skip


def _deployment(tmp_path: Path, files: dict[str, str], target: str = "3.3.1"):  # type: ignore[no-untyped-def]
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return analyse([tmp_path], resolve(target), cache=None, jobs=1, cwd=tmp_path)


DAG = """\
from airflow import DAG
from airflow.providers.slack.operators.slack import SlackAPIPostOperator
from airflow.providers.amazon.aws.hooks.s3 import S3Hook
from common.alerts import notify
import pandas as pd
import yaml
import kubernetes.client
"""


def _missing(deployment) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    found: dict[str, set[str]] = {}
    for finding in deployment.findings:
        if finding.code == "MWAA709":
            found.setdefault(finding.location.path, set()).add(finding.detail("distribution") or "")
    return found


def test_missing_distributions_per_file(tmp_path: Path) -> None:
    deployment = _deployment(tmp_path, {"dags/etl.py": DAG, "dags/common/alerts.py": "def notify(): pass\n"})
    assert _missing(deployment) == {
        "dags/etl.py": {"apache-airflow-providers-slack", "pandas", "kubernetes"},
    }


def test_requirements_and_airflow_extras_satisfy_imports(tmp_path: Path) -> None:
    deployment = _deployment(tmp_path, {
        "dags/etl.py": DAG, "dags/common/alerts.py": "def notify(): pass\n",
        "requirements.txt": "apache-airflow[slack]==2.7.3\nPandas==2.1.3\n",
        "requirements/extra.txt": "kubernetes==29.0.0\n",
    })  # fmt: skip
    assert _missing(deployment) == {}


def test_preinstalled_depends_on_the_target(tmp_path: Path) -> None:
    dag = "from airflow import DAG\nfrom airflow.providers.sqlite.hooks.sqlite import SqliteHook\n"
    assert _missing(_deployment(tmp_path / "a", {"dags/d.py": dag}, "2.10.3")) == {}
    assert _missing(_deployment(tmp_path / "b", {"dags/d.py": dag}, "3.3.1")) == {
        "dags/d.py": {"apache-airflow-providers-sqlite"}
    }


def test_test_files_are_not_judged(tmp_path: Path) -> None:
    deployment = _deployment(
        tmp_path, {"tests/test_dags.py": "import pytest\n", "dags/conftest.py": "import pytest\n"}
    )
    assert _missing(deployment) == {}
