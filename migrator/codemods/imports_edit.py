"""Settle the import section once after the traversal: drop imports the rewrite made unused, add the
imports the rewrite needs. Works on statements only (never on expressions), so it is cheap."""

from __future__ import annotations

import ast
import sys
from collections import Counter
from collections.abc import Sequence

import libcst as cst

from migrator.codemods.base import FileContext, NewImport
from migrator.codemods.names import alias_local, dotted_name, module_name


def settle_imports(module: cst.Module, ctx: FileContext) -> cst.Module:
    # only names that occurred in code a codemod removed: an import the author left unused stays
    unused: set[str] = set()
    original: Counter[str] = Counter()
    if ctx.maybe_unused:
        original = _reference_counts(ctx.tree, ctx.maybe_unused)
        unused = {name for name in ctx.maybe_unused if original[name] + ctx.references[name] <= 0}
    # imports of removed names that nothing in the author's code used (the others went with the code)
    dead = {name for name in unused & ctx.scratch.get("imports.removed_unused", set()) if original[name] == 0}
    if dead:
        ctx.changed("imports", len(dead))
        for name in sorted(dead):
            ctx.note(
                "imports", f"unused import of `{name}` removed: it does not exist on Airflow {ctx.target}"
            )
    if unused:
        body = _without_aliases(module.body, unused, top=True)
        if body and module.body and body[0] is not module.body[0]:
            # the file's first statement went: do not start the file with the blank line that
            # separated it from the next one
            first = body[0]
            lines = list(first.leading_lines)  # type: ignore[attr-defined]
            while lines and lines[0].comment is None:
                lines.pop(0)
            body[0] = first.with_changes(leading_lines=lines)
        module = module.with_changes(body=body)
    wanted = [imp for imp in ctx.imports_to_add if ctx.references[imp.local] > 0]
    if wanted:
        module = add_imports(module, wanted)
    return module


# --------------------------------------------------------------------------- removal


def _reference_counts(tree: ast.Module | None, names: set[str]) -> Counter[str]:
    """How often each of `names` is read or bound as a plain name in the original file (what the
    codemods' `discard`/`introduce` bookkeeping is relative to)."""
    counts: Counter[str] = Counter()
    if tree is None:
        return counts
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in names:
            counts[node.id] += 1
    return counts


def _without_aliases(body: Sequence[cst.CSTNode], unused: set[str], top: bool = False) -> list[cst.CSTNode]:
    out: list[cst.CSTNode] = []
    for stmt in body:
        if isinstance(stmt, cst.SimpleStatementLine):
            small = [s for s in (_drop(s, unused) for s in stmt.body) if s is not None]
            if not small:
                continue
            if len(small) != len(stmt.body) or any(
                a is not b for a, b in zip(small, stmt.body, strict=False)
            ):
                small[-1] = small[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
                stmt = stmt.with_changes(body=small)
            out.append(stmt)
        elif isinstance(stmt, cst.If | cst.Try | cst.With | cst.For | cst.While):
            out.append(_compound_without(stmt, unused))
        else:
            out.append(stmt)
    return out


def _compound_without(stmt: cst.CSTNode, unused: set[str]) -> cst.CSTNode:
    changes: dict[str, object] = {}
    body = getattr(stmt, "body", None)
    if isinstance(body, cst.IndentedBlock):
        new_body = _without_aliases(body.body, unused)
        if not new_body:
            new_body = [cst.SimpleStatementLine(body=[cst.Pass()])]
        changes["body"] = body.with_changes(body=new_body)
    for attr in ("orelse", "finalbody"):
        other = getattr(stmt, attr, None)
        if other is not None:
            changes[attr] = _compound_without(other, unused)
    handlers = getattr(stmt, "handlers", None)
    if handlers:
        changes["handlers"] = [_compound_without(h, unused) for h in handlers]
    return stmt.with_changes(**changes) if changes else stmt


def _drop(small: cst.BaseSmallStatement, unused: set[str]) -> cst.BaseSmallStatement | None:
    if not isinstance(small, cst.Import | cst.ImportFrom):
        return small
    if isinstance(small, cst.ImportFrom) and (isinstance(small.names, cst.ImportStar) or small.relative):
        return small
    names = list(small.names)  # type: ignore[arg-type]
    kept = [alias for alias in names if alias_local(alias) not in unused]
    if len(kept) == len(names):
        return small
    if not kept:
        return None
    if names[-1] not in kept:
        kept[-1] = kept[-1].with_changes(comma=names[-1].comma)
    if isinstance(small, cst.ImportFrom) and small.lpar is None:
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return small.with_changes(names=kept)


# --------------------------------------------------------------------------- addition


def _is_import_line(stmt: cst.CSTNode) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and all(
        isinstance(s, cst.Import | cst.ImportFrom) for s in stmt.body
    )


def _is_docstring(stmt: cst.CSTNode) -> bool:
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and len(stmt.body) == 1
        and isinstance(stmt.body[0], cst.Expr)
        and isinstance(stmt.body[0].value, cst.SimpleString | cst.ConcatenatedString)
    )


def _group_key(module: str) -> tuple[int, str]:
    """isort's section order: __future__, standard library, everything else; then the name."""
    top = module.split(".", 1)[0]
    if top == "__future__":
        return (0, module)
    return (1 if top in sys.stdlib_module_names else 2, module)


