"""plugins.zip: what stays a plugin, what moves to dags/, and the archive itself.

AWS's guidance ([UG] configuring-dag-import-plugins): plugins are for extending Airflow (UI views,
listeners, macros); operators, hooks and other helper code belong in the DAG folder, listed in
.airflowignore. So a top-level module or package of the plugins folder stays in plugins.zip when it
defines an AirflowPlugin, is imported (directly or not) by one that does, or holds no Python at all
(templates, static files, wheels); every other unit moves to dags/ under the same import name, which
keeps `import warehouse_operators` working (both folders are on sys.path). A unit whose name is taken
in dags/ stays put.

The archive: contents at the root, every directory an entry with mode 755, files 644 (755 when
executable), `__init__.py` added to folders Python imports from, fixed timestamps and order, so the
same input gives the same bytes.
"""

from __future__ import annotations

import ast
import io
import stat
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from migrator import __version__
from migrator.bundle.model import Note, Topic
from migrator.findings import Severity
from migrator.inputs.python_module import PythonModule
from migrator.knowledge.versions import TargetVersion
from migrator.rules.plugins.plugin_class import is_plugin_class

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold
DIR_MODE = 0o755
FILE_MODE = 0o644
EXEC_MODE = 0o755


@dataclass(frozen=True, slots=True)
class PayloadFile:
    """A file to ship: its path inside the archive (or dags/), its bytes, its mode, where it came from."""

    relative: str
    data: bytes
    mode: int = FILE_MODE
    origin: str = ""  # the input's display path; "" for files the bundle generated


@dataclass(slots=True)
class PluginsPlan:
    zip_files: list[PayloadFile] = field(default_factory=list)
    moved: list[PayloadFile] = field(default_factory=list)  # go to dags/ under the same relative path
    plugin_classes: list[tuple[str, str]] = field(default_factory=list)  # (relative, class name)
    kept_units: list[str] = field(default_factory=list)
    moved_units: list[str] = field(default_factory=list)
    added_inits: list[str] = field(default_factory=list)  # in plugins.zip
    moved_inits: list[str] = field(default_factory=list)  # in dags/
    notes: list[Note] = field(default_factory=list)

    @property
    def has_plugins(self) -> bool:
        return bool(self.plugin_classes)


@dataclass(slots=True)
class _ModuleInfo:
    plugin_classes: list[str] = field(default_factory=list)
    imports: set[str] = field(default_factory=set)
    parsed: bool = True


def _unit(relative: str) -> str:
    first = relative.split("/", 1)[0]
    return first[:-3] if "/" not in relative and first.endswith(".py") else first


