from __future__ import annotations

import ast
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule
from migrator.knowledge.removed_callables import removed_callable
from migrator.rules.base import Example, PythonRule
from migrator.rules.dag_api.airflow_calls import callee_name
from migrator.rules.dag_api.version_severity import lifecycle_phrase, severity_for


class SubDagOperatorRule(PythonRule):
    """A `SubDagOperator`. SubDAGs are deprecated since Airflow 2.0 and removed in 3.0; TaskGroups
    (or Assets / data-aware scheduling between separate DAGs) replace them.

    Not fixable automatically: the sub-DAG factory function, its `dag_id` naming
    (`parent.child`) and its own schedule and default_args have to be folded into the parent as a
    TaskGroup by hand. On 2.x targets SubDAGs still run (a warning: they are slow and deadlock-prone
    under the CeleryExecutor's pools); on 3.x the import fails (a blocker).
    """

    code = "MWAA208"
    name = "subdag-operator"
    title = "SubDagOperator"
    family = Family.DAG_API
    severity = Severity.BLOCKER
    why = "SubDAGs are removed in Airflow 3 and deprecated on 2.x."
    remedy = "Rewrite the sub-DAG as a TaskGroup in the parent DAG (or split it into a separate DAG triggered by an Asset)."
    fixable = False
    sources = (
        "apache-airflow 2.7.2 airflow/operators/subdag.py ('This class is deprecated, please use TaskGroup')",
        "apache/airflow upgrading_to_airflow3.rst (SubDAGs replaced by TaskGroups, Assets)",
    )
    examples = (
        Example(
            "from airflow.operators.subdag import SubDagOperator\n"
            "from airflow import DAG\n"
            "dag = DAG('parent', schedule=None)\n"
            "section = SubDagOperator(task_id='section', subdag=DAG('parent.section'), dag=dag)\n",
            expect_lines=(4,),
            target="3.0.6",
        ),
        Example(
            "from airflow.operators.subdag_operator import SubDagOperator\n"
            "section = SubDagOperator(task_id='section', subdag=None)\n",
            expect_lines=(2,),
            target="2.10.3",
        ),
        Example(
            "from airflow.utils.task_group import TaskGroup\n"
            "with TaskGroup('section') as section:\n"
            "    pass\n",
            target="3.0.6",
        ),
    )

    node_types = (ast.Call,)
    needles = ("SubDagOperator",)

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        assert isinstance(node, ast.Call)
        if callee_name(node) != "SubDagOperator":
            return
        target = removed_callable("subdag_operator")
        if not target.matches(module.qualname(node.func)):
            return
        severity = severity_for(target.lifecycle.status(module.target))
        if severity is None:
            return
        yield self.finding(
            module.location(node),
            f"SubDagOperator {lifecycle_phrase(target.lifecycle, module.target)}",
            severity=severity,
        )
