"""Shared shape of the rules about one task argument that may be set on an operator call or in a
`default_args` dict (queue=, executor=): find each place, then let the rule judge the value."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import ClassVar

from migrator.findings import Finding
from migrator.inputs.python_module import PythonModule
from migrator.rules.base import PythonRule
from migrator.rules.dag_api.airflow_calls import default_args_entries, is_task_call, mentions_argument


class TaskArgumentRule(PythonRule):
    """Subclasses set `argument` and implement `check_value`. Has no code: not listed as a rule."""

    argument: ClassVar[str]
    node_types = (ast.Call, ast.Assign, ast.AnnAssign)

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        if not mentions_argument(node, frozenset({self.argument}), module):
            return iter(())
        return self._places(node, module)

    def _places(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg == self.argument and is_task_call(node, module):
                    yield from self._judge(module, kw, kw.value, "operator")
        for entry in default_args_entries(node, module):
            if entry.key == self.argument:
                yield from self._judge(module, entry.anchor, entry.value, "default_args")

    def _judge(self, module: PythonModule, anchor: ast.AST, value: ast.expr, scope: str) -> Iterator[Finding]:
        if isinstance(value, ast.Constant) and value.value is None:
            return  # an explicit None means "the default": nothing to migrate
        yield from self.check_value(module, anchor, value, scope)

    def check_value(self, module: PythonModule, anchor: ast.AST, value: ast.expr, scope: str) -> Iterator[Finding]:
        raise NotImplementedError
