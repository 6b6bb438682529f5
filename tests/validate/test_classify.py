from __future__ import annotations

import pytest

from migrator.validate.classify import classify, last_exception_line
from migrator.validate.compare import compare_graphs

TB = """Traceback (most recent call last):
  File "/dags/x.py", line 2, in <module>
    from {module} import thing
{error}
"""


@pytest.mark.parametrize(
    ("error", "installed", "kind", "distribution"),
    [
        ("ModuleNotFoundError: No module named 'airflow.contrib'", set(), "migration", ""),
        ("ModuleNotFoundError: No module named 'airflow.operators.bash_operator'", set(), "migration", ""),
        ("ModuleNotFoundError: No module named 'airflow.providers.ssh'", set(), "dependency",
         "apache-airflow-providers-ssh"),
        ("ModuleNotFoundError: No module named 'airflow.providers.apache.spark'", set(), "dependency",
         "apache-airflow-providers-apache-spark"),
        ("ModuleNotFoundError: No module named 'airflow.providers.amazon.aws.operators.s3_list'",
         {"apache-airflow-providers-amazon"}, "migration", ""),
        ("ModuleNotFoundError: No module named 'pyodbc'", set(), "dependency", "pyodbc"),
        ("ImportError: cannot import name 'days_ago' from 'airflow.utils.dates' (/x.py)", set(), "migration", ""),
        ("ZeroDivisionError: division by zero", set(), "code", ""),
    ],
)  # fmt: skip
def test_classify(error: str, installed: set[str], kind: str, distribution: str) -> None:
    problem = classify("x.py", TB.format(module="m", error=error), frozenset(installed))
    assert (problem.kind, problem.distribution) == (kind, distribution)
    assert problem.summary == error


def test_last_exception_line_skips_chained_context() -> None:
    text = TB.format(module="m", error="KeyError: 'a'") + "\nDuring handling...\n\n" + TB.format(
        module="m", error="ValueError: bad"
    )
    assert last_exception_line(text) == "ValueError: bad"


def test_compare_graphs_reports_task_type_and_edge_changes_but_not_renames() -> None:
    before = {
        "d": {"tasks": {"a": "DummyOperator", "b": "BashOperator"}, "edges": [["a", "b"]]},
        "only_before": {"tasks": {}, "edges": []},
    }
    same = {"d": {"tasks": {"a": "EmptyOperator", "b": "BashOperator"}, "edges": [["a", "b"]]}}
    compared, diffs = compare_graphs(before, same)
    assert compared == ["d"] and diffs == []
    changed = {"d": {"tasks": {"a": "EmptyOperator", "b": "PythonOperator"}, "edges": []}}
    _, diffs = compare_graphs(before, changed)
    assert [d.what.split()[0] for d in diffs] == ["task", "edges"]
