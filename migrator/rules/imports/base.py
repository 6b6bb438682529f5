"""The common shape of the import rules: resolve once (resolve.py), report one category each."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import ClassVar

from migrator.findings import Family, Finding
from migrator.inputs.python_module import PythonModule
from migrator.rules.base import PythonRule
from migrator.rules.imports.resolve import Category, ImportIssue, attribute_issues, issues_for_node

_NOTHING: Iterator[Finding] = iter(())


class ImportRule(PythonRule):
    """Base of MWAA101-MWAA119. Has no code itself, so the registry does not list it."""

    family = Family.IMPORTS
    node_types: ClassVar[tuple[type[ast.AST], ...]] = (ast.Import, ast.ImportFrom)
    needles: ClassVar[tuple[str, ...]] = ("airflow",)
    category: ClassVar[Category]
    sources: ClassVar[tuple[str, ...]] = (
        "migrator/knowledge/symbols_1_10_to_2.toml (Airflow 2.x deprecation shims, apache-airflow-upgrade-check)",
        "migrator/knowledge/symbols_2_to_3.toml (ruff AIR301/AIR302/AIR311/AIR312/AIR321)",
        "migrator/knowledge/symbols_availability.toml (what imports on each MWAA Airflow version)",
    )

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        issues = issues_for_node(node, module)
        if not issues:  # the common case: no generator, no allocation
            return _NOTHING
        return iter([self._report(i, module) for i in issues if i.category is self.category])

    def check_module(self, module: PythonModule) -> Iterator[Finding]:
        issues = attribute_issues(module)
        if not issues:
            return _NOTHING
        return iter([self._report(i, module) for i in issues if i.category is self.category])

    def _report(self, issue: ImportIssue, module: PythonModule) -> Finding:
        return self.finding(
            module.location(issue.node),
            issue.message,
            remedy=issue.remedy,
            severity=issue.severity,
            fixable=issue.fixable,
            data=issue.data,
        )
