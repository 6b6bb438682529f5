"""Which statements a rewrite can touch, so the traversal skips the rest.

Visiting every node of a file is most of the cost of a rewrite, and most statements of a DAG file
need nothing. The stdlib-ast tree (C-fast) gives each statement's line span; the engine's fixable
findings and a few words per codemod (an old argument name, a renamed class, a removed context
variable) give the lines worth visiting. libcst's tree has the same statements in the same order,
so the combined transformer walks both in step and skips a statement (and everything in it) whose
lines hold nothing of interest. Anything that does not line up disables the skipping for the file.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import libcst as cst


@dataclass(frozen=True, slots=True)
class StatementSpan:
    first: int
    last: int
    subtree_end: int  # index just past this statement's nested statements


def _ast_children(stmt: ast.stmt) -> Iterator[list[ast.stmt]]:
    """Nested statement lists in the order libcst visits them: body, handlers / cases, else, finally."""
    body = getattr(stmt, "body", None)
    if isinstance(body, list):
        yield body
    for handler in getattr(stmt, "handlers", ()) or ():
        yield handler.body
    for case in getattr(stmt, "cases", ()) or ():
        yield case.body
    for name in ("orelse", "finalbody"):
        nested = getattr(stmt, name, None)
        if isinstance(nested, list) and nested:
            yield nested


def statement_spans(tree: ast.Module) -> list[StatementSpan]:
    """Every statement of the tree in pre-order (a statement, then the statements inside it)."""
    spans: list[StatementSpan] = []

    def add(body: Sequence[ast.stmt]) -> None:
        for stmt in body:
            index = len(spans)
            # a def/class starts at its first decorator (the ast's lineno is the `def` line)
            decorators = getattr(stmt, "decorator_list", ())
            first = min([stmt.lineno, *(d.lineno for d in decorators)])
            spans.append(StatementSpan(first, stmt.end_lineno or stmt.lineno, 0))
            for nested in _ast_children(stmt):
                add(nested)
            spans[index] = StatementSpan(spans[index].first, spans[index].last, len(spans))

    add(tree.body)
    return spans


def _cst_bodies(node: cst.CSTNode) -> Iterator[Sequence[cst.CSTNode]]:
    body = getattr(node, "body", None)
    if isinstance(body, cst.IndentedBlock | cst.SimpleStatementSuite):
        yield body.body
    for handler in getattr(node, "handlers", ()) or ():
        yield from _cst_bodies(handler)
    for case in getattr(node, "cases", ()) or ():
        yield from _cst_bodies(case)
    for attr in ("orelse", "finalbody"):
        other = getattr(node, attr, None)
        if other is not None:
            if isinstance(other, cst.If):  # elif: a statement of its own
                yield [other]
            else:
                yield from _cst_bodies(other)


def cst_statement_count(module: cst.Module) -> int:
    """The number of statements libcst's tree holds, counted the way `statement_spans` does."""
    count = 0
    stack: list[Sequence[cst.CSTNode]] = [module.body]
    while stack:
        for stmt in stack.pop():
            if isinstance(stmt, cst.SimpleStatementLine):
                count += len(stmt.body)
            elif isinstance(stmt, cst.BaseSmallStatement):
                count += 1
            elif isinstance(stmt, cst.BaseCompoundStatement):
                count += 1
                stack.extend(_cst_bodies(stmt))
    return count


@dataclass(slots=True)
class LinePlan:
    """The statement spans of a file and the sorted lines worth visiting."""

    spans: list[StatementSpan]
    lines: list[int]

    def touches(self, first: int, last: int) -> bool:
        position = bisect.bisect_left(self.lines, first)
        return position < len(self.lines) and self.lines[position] <= last


def word_lines(text: str, words: Iterable[str]) -> set[int]:
    """Lines (1-based) on which any of `words` occurs as a whole word."""
    unique = sorted({w for w in words if w})
    if not unique:
        return set()
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, unique)) + r")\b")
    starts = [m.end() for m in _NEWLINE.finditer(text)]
    return {bisect.bisect_right(starts, match.start()) + 1 for match in pattern.finditer(text)}


_NEWLINE = re.compile(r"\n")
