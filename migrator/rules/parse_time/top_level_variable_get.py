from __future__ import annotations

import ast
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule, string_value
from migrator.knowledge.parse_time_calls import parse_time_calls
from migrator.rules.base import Example, PythonRule


class TopLevelVariableGet(PythonRule):
    """`Variable.get(...)` (or `setdefault`/`set`/`update`/`delete`) that runs when the DAG file is
    imported: at module level, in a `with DAG(...)` block, in operator arguments, decorator arguments
    or default parameter values. Inside a task function or a lambda it is fine.

    MWAA re-parses every DAG file about every 30 seconds: each top-level lookup hits the metadata
    database or, with the Secrets Manager backend MWAA recommends, makes a paid GetSecretValue call,
    and a slow backend pushes the file past the 30-second import timeout. Use a Jinja template
    (`"{{ var.value.my_key }}"`, rendered at run time) or read the Variable inside the task.
    """

    code = "MWAA301"
    name = "top-level-variable-get"
    title = "Variable lookup at DAG-parse time"
    family = Family.PARSE_TIME
    severity = Severity.WARNING
    why = "Runs on every parse (every ~30 s): database/Secrets Manager load, API cost, import timeouts."
    remedy = "Use `{{ var.value.<key> }}` in a templated field, or call Variable.get inside the task."
    fixable = False
    sources = (
        "Airflow docs best-practices.rst 'Airflow Variables' (avoid Variable.get in top-level code)",
        "ruff AIR003 variable_get_outside_task.rs",
        "shared/mwaa-facts.md §7-§8 (parse intervals and timeouts, Secrets Manager lookups)",
    )
    examples = (
        Example(
            "from airflow import DAG\n"
            "from airflow.models import Variable\n"
            "from airflow.operators.bash import BashOperator\n"
            "BUCKET = Variable.get('bucket')\n"
            "with DAG('etl', schedule=None) as dag:\n"
            "    BashOperator(task_id='t', bash_command='echo ' + Variable.get('cmd'))\n",
            expect_lines=(4, 6),
        ),
        Example(
            "from airflow.decorators import task\n"
            "from airflow.models import Variable\n"
            "@task\n"
            "def extract():\n"
            "    return Variable.get('bucket')\n"
            "getter = lambda: Variable.get('x')\n"
            "CMD = 'echo {{ var.value.bucket }}'\n",
        ),
        Example(
            "from airflow.sdk import Variable\n"
            "class Settings:\n"
            "    bucket = Variable.get('bucket', default='b')\n"
            "def helper(bucket=Variable.get('bucket')):\n"
            "    return bucket\n",
            expect_lines=(3, 4),
            note="class bodies and default values run at import",
        ),
    )

    node_types = (ast.Call,)
    needles = ("Variable",)

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        if not module.import_time:
            return
        assert isinstance(node, ast.Call)
        func = node.func
        calls = parse_time_calls()
        if not isinstance(func, ast.Attribute) or func.attr not in calls.variable_methods:
            return
        receiver = module.qualname(func.value)
        if receiver not in calls.variable_classes and receiver != "Variable":
            return
        key = string_value(node.args[0]) if node.args else None
        data = (("method", func.attr),) + ((("key", key),) if key else ())
        yield self.finding(
            module.location(node),
            f"`Variable.{func.attr}({key!r})` runs every time the DAG file is parsed"
            if key
            else f"`Variable.{func.attr}()` runs every time the DAG file is parsed",
            data=data,
        )
