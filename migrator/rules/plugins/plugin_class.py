"""Recognising AirflowPlugin subclasses and their attributes; shared by the plugin rules."""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator

from migrator.inputs.python_module import PythonModule


def is_plugin_class(node: ast.ClassDef, module: PythonModule) -> bool:
    for base in node.bases:
        name = module.qualname(base)
        if name and name.rsplit(".", 1)[-1] == "AirflowPlugin":
            return True
    return False


def is_executor_class(node: ast.ClassDef, module: PythonModule) -> bool:
    """A subclass of one of Airflow's executors (BaseExecutor, CeleryExecutor, ...)."""
    for base in node.bases:
        name = module.qualname(base)
        if name and name.startswith("airflow.") and name.rsplit(".", 1)[-1].endswith("Executor"):
            return True
        if name in {"BaseExecutor"}:
            return True
    return False


def class_attributes(node: ast.ClassDef) -> Iterator[tuple[str, ast.stmt]]:
    """(name, statement) for `name = ...` / `name: T = ...` directly in the class body."""
    for statement in node.body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    yield target.id, statement
        elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name) and statement.value:
            yield statement.target.id, statement


def is_empty_collection(statement: ast.stmt) -> bool:
    value = getattr(statement, "value", None)
    return isinstance(value, ast.List | ast.Tuple | ast.Set | ast.Dict) and not (
        value.keys if isinstance(value, ast.Dict) else value.elts
    )


def registered_attributes(
    node: ast.ClassDef, module: PythonModule, names: Collection[str]
) -> Iterator[tuple[str, ast.stmt]]:
    """(attribute, statement) for each of `names` an AirflowPlugin subclass sets to something
    non-empty: what the plugin rules report, each about its own attributes."""
    if not is_plugin_class(node, module):
        return
    for name, statement in class_attributes(node):
        if name in names and not is_empty_collection(statement):
            yield name, statement
