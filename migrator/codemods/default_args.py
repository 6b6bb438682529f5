"""Finding the default_args dictionaries of a file during the traversal (shared by codemods).

`visit_*` hooks see a node before its children are left, so a codemod marks the dict (or `dict(...)`
call) nodes that are default_args when it visits the assignment or call holding them, and
recognises them again when they are left.
"""

from __future__ import annotations

import libcst as cst

from migrator.codemods.base import FileContext
from migrator.codemods.shapes import assigned_default_args, is_default_args_update, is_dict_factory

_KEY = "default_args_nodes"


def marked(ctx: FileContext) -> set[int]:
    nodes: set[int] | None = ctx.scratch.get(_KEY)
    if nodes is None:
        nodes = ctx.scratch[_KEY] = set()
    return nodes


def _mark(value: cst.BaseExpression | None, ctx: FileContext) -> None:
    if isinstance(value, cst.Dict) or (value is not None and is_dict_factory(value)):
        marked(ctx).add(id(value))


def mark_assignment(node: cst.Assign | cst.AnnAssign, ctx: FileContext) -> None:
    if node.value is not None and assigned_default_args(node, ctx):
        _mark(node.value, ctx)


def mark_call(node: cst.Call, ctx: FileContext) -> None:
    if is_default_args_update(node, ctx):
        for arg in node.args:
            if arg.keyword is None and not arg.star:
                _mark(arg.value, ctx)
        marked(ctx).add(id(node))  # update(key=value) keywords are entries too
        return
    for arg in node.args:
        if arg.keyword is not None and arg.keyword.value == "default_args":
            _mark(arg.value, ctx)


def is_default_args(original: cst.CSTNode, ctx: FileContext) -> bool:
    return id(original) in marked(ctx)
