"""The string literals an expression holds, for rules that read strings (templates, paths).

Visiting the Call/Assign/Return that *uses* a string, instead of every Constant in the tree, gives
the string's context for free (the keyword or variable it is passed as; docstrings are never
visited) and keeps the engine's dispatch cheap: there are far fewer statements and calls than
constants. Nested calls are not entered: the engine visits them on their own.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

# The nodes that use strings, for a rule's `node_types`.
STRING_USERS: tuple[type[ast.AST], ...] = (ast.Call, ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Return)


@dataclass(frozen=True, slots=True)
class StringLiteral:
    """A string constant and the dict key it is the value of (`{"sql": "..."}`), if any."""

    node: ast.Constant
    key: str | None = None
    leading: bool = True
    # The receiver of `.format(...)`: `{{` / `}}` in it are escaped braces, not Jinja delimiters.
    format_string: bool = False


_CONTAINER_SET = frozenset(
    {ast.Call, ast.JoinedStr, ast.BinOp, ast.List, ast.Tuple, ast.Set, ast.Dict, ast.IfExp, ast.Starred}
)


def string_literals(expr: ast.expr | None) -> list[StringLiteral]:
    """String constants in `expr`: itself, container elements, dict values, f-string parts and the
    operands of `+`/`%`. `leading` says whether the literal starts the resulting string (the first
    f-string part, the left operand): a path after an interpolation is a suffix, not a root."""
    found: list[StringLiteral] = []
    if expr is None:
        return found
    stack: list[tuple[ast.expr, str | None, bool]] = [(expr, None, True)]
    while stack:
        node, key, leading = stack.pop()
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                found.append(StringLiteral(node, key, leading))
        elif isinstance(node, ast.Call):
            # "...".format(...) / "sep".join(...): the literal is the receiver; the call's own
            # arguments are visited with the call itself.
            func = node.func
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Constant):
                receiver = func.value
                if isinstance(receiver.value, str) and func.attr == "format":
                    found.append(StringLiteral(receiver, key, leading, format_string=True))
        elif isinstance(node, ast.JoinedStr):
            stack.extend(
                (part, key, leading and index == 0)
                for index, part in reversed(list(enumerate(node.values)))
                if isinstance(part, ast.Constant)
            )
        elif isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Add | ast.Mod):
                stack.append((node.right, key, False))
                stack.append((node.left, key, leading))
        elif isinstance(node, ast.List | ast.Tuple | ast.Set):
            stack.extend((e, key, True) for e in reversed(node.elts))
        elif isinstance(node, ast.Dict):
            for dict_key, value in zip(reversed(node.keys), reversed(node.values), strict=True):
                name = (
                    dict_key.value
                    if isinstance(dict_key, ast.Constant) and isinstance(dict_key.value, str)
                    else key
                )
                stack.append((value, name, True))
        elif isinstance(node, ast.IfExp):
            stack.extend(((node.orelse, key, leading), (node.body, key, leading)))
        elif isinstance(node, ast.Starred):
            stack.append((node.value, key, leading))
    return found


@dataclass(frozen=True, slots=True)
class UsedString:
    """A string literal and the name it is used under: a keyword (`via="keyword"`), an assigned
    variable (`"variable"`), a dict key (`"key"`), or nothing (`"argument"`, `"return"`)."""

    node: ast.Constant
    name: str | None
    via: str
    leading: bool = True
    format_string: bool = False

    @property
    def text(self) -> str:
        value = self.node.value
        assert isinstance(value, str)  # only string constants are collected
        return value


_cache: tuple[ast.AST | None, tuple[UsedString, ...]] = (None, ())


def used_strings(node: ast.AST) -> tuple[UsedString, ...]:
    """For a Call / Assign / AnnAssign / AugAssign / Return: each string literal it uses directly.
    Several rules read the same node in a row: the last answer is kept."""
    global _cache
    cached_node, strings = _cache
    if cached_node is not node:
        strings = tuple(_used_strings(node))
        _cache = (node, strings)
    return strings


def _used_strings(node: ast.AST) -> list[UsedString]:
    used: list[UsedString] = []
    if isinstance(node, ast.Call):
        for arg in node.args:
            _collect(arg, None, "argument", used)
        for kw in node.keywords:
            _collect(kw.value, kw.arg, "keyword", used)
    elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        name = next((t.id for t in targets if isinstance(t, ast.Name)), None)
        _collect(node.value, name, "variable", used)
    elif isinstance(node, ast.Return):
        _collect(node.value, None, "return", used)
    return used


def _collect(expr: ast.expr | None, name: str | None, via: str, used: list[UsedString]) -> None:
    cls = expr.__class__
    if cls is ast.Constant:
        assert isinstance(expr, ast.Constant)
        if expr.value.__class__ is str:  # the common case, without the walk
            used.append(UsedString(expr, name, via))
    elif cls in _CONTAINER_SET:
        for literal in string_literals(expr):
            if literal.key is not None:
                used.append(
                    UsedString(literal.node, literal.key, "key", literal.leading, literal.format_string)
                )
            else:
                used.append(UsedString(literal.node, name, via, literal.leading, literal.format_string))
