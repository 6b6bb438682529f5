"""Shared work of the import rules: resolve each imported airflow name once, put it in one category.

Every import rule sees the same Import/ImportFrom nodes; the first rule to ask resolves a node and the
others reuse the answer (the engine hands one node to all its rules in a row), so a file costs one
table lookup per imported name whatever the number of import rules. Attribute chains
(`dates.days_ago(...)` after `from airflow.utils import dates`) are resolved once per file, and only
when the file binds a module some table entry lives under.
"""

from __future__ import annotations

import ast
import enum
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field

from migrator.findings import Severity
from migrator.inputs.python_module import PythonModule
from migrator.knowledge import symbols
from migrator.knowledge.symbols import Status, Step, SymbolChange
from migrator.knowledge.versions import TargetVersion

# Packages whose children the 1.10 plugin manager populated from AirflowPlugin attributes.
PLUGIN_PACKAGES = (
    "airflow.operators",
    "airflow.hooks",
    "airflow.sensors",
    "airflow.macros",
    "airflow.executors",
)
_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}


class Category(enum.StrEnum):
    """Which rule reports an import; the value is the rule code."""

    CONTRIB = "MWAA101"
    LEGACY_MODULE = "MWAA102"
    PLUGIN_MAGIC = "MWAA103"
    REMOVED_IN_3 = "MWAA104"
    MOVED_IN_3 = "MWAA105"
    DEPRECATED_IN_3 = "MWAA106"
    RENAMED = "MWAA107"
    AIRFLOW_2_SHIM = "MWAA108"
    PROVIDER_REMOVED = "MWAA109"


@dataclass(frozen=True, slots=True)
class ImportIssue:
    """One imported (or attribute-accessed) name that needs attention, ready to become a Finding."""

    category: Category
    node: ast.AST
    message: str
    remedy: str
    severity: Severity
    fixable: bool
    data: tuple[tuple[str, str], ...]


def categorise(change: SymbolChange, target: TargetVersion) -> Category:
    """The one rule that reports `change` (precedence: where the old spelling comes from first, then
    renames, then what happens to it on the target)."""
    if change.old == "airflow.contrib" or change.old.startswith("airflow.contrib."):
        return Category.CONTRIB
    if change.step is Step.AIRFLOW_2 and change.era == "1.10":
        return Category.LEGACY_MODULE
    if change.renamed:
        return Category.RENAMED
    if change.step is Step.PROVIDER:
        return Category.PROVIDER_REMOVED
    if change.step is Step.AIRFLOW_2 and target.major < 3:
        return Category.AIRFLOW_2_SHIM
    if change.new is None:
        return Category.REMOVED_IN_3
    return Category.MOVED_IN_3 if change.status is Status.REMOVED else Category.DEPRECATED_IN_3


def severity_of(change: SymbolChange) -> Severity:
    if change.status is Status.REMOVED:
        return Severity.BLOCKER
    if change.status is Status.PROVIDER_REMOVED:
        return Severity.WARNING
    return Severity.INFO if change.suggestion else Severity.WARNING


def describe(change: SymbolChange, target: TargetVersion) -> tuple[str, str]:
    """(message, remedy) for a change: what happens on the target, and what to import instead."""
    old = change.old
    if change.status is Status.REMOVED:
        what = f"`{old}` does not import on Airflow {target}"
    elif change.status is Status.PROVIDER_REMOVED:
        what = f"`{old}` is not in {change.distribution or 'provider'} releases after {change.since}"
    elif change.suggestion:
        what = f"`{old}` still works on Airflow {target} but is the Airflow 2 spelling"
    else:
        what = f"`{old}` only imports through a deprecation shim on Airflow {target}"
    parts = [what]
    if change.new:
        use = f"use `{change.new}`"
        if change.distribution:
            use += f" from {change.distribution}"
            if change.min_version:
                use += f">={change.min_version}"
        parts.append(use)
    if not change.drop_in:
        parts.append("it takes different arguments, so rewrite the call by hand")
    if change.new and not change.new_verified:
        parts.append("that name is not in current releases either; check its documentation")
    message = "; ".join(parts)
    if change.message:
        message += f" ({change.message.rstrip('.')})"
    if change.new:
        module, _, name = change.new.rpartition(".")
        remedy = f"Import `{name}` from `{module}`" if module else f"Import `{change.new}`"
        if change.distribution:
            remedy += f" and make sure {change.distribution} is in requirements.txt"
        remedy += "."
    else:
        remedy = "Remove the import and the code that uses it, or replace it by hand."
    return message, remedy


def issue_for(change: SymbolChange, node: ast.AST, target: TargetVersion, local: str) -> ImportIssue:
    category, message, remedy, severity, data = _issue_parts(change, target)
    return ImportIssue(category, node, message, remedy, severity, change.fixable, (*data, ("local", local)))


@functools.lru_cache(maxsize=4096)
def _issue_parts(
    change: SymbolChange, target: TargetVersion
) -> tuple[Category, str, str, Severity, tuple[tuple[str, str], ...]]:
    """Everything about an issue but where it is: the same change reads the same in every file."""
    message, remedy = describe(change, target)
    return categorise(change, target), message, remedy, severity_of(change), change.data()


