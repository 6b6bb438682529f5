"""dags/: the DAG folder's files (converted for the target when `convert` is installed), the helper
modules moved out of plugins, and a generated .airflowignore listing every Python file that is not a
DAG file.

The seam to `convert` is one call, `migrator.convert.pipeline.convert(sources, target, ...)`, which
decides the new content of every file without writing anything; when that module is absent the
files are copied unchanged and BUNDLE.md says so.

A Python file is listed in .airflowignore when Airflow's own safe-mode check would skip it, or when
it defines no DAG and is a module other files import (or an `__init__.py`, or a module moved from
plugins). A file that mentions Airflow and DAGs, defines none we can see and nobody imports stays
visible: hiding a DAG built by a factory would make it vanish, parsing a helper only costs time.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from migrator.bundle.layout import SourceFile
from migrator.bundle.model import Note, Topic
from migrator.bundle.plugins import PayloadFile, file_mode
from migrator.engine import FileResult
from migrator.findings import Severity
from migrator.inputs.airflow_cfg import AirflowConfig
from migrator.knowledge import airflow_config
from migrator.knowledge.versions import TargetVersion

IGNORE_FILE = ".airflowignore"
IGNORE_OPTION = "core.dag_ignore_file_syntax"
_REGEXP_SPECIAL = re.compile(r"([.^$*+?()\[\]{}|\\])")
_GLOB_SPECIAL = re.compile(r"([*?\[\]\\!])")


@dataclass(frozen=True, slots=True)
class Converted:
    """convert's decision for one file (the fields of its FileOutcome that the bundle uses)."""

    status: str  # changed | unchanged | failed
    data: bytes | None
    error: str
    requirements: tuple[str, ...]
    changes: int


@dataclass(slots=True)
class ConvertResult:
    available: bool
    reason: str = ""  # why convert did not run
    by_path: dict[Path, Converted] = field(default_factory=dict)
    reference_date: date | None = None

    def of(self, path: Path) -> Converted | None:
        return self.by_path.get(Path(os.path.abspath(path)))


def convert_sources(sources: list[Path], target: TargetVersion, reference_date: date,
                    jobs: int | None) -> ConvertResult:  # fmt: skip
    """Run the convert pipeline over the DAG and plugin folders, if it is installed."""
    try:
        from migrator.convert.pipeline import convert, source_files
    except ImportError as exc:
        return ConvertResult(False, f"the convert pipeline is not available ({exc.name or exc})")
    if not sources:
        return ConvertResult(True, reference_date=reference_date)
    run: Any = convert(sources, target, reference_date=reference_date, jobs=jobs)
    paths = {f.relative: Path(os.path.abspath(f.path)) for f in source_files(sources)}
    result = ConvertResult(True, reference_date=reference_date)
    for outcome in run.files:
        path = paths.get(outcome.relative)
        if path is None:
            continue
        result.by_path[path] = Converted(
            outcome.status,
            outcome.new_data,
            outcome.error,
            tuple(outcome.requirements),
            sum(outcome.changes.values()),
        )
    return result


def payload_of(
    source: SourceFile, converted: ConvertResult, notes: list[Note], where: str
) -> PayloadFile | None:
    """The bytes to ship for one input file: convert's, when it changed the file, else the file's own."""
    decision = converted.of(source.path)
    try:
        mode = file_mode(source.path.stat().st_mode)
        original = source.path.read_bytes()
    except OSError as exc:
        notes.append(Note(Topic.DAGS, Severity.WARNING, f"cannot read {source.display} ({exc.strerror}); left out",
                          where=source.display))  # fmt: skip
        return None
    if decision is not None and decision.status == "changed" and decision.data is not None:
        return PayloadFile(source.relative, decision.data, mode, source.display)
    if decision is not None and decision.status == "failed" and source.is_python:
        notes.append(Note(Topic.DAGS, Severity.WARNING, f"{source.display} copied unchanged: convert could not rewrite "
                          f"it ({decision.error})", where=source.display))  # fmt: skip
    elif converted.available and decision is None and source.is_python:
        notes.append(Note(Topic.DAGS, Severity.INFO, f"{source.display} copied unchanged: convert did not reach it "
                          f"(two {where} folders of the same name?)", where=source.display))  # fmt: skip
    return PayloadFile(source.relative, original, mode, source.display)


# --------------------------------------------------------------------------- .airflowignore


