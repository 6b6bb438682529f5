"""Walks the given paths once and sorts every file into the kind of input it is.

Never writes, never follows a symlink loop, never stops on an unreadable folder: problems become
findings and the walk goes on.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from migrator.findings import Finding, Location

SKIPPED_DIRS = frozenset(
    {".git", ".hg", ".svn", "__pycache__", ".venv", "venv", "node_modules", ".tox", ".mypy_cache",
     ".ruff_cache", ".pytest_cache", "site-packages", ".idea", ".vscode"}
)  # fmt: skip
CRON_DIR_NAMES = frozenset({"cron.d", "crontabs", "crontab"})
# Files Airflow renders as Jinja templates (template_ext of SQL/Bash/Hive operators) or runs as scripts.
TEMPLATE_SUFFIXES = frozenset({".sql", ".hql", ".sh", ".bash", ".j2", ".jinja", ".jinja2"})
DEPLOYED_FOLDERS = frozenset({"dags", "plugins"})
RUN_PARTS_DIR_NAMES = frozenset({"cron.hourly", "cron.daily", "cron.weekly", "cron.monthly"})


class Kind:
    PYTHON = "python"
    AIRFLOW_CFG = "airflow-cfg"
    ENV_FILE = "env-file"
    REQUIREMENTS = "requirements"
    CRONTAB = "crontab"
    ANACRONTAB = "anacrontab"
    RUN_PARTS_SCRIPT = "run-parts-script"
    TEMPLATE = "template"  # a Jinja template or shell script the DAGs use (under dags/ or plugins/)
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class DiscoveredFile:
    path: Path
    display: str
    kind: str
    in_plugins_folder: bool = False
    airflow_ignored: bool = False  # matched by an .airflowignore: Airflow never parses it as a DAG file


@dataclass(frozen=True, slots=True)
class IgnoreRules:
    """One .airflowignore: patterns apply to paths relative to the folder holding the file.

    Airflow 1.10/2.x read them as regular expressions searched in the relative path (the default
    `dag_ignore_file_syntax = regexp`); a line that is not a valid regular expression is read as a
    glob, which is what Airflow 3's default syntax means."""

    base: Path
    patterns: tuple[str, ...]

    def ignores(self, path: Path) -> bool:
        try:
            relative = path.relative_to(self.base).as_posix()
        except ValueError:
            return False
        for pattern in self.patterns:
            try:
                if re.search(pattern, relative):
                    return True
            except re.error:
                if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(path.name, pattern):
                    return True
        return False


def read_airflowignore(directory: Path) -> IgnoreRules | None:
    try:
        text = (directory / ".airflowignore").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    patterns = tuple(
        line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()
    )
    return IgnoreRules(directory, patterns) if patterns else None


@dataclass(slots=True)
class Inventory:
    files: list[DiscoveredFile] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    other_files: int = 0

    def of_kind(self, *kinds: str) -> list[DiscoveredFile]:
        return [f for f in self.files if f.kind in kinds]


def display_path(path: Path, cwd: Path) -> str:
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


def classify(path: Path, explicit: bool = False) -> str:
    name = path.name
    parent = path.parent.name
    if name.endswith(".py"):
        return Kind.PYTHON
    if fnmatch.fnmatch(name, "airflow*.cfg"):
        return Kind.AIRFLOW_CFG
    if name == ".env" or name.endswith(".env"):
        return Kind.ENV_FILE
    if fnmatch.fnmatch(name, "requirements*.txt") or (parent == "requirements" and name.endswith(".txt")):
        return Kind.REQUIREMENTS
    if name == "anacrontab":
        return Kind.ANACRONTAB
    if parent in RUN_PARTS_DIR_NAMES:
        return Kind.RUN_PARTS_SCRIPT
    if name in {"crontab", "crontab.txt"} or name.endswith((".crontab", ".cron")) or parent in CRON_DIR_NAMES:
        return Kind.CRONTAB
    if explicit and name.endswith(".txt"):
        return Kind.REQUIREMENTS
    if path.suffix in TEMPLATE_SUFFIXES and DEPLOYED_FOLDERS & set(path.parent.parts):
        return Kind.TEMPLATE
    return Kind.OTHER


