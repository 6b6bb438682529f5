"""Recognising the shapes of Airflow code in a stdlib-ast tree: DAG constructors, tasks (operator
calls and TaskFlow decorators) and default_args dictionaries.

Shared by the DAG-API, executor and host rules. Everything here is a cheap, local test on one node
(plus one regex over the file's text, cached per file), so it can run on every Call the engine visits.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from migrator.inputs.airflow_names import (
    TASK_CONFIG_METHODS,
    is_dag_class,
    is_dag_decorator_name,
    is_task_class_name,
    task_decorator_flavour_of,
)
from migrator.inputs.airflow_names import default_args_names as _names_in_text
from migrator.inputs.python_module import PythonModule


def callee_name(call: ast.Call) -> str | None:
    """The last component of what is called: `BashOperator` for `ops.bash.BashOperator(...)`."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def is_dag_call(call: ast.Call, module: PythonModule) -> bool:
    """`DAG(...)`, `models.DAG(...)`, or the `dag(...)` decorator factory."""
    name = callee_name(call)
    if name not in ("DAG", "dag"):
        return False
    qualname = module.qualname(call.func)
    return is_dag_class(qualname) or is_dag_decorator_name(qualname)


def bare_dag_decorator(
    function: ast.FunctionDef | ast.AsyncFunctionDef, module: PythonModule
) -> ast.expr | None:
    """The `@dag` decorator written without parentheses, if any (it takes every default)."""
    for decorator in function.decorator_list:
        if isinstance(decorator, ast.Name | ast.Attribute) and is_dag_decorator_name(
            module.qualname(decorator)
        ):
            return decorator
    return None


def task_decorator_flavour(expr: ast.expr, module: PythonModule) -> str | None:
    """For a TaskFlow decorator expression (`task`, `task(...)`, `task.docker(...)`): "" for the plain
    task decorator, the flavour name ("docker", "bash", ...) for `task.<flavour>`, None otherwise."""
    target = expr.func if isinstance(expr, ast.Call) else expr
    if not isinstance(target, ast.Name | ast.Attribute):
        return None
    return task_decorator_flavour_of(module.qualname(target))


def operator_class_name(call: ast.Call) -> str | None:
    """The class an operator call instantiates (`BashOperator`, also for `BashOperator.partial(...)`)."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in TASK_CONFIG_METHODS:
        inner = func.value
        if isinstance(inner, ast.Name):
            return inner.id
        if isinstance(inner, ast.Attribute):
            return inner.attr
        return None
    return callee_name(call)


def is_task_call(call: ast.Call, module: PythonModule) -> bool:
    """An operator instantiation, a mapped/overridden task, or a TaskFlow decorator factory call: the
    calls that accept BaseOperator arguments (queue=, executor_config=, sla=, ...)."""
    name = callee_name(call)
    if name is None:
        return False
    if is_task_class_name(name):
        return True
    if any(kw.arg == "task_id" for kw in call.keywords):
        return True
    return task_decorator_flavour(call, module) is not None


# --------------------------------------------------------------------------- default_args


@dataclass(frozen=True, slots=True)
class DefaultArg:
    """One `key: value` entry of a default_args dictionary; `anchor` is where to report it."""

    key: str
    value: ast.expr
    anchor: ast.AST


_names_cache: tuple[PythonModule | None, frozenset[str]] = (None, frozenset())


def default_args_names(module: PythonModule) -> frozenset[str]:
    """Names of variables passed as `default_args=NAME` anywhere in the file, plus `default_args`;
    empty when the file never mentions default_args.

    A regex over the text (once per file) is enough: the name only selects which assignments to
    look into; the assignment itself is then read from the tree."""
    global _names_cache
    cached_module, names = _names_cache
    if cached_module is not module:
        names = _names_in_text(module.text) if "default_args" in module.text else frozenset()
        # Holding the module keeps its id from being reused by the next file.
        _names_cache = (module, names)
    return names


def _is_default_args_name(name: str, module: PythonModule) -> bool:
    return name in default_args_names(module) or "default_args" in name.lower()


def _dict_entries(value: ast.expr) -> Iterator[DefaultArg]:
    if isinstance(value, ast.Dict):
        for key, item in zip(value.keys, value.values, strict=True):
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                yield DefaultArg(key.value, item, key)
    elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict":
        for kw in value.keywords:
            if kw.arg is not None:
                yield DefaultArg(kw.arg, kw.value, kw)


_entries_cache: tuple[ast.AST | None, tuple[DefaultArg, ...]] = (None, ())


def default_args_entries(node: ast.AST, module: PythonModule) -> tuple[DefaultArg, ...]:
    """Entries of a default_args dict that `node` defines or updates.

    Several rules ask about the same node one after the other: the last answer is kept."""
    global _entries_cache
    cached_node, entries = _entries_cache
    if cached_node is not node:
        # No "default_args" anywhere in the file: no keyword, no name containing it (checked once).
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.Call) and default_args_names(module):
            entries = tuple(_default_args_entries(node, module))
        else:
            entries = ()
        _entries_cache = (node, entries)
    return entries


def _default_args_entries(node: ast.AST, module: PythonModule) -> Iterator[DefaultArg]:
    """Entries of a default_args dict that `node` defines or updates.

    Handles `default_args = {...}` / `dict(...)` (also annotated, and any name later passed as
    `default_args=`), `default_args["key"] = value`, `default_args.update({...})` and an inline
    `default_args={...}` keyword of any call (DAG, TaskGroup, operator)."""
    if isinstance(node, ast.Assign | ast.AnnAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        value = node.value
        if value is None:
            return
        for target in targets:
            if isinstance(target, ast.Name) and _is_default_args_name(target.id, module):
                yield from _dict_entries(value)
            elif (
                isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Name)
                and _is_default_args_name(target.value.id, module)
                and isinstance(target.slice, ast.Constant)
                and isinstance(target.slice.value, str)
            ):
                yield DefaultArg(target.slice.value, value, target)
    elif isinstance(node, ast.Call):
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "update"
            and isinstance(func.value, ast.Name)
            and _is_default_args_name(func.value.id, module)
        ):
            for arg in node.args:
                yield from _dict_entries(arg)
            for kw in node.keywords:
                if kw.arg is not None:
                    yield DefaultArg(kw.arg, kw.value, kw)
            return
        for kw in node.keywords:
            if kw.arg == "default_args":
                yield from _dict_entries(kw.value)


def keyword_value(call: ast.Call, name: str) -> ast.keyword | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw
    return None


def has_star_kwargs(call: ast.Call) -> bool:
    return any(kw.arg is None for kw in call.keywords)


def mentions_argument(node: ast.AST, names: frozenset[str], module: PythonModule) -> bool:
    """Cheap test before a rule's real check: does this Call pass one of `names` as a keyword, or
    does this node define a default_args entry with one of them? Lets the rule skip building a
    generator for the (vast) majority of nodes."""
    if isinstance(node, ast.Call):
        for kw in node.keywords:
            if kw.arg in names:
                return True
    return any(entry.key in names for entry in default_args_entries(node, module))
