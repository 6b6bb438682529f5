from __future__ import annotations

import ast
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule
from migrator.knowledge.arguments import sla_arguments
from migrator.knowledge.lifecycle import Status, target_at_least
from migrator.rules.base import Example, PythonRule
from migrator.rules.dag_api.airflow_calls import (
    default_args_entries,
    is_dag_call,
    is_task_call,
    mentions_argument,
)

_SLA_NAMES = frozenset((*sla_arguments().operator_arguments, *sla_arguments().dag_arguments))


class SlaArgument(PythonRule):
    """SLA settings: `sla=` on operators, `@task(sla=...)` and in `default_args`, and
    `sla_miss_callback=` on the DAG.

    Airflow 3 removed SLAs. It still accepts the arguments but ignores them with a warning, so the
    DAG loads and the alerts silently stop (a warning, on 3.x targets only). From Airflow 3.1 Deadline
    Alerts (`DAG(deadline=DeadlineAlert(...))`) replace them; on 3.0 there is no replacement in
    Airflow itself. `convert` removes the arguments and leaves a `# mwaa-migrator:` comment with the
    old value so the alert can be rebuilt. `data` carries `argument` and `scope`.
    """

    code = "MWAA209"
    name = "sla-argument"
    title = "SLA argument"
    family = Family.DAG_API
    severity = Severity.WARNING
    why = "Airflow 3 ignores SLAs: the DAG loads but SLA-miss alerts never fire."
    remedy = "Remove the SLA arguments; on Airflow 3.1+ use Deadline Alerts, on 3.0 alert from a callback or sensor."
    fixable = True
    sources = (
        "apache-airflow 3.0.6 sdk/bases/operator.py and sdk/definitions/dag.py ('The SLA feature is removed in Airflow 3.0')",
        "apache-airflow-task-sdk 1.3.1 sdk/definitions/dag.py (DAG(deadline=))",
        "apache/airflow upgrading_to_airflow3.rst (SLAs replaced with Deadline Alerts)",
    )
    examples = (
        Example(
            "from datetime import timedelta\n"
            "from airflow import DAG\n"
            "from airflow.operators.bash import BashOperator\n"
            "def alert(*args):\n"
            "    pass\n"
            "with DAG('etl', schedule='@daily', sla_miss_callback=alert) as dag:\n"
            "    t = BashOperator(task_id='t', bash_command='true', sla=timedelta(hours=1))\n",
            expect_lines=(6, 7),
            target="3.0.6",
        ),
        Example(
            "from datetime import timedelta\n"
            "default_args = {\n"
            "    'owner': 'x',\n"
            "    'sla': timedelta(minutes=30),\n"
            "}\n",
            expect_lines=(4,),
            target="3.2.1",
        ),
        Example(
            "from datetime import timedelta\n"
            "from airflow.operators.bash import BashOperator\n"
            "t = BashOperator(task_id='t', bash_command='true', sla=timedelta(hours=1))\n",
            target="2.10.3",
            note="SLAs still work on 2.x",
        ),
    )

    node_types = (ast.Call, ast.Assign, ast.AnnAssign)
    needles = ("sla=", "sla =", "sla_miss_callback", "'sla'", '"sla"')

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        if not mentions_argument(node, _SLA_NAMES, module):
            return iter(())
        return self._check_node(node, module)

    def _check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        sla = sla_arguments()
        if sla.lifecycle.status(module.target) is not Status.REMOVED:
            return
        if isinstance(node, ast.Call) and node.keywords:
            dag_hits = [kw for kw in node.keywords if kw.arg in sla.dag_arguments]
            task_hits = [kw for kw in node.keywords if kw.arg in sla.operator_arguments]
            if dag_hits and is_dag_call(node, module):
                for kw in dag_hits:
                    yield self._report(module, kw, kw.arg or "", "dag")
            if task_hits and is_task_call(node, module):
                for kw in task_hits:
                    yield self._report(module, kw, kw.arg or "", "operator")
        for entry in default_args_entries(node, module):
            if entry.key in sla.operator_arguments:
                yield self._report(module, entry.anchor, entry.key, "default_args")

    def _report(self, module: PythonModule, anchor: ast.AST, argument: str, scope: str) -> Finding:
        sla = sla_arguments()
        if target_at_least(module.target, sla.deadline_alerts_in):
            remedy = "Remove it and define a Deadline Alert: DAG(deadline=DeadlineAlert(reference=..., interval=..., callback=...))."
        else:
            remedy = (
                f"Remove it; Airflow {module.target} has no SLA replacement (Deadline Alerts arrive in "
                f"{sla.deadline_alerts_in}): alert from on_failure_callback, execution_timeout or a sensor."
            )
        return self.finding(
            module.location(anchor),
            f"`{argument}` is ignored on Airflow {module.target}: SLAs were removed in {sla.lifecycle.removed_in}",
            remedy=remedy,
            data=(("argument", argument), ("scope", scope)),
        )
