from __future__ import annotations

import ast
import functools
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule
from migrator.knowledge.arguments import ArgumentRename, operator_argument_renames
from migrator.knowledge.lifecycle import Status
from migrator.rules.base import Example, PythonRule
from migrator.rules.dag_api.airflow_calls import (
    default_args_entries,
    is_task_call,
    mentions_argument,
    operator_class_name,
)
from migrator.rules.dag_api.version_severity import lifecycle_phrase, severity_for


@functools.cache
def _old_names() -> frozenset[str]:
    return frozenset(r.old for r in operator_argument_renames())


class RenamedOperatorArgument(PythonRule):
    """An operator argument Airflow renamed: `task_concurrency` -> `max_active_tis_per_dag` (every
    operator), `TriggerDagRunOperator(execution_date=)` -> `logical_date`,
    `BranchDateTimeOperator(use_task_execution_date=)` and
    `BranchDayOfWeekOperator`/`DayOfWeekSensor(use_task_execution_day=)` -> `use_task_logical_date`.

    Checked in operator calls (also `.partial()` of mapped operators and `@task(...)` arguments) and
    inside `default_args` dictionaries, which feed every operator: on Airflow 3 an unknown key there is
    silently dropped, so `task_concurrency` in default_args quietly stops limiting the tasks
    (a warning), while the same keyword on an operator is a TypeError (a blocker).

    On 2.x the renames are deprecations (warning) once the new name exists: `logical_date` on
    TriggerDagRunOperator only exists from 2.9, so 2.7.2 and 2.8.1 targets are not told to use it.
    `data` carries `argument`, `replacement` and `scope` (`operator` or `default_args`).
    """

    code = "MWAA202"
    name = "renamed-operator-argument"
    title = "Renamed operator argument"
    family = Family.DAG_API
    severity = Severity.BLOCKER
    why = "Airflow 3 operators reject the old argument names (and drop them from default_args)."
    remedy = "Rename the argument (`task_concurrency=` -> `max_active_tis_per_dag=` etc.); `convert` does it."
    fixable = True
    sources = (
        "apache-airflow 2.7.2/2.8.1/2.9.2/2.11.0 baseoperator.py, operators/trigger_dagrun.py",
        "apache-airflow 3.0.6 sdk/bases/operator.py (unknown kwargs raise TypeError)",
        "ruff AIR301 removal_in_3.rs",
    )
    examples = (
        Example(
            "from airflow.operators.bash import BashOperator\n"
            "t = BashOperator(task_id='t', bash_command='true', task_concurrency=2)\n",
            expect_lines=(2,),
            target="3.0.6",
            fixed="from airflow.operators.bash import BashOperator\n"
            "t = BashOperator(task_id='t', bash_command='true', max_active_tis_per_dag=2)\n",
        ),
        Example(
            "from airflow import DAG\n"
            "default_args = {\n"
            "    'owner': 'data',\n"
            "    'task_concurrency': 1,\n"
            "}\n"
            "dag = DAG('etl', schedule=None, default_args=default_args)\n",
            expect_lines=(4,),
            target="3.0.6",
            note="silently dropped from default_args on 3.x",
        ),
        Example(
            "from airflow.operators.trigger_dagrun import TriggerDagRunOperator\n"
            "t = TriggerDagRunOperator(task_id='t', trigger_dag_id='x', execution_date='{{ ds }}')\n",
            expect_lines=(2,),
            target="2.10.3",
        ),
        Example(
            "from airflow.operators.trigger_dagrun import TriggerDagRunOperator\n"
            "t = TriggerDagRunOperator(task_id='t', trigger_dag_id='x', execution_date='{{ ds }}')\n",
            target="2.8.1",
            note="logical_date does not exist before 2.9",
        ),
        Example(
            "from airflow import DAG\n"
            "dag = DAG('etl', schedule=None, default_args=dict(owner='x', task_concurrency=3))\n",
            expect_lines=(2,),
            target="3.0.6",
        ),
        Example(
            "from airflow.providers.http.operators.http import SimpleHttpOperator\n"
            "t = SimpleHttpOperator(task_id='t', endpoint='v1/x', xcom_push=True)\n",
            expect_lines=(2,),
            target="2.7.2",
            note="a 1.10 argument: rejected by every MWAA version",
        ),
        Example(
            "from airflow.operators.python import PythonOperator\n"
            "t = PythonOperator(task_id='t', python_callable=print, max_active_tis_per_dag=2)\n"
            "u = PythonOperator(task_id='u', python_callable=print, op_kwargs={'execution_date': 1})\n",
            target="3.0.6",
        ),
    )

    node_types = (ast.Call, ast.Assign, ast.AnnAssign)
    needles = tuple(sorted({r.old for r in operator_argument_renames()}))

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        if not mentions_argument(node, _old_names(), module):
            return iter(())
        return self._check_node(node, module)

    def _check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        renames = operator_argument_renames()
        if isinstance(node, ast.Call):
            olds = _old_names()
            hits = [kw for kw in node.keywords if kw.arg in olds]
            if hits and is_task_call(node, module):
                class_name = operator_class_name(node)
                for kw in hits:
                    for rename in renames:
                        if rename.old == kw.arg and rename.applies_to(class_name):
                            yield from self._report(module, kw, rename, "operator")
        for entry in default_args_entries(node, module):
            for rename in renames:
                if rename.old == entry.key and rename.in_default_args:
                    yield from self._report(module, entry.anchor, rename, "default_args")

    def _report(
        self, module: PythonModule, anchor: ast.AST, rename: ArgumentRename, scope: str
    ) -> Iterator[Finding]:
        old, new = rename.old, rename.new
        status = rename.lifecycle.status(module.target)
        severity = severity_for(status)
        if severity is None:
            return
        phrase = lifecycle_phrase(rename.lifecycle, module.target)
        if scope == "default_args":
            severity = Severity.WARNING
            message = f"default_args key `{old}` {phrase}; use `{new}`"
            if status is Status.REMOVED:
                message += " (Airflow 3 silently drops the old key, so the setting no longer applies)"
        else:
            message = f"operator argument `{old}` {phrase}; use `{new}`"
        yield self.finding(
            module.location(anchor),
            message,
            remedy=f"Rename `{old}` to `{new}`.",
            severity=severity,
            data=(("argument", old), ("replacement", new), ("scope", scope)),
        )
