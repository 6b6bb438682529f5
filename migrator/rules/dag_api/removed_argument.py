from __future__ import annotations

import ast
import functools
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule
from migrator.knowledge.arguments import RemovedArgument, removed_arguments
from migrator.rules.base import Example, PythonRule
from migrator.rules.dag_api.airflow_calls import (
    default_args_entries,
    is_dag_call,
    is_task_call,
    mentions_argument,
    operator_class_name,
)
from migrator.rules.dag_api.version_severity import lifecycle_phrase, severity_for


@functools.cache
def _removed_names() -> frozenset[str]:
    return frozenset(a.name for a in removed_arguments())


class RemovedArgumentRule(PythonRule):
    """An argument Airflow removed without a new name: `provide_context` on operators (the callable
    now receives the context keys it names), `default_view`, `orientation` and `full_filepath` on
    the DAG (the Airflow 3 UI has no per-DAG view settings).

    Version-dependent: `provide_context` is deprecated on every MWAA 2.x version and an error on 3.x;
    `default_view`/`orientation` are valid on 2.x and only reported for 3.x targets. In `default_args`
    the key never reached the operator's signature (Airflow applies only the arguments an operator
    accepts), so it is reported as `info`: harmless, and removed by `convert`.
    `data` carries `argument` and `scope` (`dag`, `operator` or `default_args`).
    """

    code = "MWAA203"
    name = "removed-argument"
    title = "Removed DAG or operator argument"
    family = Family.DAG_API
    severity = Severity.BLOCKER
    why = "Airflow 3 rejects unknown arguments to DAG() and operators with a TypeError."
    remedy = "Delete the argument; `convert` removes it."
    fixable = True
    sources = (
        "apache-airflow 2.7.2-2.11.0 operators/python.py ('provide_context is deprecated as of 2.0')",
        "apache-airflow 3.0.6 sdk/definitions/dag.py, sdk/bases/operator.py",
        "ruff AIR301 removal_in_3.rs",
    )
    examples = (
        Example(
            "from airflow.operators.python import PythonOperator\n"
            "def f(**context):\n"
            "    pass\n"
            "t = PythonOperator(task_id='t', python_callable=f, provide_context=True)\n",
            expect_lines=(4,),
            target="3.0.6",
            fixed="from airflow.operators.python import PythonOperator\n"
            "def f(**context):\n"
            "    pass\n"
            "t = PythonOperator(task_id='t', python_callable=f)\n",
        ),
        Example(
            "from airflow.operators.python_operator import PythonOperator\n"
            "t = PythonOperator(task_id='t', python_callable=print, provide_context=True)\n",
            expect_lines=(2,),
            target="2.10.3",
            note="deprecated on 2.x",
        ),
        Example(
            "from airflow import DAG\n"
            "dag = DAG(\n"
            "    'etl',\n"
            "    schedule=None,\n"
            "    default_view='graph',\n"
            "    orientation='TB',\n"
            ")\n",
            expect_lines=(5, 6),
            target="3.0.6",
        ),
        Example(
            "from airflow import DAG\n"
            "dag = DAG('etl', schedule=None, default_view='graph', orientation='TB')\n",
            target="2.10.3",
            note="valid on 2.x",
        ),
        Example(
            "from airflow.operators.dagrun_operator import TriggerDagRunOperator\n"
            "def decide(context, dag_run_obj):\n"
            "    return dag_run_obj\n"
            "t = TriggerDagRunOperator(task_id='t', trigger_dag_id='x', python_callable=decide)\n",
            expect_lines=(4,),
            target="2.10.3",
            note="a 1.10 argument: rejected by every MWAA version",
        ),
        Example(
            "from airflow import DAG\n"
            "default_args = {'owner': 'x', 'provide_context': True}\n"
            "dag = DAG('etl', schedule=None, default_args=default_args)\n",
            expect_lines=(2,),
            target="3.0.6",
            note="info: never had an effect in default_args",
        ),
    )

    node_types = (ast.Call, ast.Assign, ast.AnnAssign)
    # The argument names, except that a class-specific one (python_callable) only matters where the
    # class is named: the class name is the sharper filter.
    needles = tuple(sorted({n for a in removed_arguments() for n in (a.operators or (a.name,))}))

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        if not mentions_argument(node, _removed_names(), module):
            return iter(())
        return self._check_node(node, module)

    def _check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        removed = removed_arguments()
        if isinstance(node, ast.Call):
            names = {r.name for r in removed}
            hits = [kw for kw in node.keywords if kw.arg in names]
            if hits:
                scope = (
                    "dag" if is_dag_call(node, module) else "operator" if is_task_call(node, module) else ""
                )
                class_name = operator_class_name(node)
                for kw in hits:
                    for argument in removed:
                        if (
                            argument.name == kw.arg
                            and argument.scope == scope
                            and argument.applies_to(class_name)
                        ):
                            yield from self._report(module, kw, argument, scope)
        for entry in default_args_entries(node, module):
            for argument in removed:
                if argument.name == entry.key and argument.in_default_args:
                    yield from self._report(module, entry.anchor, argument, "default_args")

    def _report(
        self, module: PythonModule, anchor: ast.AST, argument: RemovedArgument, scope: str
    ) -> Iterator[Finding]:
        severity = severity_for(argument.lifecycle.status(module.target))
        if severity is None:
            return
        phrase = lifecycle_phrase(argument.lifecycle, module.target)
        if scope == "default_args":
            severity = Severity.INFO
            message = f"default_args key `{argument.name}` {phrase} and has no effect there"
        else:
            owner = "DAG" if scope == "dag" else "operator"
            message = f"{owner} argument `{argument.name}` {phrase}"
        yield self.finding(
            module.location(anchor),
            message,
            remedy=f"Delete `{argument.name}`; the replacement is {argument.replacement}.",
            severity=severity,
            data=(("argument", argument.name), ("scope", scope)),
        )