def _entry(
    path: Path, cwd: Path, plugins: bool, explicit: bool = False, ignored: bool = False
) -> DiscoveredFile:
    return DiscoveredFile(path, display_path(path, cwd), classify(path, explicit), plugins, ignored)


def discover(roots: Iterable[Path], cwd: Path | None = None) -> Inventory:
    """Every file below `roots`, sorted by display path, each once even if reached twice."""
    from migrator.rules.input.symlink_loop import SymlinkLoop
    from migrator.rules.input.unreadable_path import UnreadablePath

    cwd = (cwd or Path.cwd()).resolve()
    inventory = Inventory()
    seen_files: set[tuple[int, int]] = set()
    for root in roots:
        root = Path(os.path.abspath(root))
        if root.is_file():
            st = root.stat()
            if (st.st_dev, st.st_ino) not in seen_files:
                seen_files.add((st.st_dev, st.st_ino))
                inventory.files.append(_entry(root, cwd, "plugins" in root.parts, explicit=True))
            continue
        _walk(root, cwd, inventory, seen_files, UnreadablePath, SymlinkLoop)
    inventory.files.sort(key=lambda f: f.display)
    inventory.findings.sort(key=lambda f: f.sort_key())
    return inventory


def _walk(root: Path, cwd: Path, inventory: Inventory, seen_files: set[tuple[int, int]], unreadable, loop) -> None:  # type: ignore[no-untyped-def]
    # Our own stack instead of os.walk: we follow directory symlinks (deployments use them for
    # shared DAG folders) and must notice when one leads back to a folder already on the path.
    stack: list[tuple[Path, tuple[tuple[int, int], ...], bool, tuple[IgnoreRules, ...]]] = []
    try:
        st = root.stat()
    except OSError as exc:
        inventory.findings.append(unreadable.finding(Location(display_path(root, cwd)), f"cannot read {exc.strerror}"))
        return
    stack.append((root, ((st.st_dev, st.st_ino),), root.name == "plugins", ()))
    while stack:
        directory, ancestors, in_plugins, ignore_rules = stack.pop()
        own_rules = read_airflowignore(directory)
        if own_rules is not None:
            ignore_rules = (*ignore_rules, own_rules)
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            inventory.findings.append(
                unreadable.finding(
                    Location(display_path(directory, cwd)),
                    f"folder cannot be read ({exc.strerror}); its contents were not analysed",
                )
            )
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                st = entry.stat(follow_symlinks=True)
            except OSError as exc:
                if entry.is_symlink():
                    inventory.findings.append(
                        unreadable.finding(Location(display_path(path, cwd)), f"broken symbolic link ({exc.strerror})")
                    )
                else:
                    inventory.findings.append(
                        unreadable.finding(Location(display_path(path, cwd)), f"cannot stat ({exc.strerror})")
                    )
                continue
            ident = (st.st_dev, st.st_ino)
            if stat.S_ISDIR(st.st_mode):
                if entry.name in SKIPPED_DIRS:
                    continue
                if ident in ancestors:
                    inventory.findings.append(
                        loop.finding(
                            Location(display_path(path, cwd)),
                            f"symbolic link {display_path(path, cwd)} points back to an enclosing folder; not followed",
                        )
                    )
                    continue
                stack.append((path, (*ancestors, ident), in_plugins or entry.name == "plugins", ignore_rules))
            elif stat.S_ISREG(st.st_mode):
                if ident in seen_files:
                    continue
                seen_files.add(ident)
                ignored = any(rules.ignores(path) for rules in ignore_rules)
                found = _entry(path, cwd, in_plugins, ignored=ignored)
                if found.kind == Kind.OTHER:
                    inventory.other_files += 1
                else:
                    inventory.files.append(found)