def module_name(relative: str) -> str:
    parts = list(PurePosixPath(relative).with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(results: Iterable[FileResult]) -> set[str]:
    names: set[str] = set()
    for result in results:
        lines = getattr(result, "import_lines", None)
        if lines is not None:
            names.update(module for module, _line in lines)
        else:
            names.update(result.imports)
    return names


class ImportIndex:
    """Answers "does any file import this module, a module inside it, or a package holding it?" in
    a few set lookups per module (a repository has thousands of files and tens of thousands of imports)."""

    def __init__(self, names: set[str]) -> None:
        self.names = names
        self.parents = {
            name.rsplit(".", depth)[0] for name in names for depth in range(1, name.count(".") + 1)
        }

    def imports(self, module: str) -> bool:
        if not module:
            return False
        if module in self.names or module in self.parents:
            return True
        parts = module.split(".")
        return any(".".join(parts[:length]) in self.names for length in range(1, len(parts)))


@dataclass(frozen=True, slots=True)
class IgnoreDecision:
    relative: str
    ignored: bool
    why: str


def decide_ignored(payloads: list[PayloadFile], results: dict[str, FileResult], moved: set[str],
                   names: set[str]) -> list[IgnoreDecision]:  # fmt: skip
    """One decision per Python file of dags/ (see the module docstring)."""
    index = ImportIndex(names)
    decisions: list[IgnoreDecision] = []
    for payload in payloads:
        relative = payload.relative
        if not relative.endswith(".py"):
            continue
        if relative in moved:
            decisions.append(IgnoreDecision(relative, True, "moved from plugins"))
            continue
        result = results.get(payload.origin) if payload.origin else None
        defines_dag = bool(result and result.facts.get("dags"))
        if result is None:
            decisions.append(IgnoreDecision(relative, True, "generated package marker"))
        elif defines_dag:
            decisions.append(IgnoreDecision(relative, False, "defines a DAG"))
        elif not result.is_dag_file:
            decisions.append(IgnoreDecision(relative, True, "not a DAG file (Airflow's safe-mode check)"))
        elif PurePosixPath(relative).name == "__init__.py":
            decisions.append(IgnoreDecision(relative, True, "package marker"))
        elif index.imports(module_name(relative)):
            decisions.append(IgnoreDecision(relative, True, "a module other files import, with no DAG"))
        else:
            decisions.append(
                IgnoreDecision(relative, False, "mentions Airflow and DAGs; no DAG found, nothing imports it")
            )
    return decisions


def ignore_pattern(relative: str, syntax: str) -> str:
    """A pattern matching exactly `relative` (a path inside dags/) in Airflow's .airflowignore syntax.

    regexp: searched in the path relative to the DAG folder, so anchored with ^...$; glob: gitignore
    rules, anchored to the file's folder with a leading /. Airflow strips `#...` as a comment before
    compiling, so a `#` in a name is matched by a wildcard instead."""
    if syntax == "glob":
        escaped = _GLOB_SPECIAL.sub(r"\\\1", relative).replace("#", "?")
        return "/" + (escaped[:-1] + "\\ " if escaped.endswith(" ") else escaped)
    return "^" + _REGEXP_SPECIAL.sub(r"\\\1", relative).replace("#", "\\x23") + "$"


def _user_set_syntax(configs: list[AirflowConfig]) -> str | None:
    value = None
    for config in sorted(configs, key=lambda c: (c.origin == "env", c.path)):
        for entry in config.entries:
            if entry.section == "core" and entry.key == "dag_ignore_file_syntax":
                value = entry.effective_value.strip().lower()
    return value


def default_ignore_syntax(target: TargetVersion) -> str:
    return airflow_config.default_value(IGNORE_OPTION, target) or "regexp"


def ignore_syntax(
    configs: list[AirflowConfig], target: TargetVersion, has_user_ignore_files: bool
) -> tuple[str, str]:
    """(syntax the target reads .airflowignore with, why). Airflow 1.10 and 2.x read regexp by
    default and 3.x glob: user files written for regexp keep their meaning only if the option is
    set, so the bundle sets it when the user has .airflowignore files and never chose a syntax."""
    chosen = _user_set_syntax(configs)
    default = default_ignore_syntax(target)
    if chosen in {"glob", "regexp"}:
        return chosen, "set in your configuration"
    if has_user_ignore_files and default != "regexp":
        return "regexp", "your .airflowignore files use Airflow 1.10/2.x's default syntax, regexp"
    return default, f"Airflow {target.airflow}'s default"
