"""What a name in a libcst module refers to, resolved through the file's imports and aliases.

A cheap stand-in for libcst's QualifiedNameProvider: that provider builds full scope analysis
(~10x the cost of the parse), while DAG files bind Airflow names at module level with plain
imports. We read the import statements once (statements only, never expressions) and resolve
`Name`/`Attribute` chains against them, exactly like the engine's stdlib-ast PythonModule does.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import libcst as cst


@dataclass(frozen=True, slots=True)
class Binding:
    """`local` is bound by an import to the dotted `target`."""

    local: str
    target: str
    statement: cst.Import | cst.ImportFrom


def dotted_name(node: cst.BaseExpression | cst.CSTNode) -> str | None:
    """`a.b.c` for Name/Attribute chains, else None."""
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def module_name(node: cst.ImportFrom) -> str | None:
    """The absolute module of `from X import ...`; None for relative imports."""
    if node.relative or node.module is None:
        return None
    return dotted_name(node.module)


def alias_local(alias: cst.ImportAlias) -> str | None:
    if alias.asname is not None:
        name = alias.asname.name
        return name.value if isinstance(name, cst.Name) else None
    full = dotted_name(alias.name)
    return full.split(".", 1)[0] if full else None


def _bodies(node: cst.CSTNode) -> Iterator[Sequence[cst.CSTNode]]:
    """The statement lists directly inside a compound statement (if/try/with/for/while/def/class)."""
    body = getattr(node, "body", None)
    if isinstance(body, cst.IndentedBlock | cst.SimpleStatementSuite):
        yield body.body
    for attr in ("orelse", "finalbody"):
        other = getattr(node, attr, None)
        if other is not None:
            yield from _bodies(other)
    for handler in getattr(node, "handlers", ()) or ():
        yield from _bodies(handler)


def import_statements(
    module: cst.Module, *, into_functions: bool = True
) -> Iterator[cst.Import | cst.ImportFrom]:
    """Every import statement of the module, nested ones (try/if/def bodies) included."""
    stack: list[Sequence[cst.CSTNode]] = [module.body]
    while stack:
        for stmt in stack.pop():
            if isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    if isinstance(small, cst.Import | cst.ImportFrom):
                        yield small
            elif isinstance(stmt, cst.BaseCompoundStatement):
                if not into_functions and isinstance(stmt, cst.FunctionDef | cst.ClassDef):
                    continue
                stack.extend(_bodies(stmt))
            elif isinstance(stmt, cst.Else | cst.Finally | cst.ExceptHandler):
                stack.extend(_bodies(stmt))


class ImportTable:
    """local name -> what it is bound to, for one module."""

    def __init__(self, module: cst.Module) -> None:
        self.bindings: dict[str, Binding] = {}
        self.star_modules: list[str] = []
        for stmt in import_statements(module):
            if isinstance(stmt, cst.Import):
                for alias in stmt.names:
                    full = dotted_name(alias.name)
                    if not full:
                        continue
                    if alias.asname is not None:
                        local = alias_local(alias)
                        if local:
                            self.bindings[local] = Binding(local, full, stmt)
                    else:
                        head = full.split(".", 1)[0]
                        self.bindings.setdefault(head, Binding(head, head, stmt))
            else:
                base = module_name(stmt)
                if base is None:
                    continue
                if isinstance(stmt.names, cst.ImportStar):
                    self.star_modules.append(base)
                    continue
                for alias in stmt.names:
                    local = alias_local(alias)
                    name = dotted_name(alias.name)
                    if local and name:
                        self.bindings[local] = Binding(local, f"{base}.{name}", stmt)

    def qualname(self, node: cst.CSTNode) -> str | None:
        """Dotted name a Name/Attribute expression refers to, resolved through the imports."""
        full = dotted_name(node)
        if full is None:
            return None
        head, _, rest = full.partition(".")
        binding = self.bindings.get(head)
        if binding is None:
            return full
        return f"{binding.target}.{rest}" if rest else binding.target

    def local_for(self, target: str) -> str | None:
        """A local name already bound to `target`, if any."""
        for binding in self.bindings.values():
            if binding.target == target:
                return binding.local
        return None
