"""Hand libcst only the statements a rewrite can touch.

Parsing, traversing and printing a libcst tree is most of the cost of a rewrite, and most
statements of a DAG file need nothing. The stdlib-ast tree (C-fast) gives each statement's lines;
the engine's fixable findings and a few words per codemod (an old argument name, a renamed class,
a removed context variable) give the lines worth rewriting. Every run of consecutive statements
that touches none of them is replaced, before libcst sees the file, by a one-line placeholder
statement at the same indentation; after the rewrite each placeholder line is replaced by the
original text again, byte for byte. Import statements are always kept (the codemods settle them).
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

_PLACEHOLDER = "__mwaa_migrator_kept_{}__"
_NEWLINE = re.compile(r"\n")


@dataclass(slots=True)
class Reduction:
    """The text libcst parses, and how to put the original statements back."""

    text: str
    kept: dict[str, str] = field(default_factory=dict)  # placeholder name -> original lines

    def restore(self, rewritten: str) -> str | None:
        """The rewritten reduced text with every placeholder line back to its original text; None
        when a placeholder went missing (the caller then rewrites the whole file instead)."""
        if not self.kept:
            return rewritten
        out: list[str] = []
        found = 0
        for line in rewritten.splitlines(keepends=True):
            name = line.strip()
            original = self.kept.get(name) if name.startswith("__mwaa_migrator_kept_") else None
            if original is None:
                out.append(line)
            else:
                out.append(original)
                found += 1
        return "".join(out) if found == len(self.kept) else None


def word_lines(text: str, words: Iterable[str]) -> set[int]:
    """Lines (1-based) on which any of `words` occurs as a whole word."""
    unique = sorted({w for w in words if w})
    if not unique:
        return set()
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, unique)) + r")\b")
    starts = [m.end() for m in _NEWLINE.finditer(text)]
    return {bisect.bisect_right(starts, match.start()) + 1 for match in pattern.finditer(text)}


def _first_line(stmt: ast.stmt) -> int:
    # a def/class starts at its first decorator (the ast's lineno is the `def` line)
    decorators: list[ast.expr] = getattr(stmt, "decorator_list", [])
    return min([stmt.lineno, *(d.lineno for d in decorators)])


def _nested_bodies(stmt: ast.stmt) -> list[list[ast.stmt]]:
    bodies: list[list[ast.stmt]] = []
    body = getattr(stmt, "body", None)
    if isinstance(body, list):
        bodies.append(body)
    bodies.extend(handler.body for handler in getattr(stmt, "handlers", ()) or ())
    bodies.extend(case.body for case in getattr(stmt, "cases", ()) or ())
    for name in ("orelse", "finalbody"):
        nested = getattr(stmt, name, None)
        if isinstance(nested, list) and nested:
            bodies.append(nested)
    return bodies


def _has_import(stmt: ast.stmt) -> bool:
    if isinstance(stmt, ast.Import | ast.ImportFrom):
        return True
    return any(_has_import(s) for body in _nested_bodies(stmt) for s in body)


def _is_docstring(stmt: ast.stmt) -> bool:
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Constant)
        and isinstance(stmt.value.value, str)
    )


def reduce_source(text: str, tree: ast.Module, lines: Iterable[int]) -> Reduction:
    """`text` with every run of statements that touches none of `lines` (and holds no import)
    replaced by a placeholder line."""
    wanted = sorted(set(lines))
    source_lines = text.splitlines(keepends=True)
    runs: list[tuple[int, int]] = []  # (first, last) line ranges to take out

    def touches(first: int, last: int) -> bool:
        position = bisect.bisect_left(wanted, first)
        return position < len(wanted) and wanted[position] <= last

    def walk(body: Sequence[ast.stmt], floor: int) -> None:
        """`floor`: the last line that belongs to something kept before this body."""
        run: list[tuple[int, int]] = []
        previous_last = floor
        for index, stmt in enumerate(body):
            first, last = _first_line(stmt), stmt.end_lineno or stmt.lineno
            # docstrings stay: codemods place new imports and statements after them
            if touches(first, last) or _has_import(stmt) or (index == 0 and _is_docstring(stmt)):
                close(run, previous_last, first)
                run = []
                bodies = _nested_bodies(stmt)
                # a body on the header's own line (`if x: y`) has no lines of its own to take out
                if bodies and all(b[0].lineno > stmt.lineno for b in bodies):
                    for nested in bodies:
                        walk(nested, stmt.lineno)
                previous_last = last
            else:
                if run and first <= run[-1][1]:
                    run.append((first, last))  # shares a line with the previous one
                elif not run and first <= previous_last:
                    previous_last = last  # shares a line with a kept statement: keep it too
                    continue
                else:
                    run.append((first, last))
            if index == len(body) - 1:
                close(run, previous_last, None)

    def close(run: list[tuple[int, int]], previous_last: int, next_first: int | None) -> None:
        if not run:
            return
        first, last = run[0][0], max(r[1] for r in run)
        if first <= previous_last or (next_first is not None and last >= next_first):
            return  # shares a line with something kept
        runs.append((first, last))

    walk(tree.body, 0)
    if not runs:
        return Reduction(text)
    out: list[str] = []
    kept: dict[str, str] = {}
    position = 1
    for number, (first, last) in enumerate(runs):
        out.extend(source_lines[position - 1 : first - 1])
        original = "".join(source_lines[first - 1 : last])
        first_line = source_lines[first - 1]
        indent = first_line[: len(first_line) - len(first_line.lstrip(" \t"))]
        newline = "\r\n" if original.endswith("\r\n") else "\n"
        name = _PLACEHOLDER.format(number)
        kept[name] = original if original.endswith(("\n", "\r")) else original + newline
        out.append(f"{indent}{name}{newline}")
        position = last + 1
    out.extend(source_lines[position - 1 :])
    reduced = "".join(out)
    if not text.endswith(("\n", "\r")) and runs[-1][1] >= len(source_lines):
        # the file's last line had no newline: neither does the restored text
        last_name = _PLACEHOLDER.format(len(runs) - 1)
        kept[last_name] = kept[last_name][: -len(newline)]
    return Reduction(reduced, kept)