# --------------------------------------------------------------------------- import statements


def issues_for_node(node: ast.AST, module: PythonModule) -> tuple[ImportIssue, ...]:
    """All issues of one Import/ImportFrom statement (cached for the rules that ask next)."""
    if _cache.node is node and _cache.node_tree is module.tree:
        return _cache.node_issues
    issues = tuple(_resolve_statement(node, module))
    if issues and _is_guarded(node, module):
        issues = ()
    _cache.node, _cache.node_tree, _cache.node_issues = node, module.tree, issues
    _note_roots(node, module, issues)
    return issues


def _note_roots(node: ast.AST, module: PythonModule, issues: tuple[ImportIssue, ...]) -> None:
    """Remember names an import binds to a module some old name lives under (unless that import was
    itself reported), so the attribute pass need not rebuild the file's bindings."""
    if _cache.roots_tree is not module.tree:
        _cache.roots_tree, _cache.roots = module.tree, set()
    reported = {value for issue in issues for key, value in issue.data if key == "local"}
    prefixes = _name_prefixes()
    if isinstance(node, ast.ImportFrom) and node.module and not node.level:
        for alias in node.names:
            local = alias.asname or alias.name
            if local not in reported and f"{node.module}.{alias.name}" in prefixes:
                _cache.roots.add(local)
    elif isinstance(node, ast.Import):
        for alias in node.names:
            local = alias.asname or alias.name.split(".", 1)[0]
            bound = alias.name if alias.asname else local
            if local not in reported and bound in prefixes:
                _cache.roots.add(local)


@dataclass(slots=True)
class _LastFile:
    """Single-entry caches: the engine finishes one file before the next, so "the last node / tree
    asked about" is all the import rules need to share work. Identity checks keep it exact."""

    node: ast.AST | None = None
    node_tree: ast.Module | None = None
    node_issues: tuple[ImportIssue, ...] = ()
    guard_tree: ast.Module | None = None
    guarded: frozenset[int] = frozenset()
    attribute_tree: ast.Module | None = None
    attribute_issues: tuple[ImportIssue, ...] = ()
    roots_tree: ast.Module | None = None
    roots: set[str] = field(default_factory=set)


_cache = _LastFile()


def _resolve_statement(node: ast.AST, module: PythonModule) -> Iterator[ImportIssue]:
    target = module.target
    if isinstance(node, ast.ImportFrom):
        source = node.module
        if node.level or not source or not source.startswith("airflow"):
            return
        for alias in node.names:
            if alias.name == "*":
                change = symbols.lookup_module(source, target)
                if change is not None:
                    yield issue_for(change, node, target, "*")
                continue
            local = alias.asname or alias.name
            dotted = f"{source}.{alias.name}"
            change = symbols.lookup(dotted, target)
            if change is None or (change.new is None and not symbols.is_known_name(dotted)):
                # `from airflow.contrib.hooks import aws_hook`: the name is a module that moved
                moved = symbols.lookup_module(dotted, target) or _moved_parent(source, alias.name, target)
                change = moved or change
            if change is not None:
                yield issue_for(change, node, target, local)
            elif (plugin := plugin_magic(source, alias.name)) is not None:
                yield _plugin_issue(node, plugin, alias.name, local)
    elif isinstance(node, ast.Import):
        for alias in node.names:
            name = alias.name
            if not name.startswith("airflow"):
                continue
            local = alias.asname or name.split(".", 1)[0]
            change = symbols.lookup_module(name, target) or symbols.lookup(name, target)
            if change is not None:
                yield issue_for(change, node, target, local)
            elif (plugin := plugin_magic(name.rpartition(".")[0], name.rpartition(".")[2])) is not None:
                yield _plugin_issue(node, plugin, "", local)


def _moved_parent(source: str, name: str, target: TargetVersion) -> SymbolChange | None:
    """`from old.module import Unlisted`: when a whole 1.10 module moved, the name moved with it."""
    if not symbols.is_known_module(source):
        return None
    moved = symbols.lookup_module(source, target)
    if moved is None or moved.new is None:
        return None
    return SymbolChange(
        old=f"{source}.{name}",
        new=f"{moved.new}.{name}",
        status=moved.status,
        step=moved.step,
        era=moved.era,
        since=moved.since,
        distribution=moved.distribution,
        message="the whole module moved; this name is not in the tables, so check it exists there",
        new_verified=False,
    )


# --------------------------------------------------------------------------- plugin magic


@dataclass(frozen=True, slots=True)
class PluginImport:
    package: str  # airflow.operators
    plugin: str  # the plugin (1.10 AirflowPlugin.name) or class imported through the package


def plugin_magic(package: str, child: str) -> PluginImport | None:
    """`airflow.operators.<child>` where <child> is neither a real module/name of any Airflow version
    nor a known 1.10 alias: something the 1.10 plugin manager injected."""
    for root in PLUGIN_PACKAGES:
        if package == root:
            known = symbols.plugin_namespace_names(root)
            if known is not None and child not in known and not symbols.is_known_name(f"{root}.{child}"):
                return PluginImport(root, child)
            return None
        if package.startswith(root + "."):
            head = package[len(root) + 1 :].split(".", 1)[0]
            known = symbols.plugin_namespace_names(root)
            if known is not None and head not in known and not symbols.is_known_module(f"{root}.{head}"):
                return PluginImport(root, head)
            return None
    return None


