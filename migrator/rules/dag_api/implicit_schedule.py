from __future__ import annotations

import ast
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule
from migrator.knowledge.arguments import default_schedule
from migrator.knowledge.lifecycle import target_at_least
from migrator.rules.base import Example, PythonRule
from migrator.rules.dag_api.airflow_calls import bare_dag_decorator, callee_name, has_star_kwargs, is_dag_call

_SCHEDULE_ARGUMENTS = frozenset({"schedule", "schedule_interval", "timetable"})
# DAG(dag_id, description, schedule_interval, ...) in 2.x: a third positional argument is the schedule.
_SCHEDULE_POSITION = 2


class ImplicitSchedule(PythonRule):
    """A DAG defined without any schedule argument (`schedule`, `schedule_interval`, `timetable`).

    Until Airflow 2.11 such a DAG ran daily (`timedelta(days=1)`); from Airflow 3.0 the default is
    `None`, so on a 3.x target the DAG silently stops being scheduled and only runs when triggered.
    Reported on 3.x targets only, as a warning (the file loads; the behaviour changes). `convert`
    adds the old default explicitly (`schedule=timedelta(days=1)`) so the DAG keeps running as
    before; a DAG that was only ever triggered should get `schedule=None` instead.
    Calls that pass `**kwargs` are skipped: the schedule may be inside.
    `data` carries `default_before` and `default_after`.
    """

    code = "MWAA212"
    name = "implicit-schedule"
    title = "DAG relies on the default schedule"
    family = Family.DAG_API
    severity = Severity.WARNING
    why = "Airflow 3 changed the default schedule from daily to None: the DAG stops running on its own."
    remedy = "Pass the schedule explicitly: schedule=timedelta(days=1) to keep the old behaviour, or schedule=None."
    fixable = True
    sources = (
        "apache-airflow 2.7.2-2.11.0 airflow/models/dag.py DEFAULT_SCHEDULE_INTERVAL = timedelta(days=1)",
        "apache-airflow 3.0.6 airflow/sdk/definitions/dag.py (schedule default None)",
    )
    examples = (
        Example(
            "from airflow import DAG\nwith DAG('nightly', default_args={'owner': 'x'}) as dag:\n    pass\n",
            expect_lines=(2,),
            target="3.0.6",
            fixed="from datetime import timedelta\n"
            "from airflow import DAG\n"
            "with DAG('nightly', default_args={'owner': 'x'}, schedule=timedelta(days=1)) as dag:\n"
            "    pass\n",
        ),
        Example(
            "from airflow.decorators import dag\n"
            "@dag\n"
            "def pipeline():\n"
            "    pass\n"
            "@dag(catchup=False)\n"
            "def other():\n"
            "    pass\n",
            expect_lines=(2, 5),
            target="3.2.1",
        ),
        Example(
            "from airflow import DAG\ndag = DAG('nightly')\n",
            target="2.10.3",
            note="2.x still runs it daily",
        ),
        Example(
            "from airflow import DAG\n"
            "a = DAG('a', schedule=None)\n"
            "b = DAG('b', schedule_interval='@daily')\n"
            "c = DAG('c', 'description', '@hourly')\n"
            "d = DAG(**{'dag_id': 'd', 'schedule': None})\n",
            target="3.0.6",
        ),
    )

    node_types = (ast.Call, ast.FunctionDef, ast.AsyncFunctionDef)
    needles = ("DAG(", "dag(", "@dag")

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if not node.decorator_list or not target_at_least(module.target, default_schedule().changed_in):
                return
            decorator = bare_dag_decorator(node, module)
            if decorator is not None:
                yield self._report(module, decorator)
            return
        assert isinstance(node, ast.Call)
        if (
            callee_name(node) not in ("DAG", "dag")
            or not target_at_least(module.target, default_schedule().changed_in)
            or len(node.args) > _SCHEDULE_POSITION
            or has_star_kwargs(node)
            or any(kw.arg in _SCHEDULE_ARGUMENTS for kw in node.keywords)
            or not is_dag_call(node, module)
        ):
            return
        yield self._report(module, node)

    def _report(self, module: PythonModule, anchor: ast.AST) -> Finding:
        schedule = default_schedule()
        return self.finding(
            module.location(anchor),
            f"DAG has no schedule: it ran every day until Airflow {schedule.changed_in}, "
            f"but on Airflow {module.target} it defaults to {schedule.after} and will not be scheduled",
            data=(("default_before", schedule.before), ("default_after", schedule.after)),
        )
