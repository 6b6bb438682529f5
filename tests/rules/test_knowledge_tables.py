"""The DAG-API / executor / host knowledge tables are consistent with themselves and with Airflow."""

from __future__ import annotations

import ast
import subprocess

import jinja2
import pytest

from migrator.airflow_env import ensure_airflow
from migrator.findings import Severity
from migrator.knowledge import load
from migrator.knowledge.arguments import (
    dag_argument_renames,
    operator_argument_renames,
    removed_arguments,
    trigger_rule_renames,
)
from migrator.knowledge.context_variables import removed_context_attributes, removed_context_variables
from migrator.knowledge.host_paths import host_paths
from migrator.knowledge.os_binaries import missing_binaries, present_binaries
from migrator.knowledge.versions import parse_version
from migrator.rules import registry

# upgrading_to_airflow3.rst, "Breaking Changes: Some Airflow context variables" (apache/airflow @3ac12ee)
DOCUMENTED_REMOVED_KEYS = {
    "tomorrow_ds", "tomorrow_ds_nodash", "yesterday_ds", "yesterday_ds_nodash", "prev_ds", "prev_ds_nodash",
    "prev_execution_date", "prev_execution_date_success", "next_execution_date", "next_ds_nodash", "next_ds",
    "execution_date",
}  # fmt: skip
# Names a replacement expression may use besides context keys.
HELPERS = {"timedelta", "context"}


def test_every_documented_removed_key_is_in_the_table() -> None:
    assert set(removed_context_variables()) >= DOCUMENTED_REMOVED_KEYS
    # ruff's REMOVED_CONTEXT_KEYS adds `conf`; tomorrow_ds_nodash is the one ruff misses.
    assert "conf" in removed_context_variables()


@pytest.mark.parametrize("variable", removed_context_variables().values(), ids=lambda v: v.name)
def test_replacements_are_well_formed(variable: object) -> None:
    from migrator.knowledge.context_variables import ContextVariable

    assert isinstance(variable, ContextVariable)
    assert variable.condition
    if not variable.has_replacement:
        assert not variable.python and not variable.requires
        return
    template = jinja2.Environment().parse("{{ " + variable.jinja + " }}")
    jinja_names = {n.name for n in template.find_all(jinja2.nodes.Name)} - {"macros", "ds"}
    assert jinja_names <= set(variable.requires) | {"logical_date"}, variable.jinja
    python_names = {
        n.id for n in ast.walk(ast.parse(variable.python, mode="eval")) if isinstance(n, ast.Name)
    }
    assert python_names - HELPERS <= set(variable.requires), variable.python
    assert variable.name not in python_names and variable.name not in jinja_names


def test_attribute_replacements_parse() -> None:
    for attribute in removed_context_attributes():
        jinja2.Environment().parse("{{ " + attribute.jinja + " }}")
        ast.parse(attribute.python, mode="eval")
        assert attribute.owners and attribute.condition


@pytest.mark.airflow
def test_replacements_only_read_keys_airflow_3_provides() -> None:
    """Read the task-context keys from the real Airflow 3.0.6 Task SDK (its Context TypedDict)."""
    python = ensure_airflow("3.0.6")
    script = "import airflow.sdk.definitions.context as c; print(' '.join(sorted(c.Context.__annotations__)))"
    done = subprocess.run([str(python), "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    provided = set(done.stdout.split())
    assert "logical_date" in provided
    for variable in removed_context_variables().values():
        assert variable.name not in provided, variable.name
        assert set(variable.requires) <= provided, (variable.name, set(variable.requires) - provided)
        if variable.has_replacement:
            template = jinja2.Environment().parse("{{ " + variable.jinja + " }}")
            names = {n.name for n in template.find_all(jinja2.nodes.Name)}
            assert names <= provided, (variable.name, names - provided)


def test_argument_tables_are_versioned_and_sourced() -> None:
    renames = [*dag_argument_renames().values(), *operator_argument_renames()]
    for rename in renames:
        assert rename.source and rename.old != rename.new
        if rename.lifecycle.deprecated_in:
            assert parse_version(rename.lifecycle.deprecated_in) <= parse_version(rename.lifecycle.removed_in)
    for argument in removed_arguments():
        assert argument.source and argument.scope in ("dag", "operator") and argument.replacement
    for rule in trigger_rule_renames().values():
        assert rule.source and rule.enum_old.lower() == rule.old and rule.enum_new.lower() == rule.new


def test_every_table_names_its_source() -> None:
    for name in ("context_variables", "removed_callables", "metadata_db_access", "parse_time_calls",
                 "executor_features", "os_binaries", "host_paths"):  # fmt: skip
        data = load(name)
        assert data.get("source") or all("source" in v for v in data.values() if isinstance(v, dict)), name


def test_binary_table_is_consistent() -> None:
    rows = load("os_binaries")["missing"]
    names = [n for row in rows for n in row["names"]]
    assert len(names) == len(set(names)), "a program is listed twice"
    assert not set(names) & present_binaries(), "a program is both present and missing"
    codes = {r.code for r in registry.all_rules()}
    for binary in missing_binaries().values():
        assert binary.remedy
        assert not binary.covered_by or binary.covered_by in codes
        if binary.severity:
            Severity.parse(binary.severity)
    # The facts the brief asked about explicitly: the AWS CLI and OpenSSH clients ship in the image.
    assert {"aws", "ssh", "sftp", "scp"} <= present_binaries()
    assert {"psql", "sqlplus", "kubectl", "hdfs", "spark-submit", "rsync", "lftp", "tar", "wget"} <= set(
        names
    )


def test_host_path_prefixes() -> None:
    table = host_paths()
    for prefix in (
        *table.allowed_prefixes,
        *(p for p, _ in table.host_prefixes),
        *(p for p, _ in table.airflow_homes),
    ):
        assert prefix.startswith("/") and prefix.endswith("/"), prefix
    assert table.verdict("/usr/local/airflow/dags/x") is None
    assert table.verdict("/tmp/x") is None
    assert table.verdict("/dev/null") is None
    assert table.verdict("/opt/airflow/dags/x").mwaa_path == "/usr/local/airflow/dags/x"  # type: ignore[union-attr]
    assert table.verdict("/home/u/x") is not None