def _line_module(stmt: cst.CSTNode) -> str | None:
    if not _is_import_line(stmt):
        return None
    assert isinstance(stmt, cst.SimpleStatementLine)
    small = stmt.body[0]
    if isinstance(small, cst.ImportFrom):
        return module_name(small) or ""
    assert isinstance(small, cst.Import)
    return dotted_name(small.names[0].name) or ""


def _insertion_index(body: Sequence[cst.CSTNode], module: str) -> int:
    """Where `module`'s import goes in the module's leading import block: its isort position when
    the block is sorted, else after the last import of its section (or after the docstring)."""
    block: list[tuple[int, str]] = []
    end = 0
    for position, stmt in enumerate(body):
        line_module = _line_module(stmt)
        if line_module is not None:
            block.append((position, line_module))
            end = position + 1
        elif position == 0 and _is_docstring(stmt):
            end = 1
        elif isinstance(stmt, cst.Try | cst.If) and _only_imports(stmt):
            end = position + 1
        else:
            break
    wanted = _group_key(module)
    keys = [_group_key(m) for _, m in block]
    if keys == sorted(keys):
        for (position, _), key in zip(block, keys, strict=True):
            if key > wanted:
                return position
        return end
    same_section = [position for (position, _), key in zip(block, keys, strict=True) if key[0] == wanted[0]]
    if same_section:
        return same_section[-1] + 1
    earlier = [position for (position, _), key in zip(block, keys, strict=True) if key[0] < wanted[0]]
    return earlier[-1] + 1 if earlier else (block[0][0] if block else end)


def _only_imports(stmt: cst.CSTNode) -> bool:
    body = getattr(stmt, "body", None)
    return isinstance(body, cst.IndentedBlock) and all(_is_import_line(s) for s in body.body)


def add_imports(module: cst.Module, imports: Sequence[NewImport]) -> cst.Module:
    """Add `imports` (merging into an existing top-level `from X import ...` of the same module)."""
    body = list(module.body)
    pending: dict[str, list[NewImport]] = {}
    plain: list[NewImport] = []
    for imp in sorted(set(imports), key=lambda i: (i.module, i.name, i.asname)):
        (pending.setdefault(imp.module, []) if imp.name else plain).append(imp)
    for position, stmt in enumerate(body):
        if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1):
            continue
        small = stmt.body[0]
        if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
            mod = module_name(small)
            if mod in pending:
                have = {(dotted_name(a.name), alias_local(a)) for a in small.names}
                extra = [i for i in pending.pop(mod) if (i.name, i.local) not in have]
                if extra:
                    body[position] = stmt.with_changes(body=[_extend_from(small, extra)])
    new_lines: list[cst.SimpleStatementLine] = []
    for imp in plain:
        alias = cst.ImportAlias(
            name=_dotted(imp.module), asname=cst.AsName(name=cst.Name(imp.asname)) if imp.asname else None
        )
        new_lines.append(cst.SimpleStatementLine(body=[cst.Import(names=[alias])]))
    for mod, items in sorted(pending.items()):
        aliases = [_alias(i) for i in items]
        aliases = [
            a.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))) for a in aliases[:-1]
        ] + [aliases[-1]]
        new_lines.append(cst.SimpleStatementLine(body=[cst.ImportFrom(module=_dotted(mod), names=aliases)]))
    for line in new_lines:
        small = line.body[0]
        if isinstance(small, cst.ImportFrom):
            mod = module_name(small)
        else:
            assert isinstance(small, cst.Import)
            mod = dotted_name(small.names[0].name)
        index = _insertion_index(body, mod or "")
        if index < len(body) and _line_module(body[index]) is not None and index == _first_import(body):
            # the first import carries the file's header comments: they stay on top
            line = line.with_changes(leading_lines=body[index].leading_lines)
            body[index] = body[index].with_changes(leading_lines=[])
        elif index == 1 and _is_docstring(body[0]) and (len(body) == 1 or _line_module(body[1]) is None):
            line = line.with_changes(leading_lines=[cst.EmptyLine()])
        body.insert(index, line)
    return module.with_changes(body=body)


def _first_import(body: Sequence[cst.CSTNode]) -> int:
    for position, stmt in enumerate(body):
        if _line_module(stmt) is not None:
            return position
    return -1


def _alias(imp: NewImport) -> cst.ImportAlias:
    return cst.ImportAlias(
        name=cst.Name(imp.name), asname=cst.AsName(name=cst.Name(imp.asname)) if imp.asname else None
    )


def _extend_from(stmt: cst.ImportFrom, extra: Sequence[NewImport]) -> cst.ImportFrom:
    names = list(stmt.names)  # type: ignore[arg-type]
    last = names[-1]
    trailing = last.comma
    separator = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    if stmt.lpar is not None and len(names) > 1 and isinstance(names[-2].comma, cst.Comma):
        separator = names[-2].comma  # multi-line parenthesised list: one name per line
    names[-1] = last.with_changes(comma=separator)
    added = [_alias(i).with_changes(comma=separator) for i in extra]
    added[-1] = added[-1].with_changes(comma=trailing)
    return stmt.with_changes(names=[*names, *added])


def _dotted(name: str) -> cst.Name | cst.Attribute:
    parts = name.split(".")
    node: cst.Name | cst.Attribute = cst.Name(parts[0])
    for part in parts[1:]:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node
