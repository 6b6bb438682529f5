from __future__ import annotations

import ast
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule
from migrator.knowledge.removed_callables import removed_callable
from migrator.rules.base import Example, PythonRule
from migrator.rules.dag_api.version_severity import lifecycle_phrase, severity_for


class DaysAgo(PythonRule):
    """`airflow.utils.dates.days_ago(n)`, usually as a `start_date`.

    Deprecated on every MWAA 2.x version and removed in Airflow 3 (the import fails). It is also a
    moving target: the start date changes every day the file is parsed, which Airflow's own docs
    discourage. `convert` replaces each call with a fixed, timezone-aware date with the same meaning
    for the scheduler (midnight UTC `n` days before the conversion day: what the scheduler saw on
    the day of the migration). `data` carries `days` (the literal argument, when it is one).
    """

    code = "MWAA207"
    name = "days-ago"
    title = "days_ago() start date"
    family = Family.DAG_API
    severity = Severity.BLOCKER
    why = "airflow.utils.dates.days_ago is removed in Airflow 3 and deprecated on 2.x."
    remedy = "Use a fixed, timezone-aware start_date, e.g. pendulum.datetime(2024, 1, 1, tz='UTC'); `convert` does it."
    fixable = True
    sources = (
        "apache-airflow 2.7.2 airflow/utils/dates.py ('Function `days_ago` is deprecated and will be removed in Airflow 3.0')",
        "apache-airflow 3.0.6 airflow/utils/dates.py (no days_ago)",
        "ruff AIR301 removal_in_3.rs",
    )
    examples = (
        Example(
            "from airflow import DAG\n"
            "from airflow.utils.dates import days_ago\n"
            "default_args = {'start_date': days_ago(2)}\n"
            "dag = DAG('etl', schedule='@daily', default_args=default_args)\n",
            expect_lines=(3,),
            target="3.0.6",
        ),
        Example(
            "from airflow import DAG\n"
            "from airflow.utils import dates\n"
            "dag = DAG('etl', schedule='@daily', start_date=dates.days_ago(1))\n",
            expect_lines=(3,),
            target="2.10.3",
            note="deprecated on 2.x",
        ),
        Example(
            "import pendulum\n"
            "def days_ago(n):\n"
            "    return pendulum.today('UTC').add(days=-n)\n"
            "start = days_ago(1)\n",
            target="3.0.6",
            note="a local function of the same name",
        ),
    )

    node_types = (ast.Call,)
    needles = ("days_ago",)

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        assert isinstance(node, ast.Call)
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name != "days_ago":
            return
        qualname = module.qualname(func)
        # A function defined in the file itself shadows nothing from Airflow.
        if (
            isinstance(func, ast.Name)
            and func.id not in module.bindings
            and _defines_function(module, "days_ago")
        ):
            return
        target = removed_callable("days_ago")
        if not target.matches(qualname):
            return
        severity = severity_for(target.lifecycle.status(module.target))
        if severity is None:
            return
        days = node.args[0] if node.args else None
        data: tuple[tuple[str, str], ...] = ()
        if isinstance(days, ast.Constant) and isinstance(days.value, int):
            data = (("days", str(days.value)),)
        yield self.finding(
            module.location(node),
            f"`days_ago()` {lifecycle_phrase(target.lifecycle, module.target)}",
            severity=severity,
            data=data,
        )


def _defines_function(module: PythonModule, name: str) -> bool:
    return any(isinstance(s, ast.FunctionDef) and s.name == name for s in module.tree.body)