def _module_name(relative: str) -> str:
    parts = list(PurePosixPath(relative).with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _analyse(relative: str, data: bytes, target: TargetVersion) -> _ModuleInfo:
    info = _ModuleInfo()
    try:
        text = data.decode("utf-8")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text, filename=relative)
    except (SyntaxError, ValueError, UnicodeDecodeError, RecursionError):
        info.parsed = False
        return info
    module = PythonModule(relative, text, tree, target)
    package = _module_name(relative).split(".")
    if not relative.endswith("__init__.py"):
        package = package[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and is_plugin_class(node, module):
            info.plugin_classes.append(node.name)
        elif isinstance(node, ast.Import):
            info.imports.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                name = ".".join([*base, *([node.module] if node.module else [])])
            else:
                name = node.module or ""
            if name:
                info.imports.add(name)
                info.imports.update(f"{name}.{alias.name}" for alias in node.names if alias.name != "*")
    return info


def _needs_init(files: Iterable[str]) -> list[str]:
    """Folders (below the root) that hold Python somewhere beneath and have no __init__.py."""
    paths = set(files)
    folders_with_python: set[str] = set()
    for relative in paths:
        if not relative.endswith(".py"):
            continue
        parent = PurePosixPath(relative).parent
        while str(parent) not in {".", ""}:
            folders_with_python.add(parent.as_posix())
            parent = parent.parent
    return sorted(
        f"{folder}/__init__.py" for folder in folders_with_python if f"{folder}/__init__.py" not in paths
    )


def plan_plugins(files: list[PayloadFile], dags_names: set[str], target: TargetVersion) -> PluginsPlan:
    """Split the plugins folder's files into plugins.zip and dags/ (see the module docstring).

    `dags_names` holds the relative paths and top-level names already used in dags/."""
    plan = PluginsPlan()
    units: dict[str, list[PayloadFile]] = {}
    for payload in files:
        units.setdefault(_unit(payload.relative), []).append(payload)
    infos = {p.relative: _analyse(p.relative, p.data, target) for p in files if p.relative.endswith(".py")}
    keep: set[str] = set()
    for relative, info in sorted(infos.items()):
        for name in info.plugin_classes:
            plan.plugin_classes.append((relative, name))
        if info.plugin_classes or not info.parsed:
            keep.add(_unit(relative))
    for name, members in units.items():
        if not any(m.relative.endswith(".py") for m in members) or name == "__init__":
            keep.add(name)
    # what the kept units import (directly or through each other) must stay with them: the web
    # server loads plugins but never gets the DAG folder
    frontier = list(keep)
    while frontier:
        unit = frontier.pop()
        for member in units.get(unit, []):
            for imported in infos.get(member.relative, _ModuleInfo()).imports:
                other = imported.split(".", 1)[0]
                if other in units and other not in keep:
                    keep.add(other)
                    frontier.append(other)
    for name in sorted(units):
        members = units[name]
        if name in keep:
            plan.kept_units.append(name)
            plan.zip_files.extend(members)
            continue
        taken = [m.relative for m in members if m.relative in dags_names] or (
            [name] if name in dags_names else []
        )
        if taken:
            plan.kept_units.append(name)
            plan.zip_files.extend(members)
            plan.notes.append(Note(Topic.PLUGINS, Severity.INFO, f"plugins/{members[0].relative} stays in plugins.zip: "
                                   f"dags/ already has {taken[0]}", where=members[0].origin))  # fmt: skip
            continue
        plan.moved_units.append(name)
        plan.moved.extend(members)
    for relative in _needs_init(p.relative for p in plan.zip_files):
        plan.zip_files.append(PayloadFile(relative, b""))
        plan.added_inits.append(relative)
    for relative in _needs_init(p.relative for p in plan.moved):
        plan.moved.append(PayloadFile(relative, b""))
        plan.moved_inits.append(relative)
    plan.zip_files.sort(key=lambda p: p.relative)
    plan.moved.sort(key=lambda p: p.relative)
    if plan.moved_units:
        plan.notes.append(Note(Topic.PLUGINS, Severity.INFO, f"{len(plan.moved_units)} helper module(s) moved from "
                               f"plugins to dags/ (AWS guidance; listed in .airflowignore): "
                               f"{', '.join(plan.moved_units)}"))  # fmt: skip
    return plan


def file_mode(st_mode: int) -> int:
    return EXEC_MODE if st_mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH) else FILE_MODE


def build_zip(files: list[PayloadFile], target: TargetVersion) -> bytes:
    """The archive's bytes: a directory entry for every folder, fixed dates, sorted, deflated."""
    folders: set[str] = set()
    for item in files:
        parent = PurePosixPath(item.relative).parent
        while str(parent) not in {".", ""}:
            folders.add(parent.as_posix())
            parent = parent.parent
    entries: list[tuple[str, PayloadFile | None]] = [(f"{folder}/", None) for folder in folders]
    entries.extend((item.relative, item) for item in files)
    entries.sort(key=lambda entry: entry[0])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, payload in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.create_system = 3  # Unix, so the modes below are honoured by unzip
            if payload is None:
                info.external_attr = ((stat.S_IFDIR | DIR_MODE) << 16) | 0x10  # 0x10: MS-DOS directory flag
                info.compress_type = zipfile.ZIP_STORED
                archive.writestr(info, b"")
            else:
                info.external_attr = (stat.S_IFREG | payload.mode) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, payload.data, compresslevel=9)
        archive.comment = (
            f"Generated by mwaa-migrator {__version__} bundle for Amazon MWAA, Apache Airflow {target.airflow}"
        ).encode()
    return buffer.getvalue()
