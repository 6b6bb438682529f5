"""The modules a Python file imports, with the line of the first import of each: what MWAA709
needs to tell which distributions a deployment uses. Cheap enough for the engine's hot path: it
visits statements only, never expressions."""

from __future__ import annotations

import ast

_GUARDING_EXCEPTIONS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def _guards_imports(node: ast.Try | ast.TryStar) -> bool:
    """`try: import x / except ImportError:` marks x as optional."""
    for handler in node.handlers:
        if handler.type is None:
            return True
        names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        for name in names:
            if isinstance(name, ast.Name) and name.id in _GUARDING_EXCEPTIONS:
                return True
            if isinstance(name, ast.Attribute) and name.attr in _GUARDING_EXCEPTIONS:
                return True
    return False


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


# Statements that hold other statements (besides Try/If/Match, handled on their own).
_BLOCKS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.With, ast.AsyncWith, ast.For, ast.AsyncFor,
           ast.While)  # fmt: skip
_INTERESTING = frozenset({ast.Import, ast.ImportFrom, ast.Try, ast.TryStar, ast.If, ast.Match, *_BLOCKS})


def import_lines(tree: ast.Module) -> tuple[tuple[str, int], ...]:
    """(dotted module, first line) for every absolute import that is not optional: imports under
    `try/except ImportError` and `if TYPE_CHECKING:` are left out. `from a.b import c` gives "a.b.c"
    (c may be a module: `from google.cloud import bigquery`); relative imports are local code."""
    first: dict[str, int] = {}
    stack: list[ast.stmt] = list(reversed(tree.body))
    interesting = _INTERESTING
    while stack:
        node = stack.pop()
        if node.__class__ not in interesting:  # most statements: assignments, calls, returns
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                first.setdefault(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level or not node.module:
                continue
            for alias in node.names:
                name = node.module if alias.name == "*" else f"{node.module}.{alias.name}"
                first.setdefault(name, node.lineno)
        elif isinstance(node, ast.Try | ast.TryStar):
            if not _guards_imports(node):
                stack.extend(reversed(node.body))
            for handler in node.handlers:
                stack.extend(reversed(handler.body))
            stack.extend(reversed(node.orelse))
            stack.extend(reversed(node.finalbody))
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                stack.extend(reversed(node.body))
            stack.extend(reversed(node.orelse))
        elif isinstance(node, _BLOCKS):
            stack.extend(reversed(node.body))
            stack.extend(reversed(getattr(node, "orelse", [])))
        elif isinstance(node, ast.Match):
            for case in node.cases:
                stack.extend(reversed(case.body))
    return tuple(sorted(first.items(), key=lambda item: (item[1], item[0])))
