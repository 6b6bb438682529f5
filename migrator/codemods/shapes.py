"""Recognising Airflow code shapes in a libcst tree: DAG constructors, task calls, default_args.

The libcst twin of migrator/rules/dag_api/airflow_calls.py: the same tests, so convert rewrites
exactly what the rules report.
"""

from __future__ import annotations

import libcst as cst

from migrator.codemods.base import FileContext
from migrator.inputs.airflow_names import (
    TASK_CONFIG_METHODS,
    is_dag_class,
    is_dag_decorator_name,
    is_task_class_name,
    task_decorator_flavour_of,
)
from migrator.inputs.airflow_names import default_args_names as _names_in_text


def callee_name(call: cst.Call) -> str | None:
    func = call.func
    if isinstance(func, cst.Name):
        return func.value
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return None


def is_dag_call(call: cst.Call, ctx: FileContext) -> bool:
    name = callee_name(call)
    if name not in ("DAG", "dag"):
        return False
    qualname = ctx.qualname(call.func)
    return is_dag_class(qualname) or is_dag_decorator_name(qualname)


def is_dag_constructor(call: cst.Call, ctx: FileContext) -> bool:
    """`DAG(...)` itself (not the decorator factory)."""
    return callee_name(call) == "DAG" and is_dag_class(ctx.qualname(call.func))


def task_decorator_flavour(expr: cst.BaseExpression, ctx: FileContext) -> str | None:
    target = expr.func if isinstance(expr, cst.Call) else expr
    if not isinstance(target, cst.Name | cst.Attribute):
        return None
    return task_decorator_flavour_of(ctx.qualname(target))


def operator_class_name(call: cst.Call) -> str | None:
    func = call.func
    if isinstance(func, cst.Attribute) and func.attr.value in TASK_CONFIG_METHODS:
        inner = func.value
        if isinstance(inner, cst.Name):
            return inner.value
        if isinstance(inner, cst.Attribute):
            return inner.attr.value
        return None
    return callee_name(call)


def is_task_call(call: cst.Call, ctx: FileContext) -> bool:
    name = callee_name(call)
    if name is None:
        return False
    if is_task_class_name(name):
        return True
    if any(arg.keyword is not None and arg.keyword.value == "task_id" for arg in call.args):
        return True
    return task_decorator_flavour(call, ctx) is not None


def default_args_names(ctx: FileContext) -> frozenset[str]:
    names = ctx.scratch.get("default_args_names")
    if names is None:
        names = _names_in_text(ctx.text)
        ctx.scratch["default_args_names"] = names
    assert isinstance(names, frozenset)
    return names


def is_default_args_name(name: str, ctx: FileContext) -> bool:
    return name in default_args_names(ctx) or "default_args" in name.lower()


def is_dict_factory(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "dict"


def assigned_default_args(node: cst.Assign | cst.AnnAssign, ctx: FileContext) -> bool:
    """`default_args = {...}` (or a name later passed as default_args=)."""
    targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
    return any(isinstance(t, cst.Name) and is_default_args_name(t.value, ctx) for t in targets)


def subscript_default_args_key(node: cst.Assign, ctx: FileContext) -> str | None:
    """`default_args["key"] = value` -> "key"."""
    from migrator.codemods.edit import string_value

    if len(node.targets) != 1:
        return None
    target = node.targets[0].target
    if not (isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name)):
        return None
    if not is_default_args_name(target.value.value, ctx) or len(target.slice) != 1:
        return None
    index = target.slice[0].slice
    return string_value(index.value) if isinstance(index, cst.Index) else None


def is_default_args_update(call: cst.Call, ctx: FileContext) -> bool:
    func = call.func
    return (
        isinstance(func, cst.Attribute)
        and func.attr.value == "update"
        and isinstance(func.value, cst.Name)
        and is_default_args_name(func.value.value, ctx)
    )
