from __future__ import annotations

import ast
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule
from migrator.knowledge.arguments import dag_argument_renames
from migrator.rules.base import Example, PythonRule
from migrator.rules.dag_api.airflow_calls import is_dag_call
from migrator.rules.dag_api.version_severity import lifecycle_phrase, severity_for


class RenamedDagArgument(PythonRule):
    """A DAG argument Airflow renamed: `schedule_interval`/`timetable` -> `schedule`,
    `concurrency` -> `max_active_tasks`, `fail_stop` -> `fail_fast`.

    Judged against the target: on MWAA 2.x the old names still work with a deprecation warning
    (warning), on 3.x `DAG()` rejects them (blocker: the file no longer loads). `fail_stop` is only
    reported for 3.x targets, because `fail_fast` does not exist on 2.x.

    Checked in `DAG(...)`, `models.DAG(...)`, `with DAG(...)` and the `@dag(...)` decorator. A copy
    inside `default_args` is not reported: the DAG never read these from default_args (they are
    handed to operators, which ignore them), so renaming there changes nothing.

    `data` carries `argument` (old name) and `replacement` (new name) for `convert`, which renames
    the keyword in place.
    """

    code = "MWAA201"
    name = "renamed-dag-argument"
    title = "Renamed DAG argument"
    family = Family.DAG_API
    severity = Severity.BLOCKER
    why = "Airflow 3 DAG() rejects the old argument names; Airflow 2 warns that they are deprecated."
    remedy = "Rename the argument (`schedule_interval=` -> `schedule=` etc.); `convert` does it."
    fixable = True
    sources = (
        "apache-airflow 2.7.2-2.11.0 airflow/models/dag.py (deprecation warnings)",
        "apache-airflow 3.0.6 airflow/sdk/definitions/dag.py (DAG fields)",
        "ruff AIR301 removal_in_3.rs check_call_arguments",
    )
    examples = (
        Example(
            "from airflow import DAG\n"
            "with DAG('etl', schedule_interval='@daily', concurrency=4) as dag:\n"
            "    pass\n",
            expect_lines=(2,),
            target="3.0.6",
            fixed="from airflow import DAG\n"
            "with DAG('etl', schedule='@daily', max_active_tasks=4) as dag:\n"
            "    pass\n",
        ),
        Example(
            "from airflow.models import DAG\ndag = DAG(\n    'etl',\n    schedule_interval='@hourly',\n)\n",
            expect_lines=(4,),
            target="2.10.3",
            note="deprecated on 2.x: a warning",
        ),
        Example(
            "from airflow.decorators import dag\n"
            "@dag(schedule=None, fail_stop=True)\n"
            "def pipeline():\n"
            "    pass\n",
            expect_lines=(2,),
            target="3.0.6",
        ),
        Example(
            "from airflow import DAG\ndag = DAG('etl', schedule=None, fail_stop=True)\n",
            target="2.10.3",
            note="fail_fast does not exist on 2.x: fail_stop is right there",
        ),
        Example(
            "from airflow import DAG\n"
            "default_args = {'owner': 'data', 'schedule_interval': '@daily'}\n"
            "dag = DAG('etl', schedule='@daily', default_args=default_args)\n",
            target="3.0.6",
            note="DAG never read schedule_interval from default_args",
        ),
        Example(
            "import pendulum\n"
            "def make(schedule_interval):\n"
            "    return pendulum.now().add(concurrency=1) if schedule_interval else None\n",
            target="3.0.6",
            note="not a DAG call",
        ),
    )

    node_types = (ast.Call,)
    needles = ("schedule_interval", "timetable", "concurrency", "fail_stop")

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        assert isinstance(node, ast.Call)
        renames = dag_argument_renames()
        hits = [kw for kw in node.keywords if kw.arg in renames]
        if not hits or not is_dag_call(node, module):
            return
        for kw in hits:
            assert kw.arg is not None
            rename = renames[kw.arg]
            severity = severity_for(rename.lifecycle.status(module.target))
            if severity is None:
                continue
            yield self.finding(
                module.location(kw),
                f"DAG argument `{rename.old}` {lifecycle_phrase(rename.lifecycle, module.target)}; "
                f"use `{rename.new}`",
                remedy=f"Rename `{rename.old}=` to `{rename.new}=`.",
                severity=severity,
                data=(("argument", rename.old), ("replacement", rename.new), ("scope", "dag")),
            )