def _plugin_issue(node: ast.AST, plugin: PluginImport, symbol: str, local: str) -> ImportIssue:
    spelled = f"{plugin.package}.{plugin.plugin}" + (
        f".{symbol}" if symbol and symbol != plugin.plugin else ""
    )
    return ImportIssue(
        category=Category.PLUGIN_MAGIC,
        node=node,
        message=(
            f"`{spelled}` relies on the Airflow 1.10 plugin manager putting plugin code under "
            f"`{plugin.package}`, which Airflow 2 and 3 no longer do"
        ),
        remedy=(
            f"Import `{symbol or plugin.plugin}` from its own module instead (MWAA puts plugins/ and dags/ on "
            f"sys.path, e.g. `from {plugin.plugin}.operators import ...`)."
        ),
        severity=Severity.BLOCKER,
        fixable=False,
        data=(("package", plugin.package), ("plugin", plugin.plugin), ("symbol", symbol), ("local", local)),
    )


# --------------------------------------------------------------------------- try/except ImportError


def _is_guarded(node: ast.AST, module: PythonModule) -> bool:
    """An import inside `try: ... except ImportError: ...` whose other branch binds the same name is a
    deliberate compatibility import (old path kept as a fallback), not a problem."""
    return id(node) in _guarded_imports(module)


def _guarded_imports(module: PythonModule) -> frozenset[int]:
    if _cache.guard_tree is module.tree:
        return _cache.guarded
    guarded: set[int] = set()
    if "except" in module.text:
        for stmt in _all_statements(module.tree.body):
            if isinstance(stmt, ast.Try | ast.TryStar) and _catches_import_error(stmt):
                branches = [stmt.body, *(h.body for h in stmt.handlers)]
                bound = [_bound_names(branch) for branch in branches]
                for index, branch in enumerate(bound):
                    others = set().union(*(b.keys() for i, b in enumerate(bound) if i != index))
                    for local, import_node in branch.items():
                        if local in others:
                            guarded.add(id(import_node))
    result = frozenset(guarded)
    _cache.guard_tree, _cache.guarded = module.tree, result
    return result


def _catches_import_error(stmt: ast.Try | ast.TryStar) -> bool:
    for handler in stmt.handlers:
        if handler.type is None:
            return True
        types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        for exc in types:
            name = exc.id if isinstance(exc, ast.Name) else exc.attr if isinstance(exc, ast.Attribute) else ""
            if name in _IMPORT_ERRORS:
                return True
    return False


def _bound_names(body: list[ast.stmt]) -> dict[str, ast.AST]:
    bound: dict[str, ast.AST] = {}
    for stmt in body:
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            for alias in stmt.names:
                bound[alias.asname or alias.name.split(".", 1)[0]] = stmt
    return bound


def _all_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    stack = list(reversed(body))
    while stack:
        stmt = stack.pop()
        yield stmt
        for name in ("body", "orelse", "finalbody"):
            nested = getattr(stmt, name, None)
            if nested:
                stack.extend(reversed(nested))
        for handler in getattr(stmt, "handlers", ()) or ():
            stack.extend(reversed(handler.body))


# --------------------------------------------------------------------------- attribute chains


def attribute_issues(module: PythonModule) -> tuple[ImportIssue, ...]:
    """Issues of `module.attr` chains (`dates.days_ago`, `airflow.utils.dates.days_ago`) whose root
    is bound by an import that was not itself reported (cached per file)."""
    if _cache.attribute_tree is module.tree:
        return _cache.attribute_issues
    issues = tuple(_attribute_chains(module))
    _cache.attribute_tree, _cache.attribute_issues = module.tree, issues
    return issues


def _attribute_chains(module: PythonModule) -> Iterator[ImportIssue]:
    if _cache.roots_tree is module.tree:
        roots = _cache.roots  # collected while the import statements went past (the usual path)
    elif "airflow" in module.text:
        prefixes = _name_prefixes()
        roots = {
            local
            for local, binding in module.bindings.items()
            if binding.target in prefixes and not issues_for_node(binding.node, module)
        }
    else:
        return
    if not roots:
        return
    target = module.target
    for node in ast.walk(module.tree):
        if not isinstance(node, ast.Attribute) or isinstance(node.ctx, ast.Store):
            continue
        root = node.value
        while isinstance(root, ast.Attribute):
            root = root.value
        if not isinstance(root, ast.Name) or root.id not in roots:
            continue
        dotted = module.qualname(node)
        if dotted is None or not symbols.is_known_name(dotted):
            continue
        change = symbols.lookup(dotted, target)
        if change is not None:
            yield issue_for(change, node, target, "")


@functools.cache
def _name_prefixes() -> frozenset[str]:
    """Every dotted prefix of every old name the tables know (`airflow.utils.dates` for days_ago)."""
    return symbols.old_name_prefixes()
