"""What the deployment's Airflow plugins register, so 1.10 plugin magic imports can become direct ones.

Airflow 1.10's plugin manager injected every `AirflowPlugin` subclass's `operators`, `hooks`,
`sensors`, `macros` and `executors` into `airflow.<kind>.<plugin name>` and (deprecated) straight
into `airflow.<kind>`. Airflow 2 removed that; MWAA puts the plugins folder on `sys.path`, so the
direct import is `from <module under plugins/> import <Class>`. The index is built once per run
from the plugin files (stdlib ast, no import of user code).
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

_KINDS = ("operators", "hooks", "sensors", "macros", "executors")


@dataclass(frozen=True, slots=True)
class PluginIndex:
    """(namespace package, plugin name or "", attribute) -> (module, attribute) under plugins/."""

    entries: dict[tuple[str, str, str], tuple[str, str]] = field(default_factory=dict)

    def resolve(self, qualname: str) -> tuple[str, str] | None:
        """`airflow.operators.warehouse_plugin.WarehouseExportOperator` or
        `airflow.operators.WarehouseExportOperator` -> ("warehouse_operators", "WarehouseExportOperator")."""
        for kind in _KINDS:
            package = f"airflow.{kind}."
            if not qualname.startswith(package):
                continue
            rest = qualname[len(package) :].split(".")
            if len(rest) == 1:
                return self.entries.get((package[:-1], "", rest[0]))
            if len(rest) == 2:
                return self.entries.get((package[:-1], rest[0], rest[1]))
        return None

    def __len__(self) -> int:
        return len(self.entries)


def _module_of(path: Path, root: Path) -> str | None:
    try:
        relative = path.relative_to(root).with_suffix("")
    except ValueError:
        return None
    parts = list(relative.parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    if not parts or not all(p.isidentifier() for p in parts):
        return None
    return ".".join(parts)


def _plugins_root(path: Path) -> Path | None:
    for parent in path.parents:
        if parent.name == "plugins":
            return parent
    return None


def _bindings(tree: ast.Module, module: str) -> dict[str, tuple[str, str]]:
    """name -> (module, attribute) for the plugin module's top-level imports and definitions."""
    found: dict[str, tuple[str, str]] = {}
    package = module.rpartition(".")[0]
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".") if package else []
                anchor = anchor[: len(anchor) - (node.level - 1)] if node.level > 1 else anchor
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                if alias.name != "*" and base:
                    found[alias.asname or alias.name] = (base, alias.name)
        elif isinstance(node, ast.ClassDef | ast.FunctionDef):
            found[node.name] = (module, node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, (module, target.id))
    return found


def _is_plugin_class(node: ast.ClassDef) -> bool:
    for base in node.bases:
        name = base.id if isinstance(base, ast.Name) else base.attr if isinstance(base, ast.Attribute) else ""
        if name == "AirflowPlugin":
            return True
    return False


def build_plugin_index(files: Iterable[Path]) -> PluginIndex:
    index = PluginIndex()
    for path in sorted(files):
        root = _plugins_root(path)
        module = _module_of(path, root) if root else None
        if module is None:
            continue
        try:
            text = path.read_text(encoding="utf-8")
            if "AirflowPlugin" not in text:
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(text)
        except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
            continue
        bindings = _bindings(tree, module)
        for node in tree.body:
            if not isinstance(node, ast.ClassDef) or not _is_plugin_class(node):
                continue
            name = ""
            members: dict[str, list[str]] = {}
            for stmt in node.body:
                if (
                    not isinstance(stmt, ast.Assign)
                    or len(stmt.targets) != 1
                    or not isinstance(stmt.targets[0], ast.Name)
                ):
                    continue
                attr = stmt.targets[0].id
                if (
                    attr == "name"
                    and isinstance(stmt.value, ast.Constant)
                    and isinstance(stmt.value.value, str)
                ):
                    name = stmt.value.value
                elif attr in _KINDS and isinstance(stmt.value, ast.List | ast.Tuple):
                    members[attr] = [e.id for e in stmt.value.elts if isinstance(e, ast.Name)]
            for kind, names in members.items():
                for member in names:
                    where = bindings.get(member)
                    if where is None:
                        continue
                    package = f"airflow.{kind}"
                    index.entries.setdefault((package, "", member), where)
                    if name:
                        index.entries[(package, name, member)] = where
    return index
