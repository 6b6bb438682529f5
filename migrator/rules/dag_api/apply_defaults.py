from __future__ import annotations

import ast
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule
from migrator.knowledge.removed_callables import removed_callable
from migrator.rules.base import Example, PythonRule
from migrator.rules.dag_api.version_severity import lifecycle_phrase, severity_for


class ApplyDefaults(PythonRule):
    """The `@apply_defaults` decorator on a custom operator's `__init__`.

    Since Airflow 2.0 BaseOperator's metaclass applies default_args itself and the decorator is a
    no-op that only warns (info on 2.x targets); Airflow 3 removed it, so the import fails and the
    file does not load (blocker). `convert` deletes the decorator and its import.
    """

    code = "MWAA210"
    name = "apply-defaults"
    title = "@apply_defaults decorator"
    family = Family.DAG_API
    severity = Severity.BLOCKER
    why = "airflow.utils.decorators.apply_defaults is removed in Airflow 3 (a no-op since 2.0)."
    remedy = "Delete the decorator and its import; default_args are applied automatically."
    fixable = True
    sources = (
        "apache-airflow 2.7.2 airflow/utils/decorators.py (apply_defaults: warning only)",
        "apache-airflow 3.0.6 airflow/utils/decorators.py (no apply_defaults)",
        "ruff AIR301 check_apply_defaults_decorator",
    )
    examples = (
        Example(
            "from airflow.models import BaseOperator\n"
            "from airflow.utils.decorators import apply_defaults\n"
            "class MyOperator(BaseOperator):\n"
            "    @apply_defaults\n"
            "    def __init__(self, **kwargs):\n"
            "        super().__init__(**kwargs)\n",
            expect_lines=(4,),
            target="3.0.6",
            fixed="from airflow.models import BaseOperator\n"
            "class MyOperator(BaseOperator):\n"
            "    def __init__(self, **kwargs):\n"
            "        super().__init__(**kwargs)\n",
            filename="plugins/my_operator.py",
        ),
        Example(
            "from airflow.models import BaseOperator\n"
            "from airflow.utils import decorators\n"
            "class MyOperator(BaseOperator):\n"
            "    @decorators.apply_defaults\n"
            "    def __init__(self, **kwargs):\n"
            "        super().__init__(**kwargs)\n",
            expect_lines=(4,),
            target="2.10.3",
            note="info on 2.x",
        ),
        Example(
            "from airflow.models import BaseOperator\n"
            "class MyOperator(BaseOperator):\n"
            "    def __init__(self, **kwargs):\n"
            "        super().__init__(**kwargs)\n",
            target="3.0.6",
        ),
    )

    node_types = (ast.FunctionDef, ast.AsyncFunctionDef)
    needles = ("apply_defaults",)

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        assert isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        target = removed_callable("apply_defaults")
        for decorator in node.decorator_list:
            expr = decorator.func if isinstance(decorator, ast.Call) else decorator
            if not isinstance(expr, ast.Name | ast.Attribute) or not target.matches(module.qualname(expr)):
                continue
            severity = severity_for(target.lifecycle.status(module.target), deprecated=Severity.INFO)
            if severity is None:
                continue
            yield self.finding(
                module.location(decorator),
                f"`@apply_defaults` {lifecycle_phrase(target.lifecycle, module.target)}",
                severity=severity,
            )
