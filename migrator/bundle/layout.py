"""Where each input file goes in the bundle: the DAG folder, the plugins folder, or nowhere.

A SRC folder that holds `dags/` and/or `plugins/` (an AIRFLOW_HOME) contributes those two; a folder
named `plugins` is a plugins folder; any other folder is a DAG folder itself. Configuration,
env and requirements files are inputs, never copied (env files may hold secrets); crontabs belong
to `mwaa-migrator cron`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from migrator.discover import SKIPPED_DIRS, Kind, classify, display_path

_INPUT_KINDS = {
    Kind.AIRFLOW_CFG: "read as configuration (airflow_configuration_options.json), not copied",
    Kind.ENV_FILE: "read as configuration, never copied (it may hold secrets)",
    Kind.REQUIREMENTS: "read as requirements (requirements.txt), not copied",
    Kind.CRONTAB: "a crontab: convert it with `mwaa-migrator cron`",
    Kind.ANACRONTAB: "an anacrontab: convert it with `mwaa-migrator cron`",
    Kind.RUN_PARTS_SCRIPT: "a cron run-parts script: convert it with `mwaa-migrator cron`",
}
_COMPILED_SUFFIXES = (".pyc", ".pyo")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file of a DAG or plugins folder. `relative` is its posix path inside that folder."""

    path: Path
    relative: str
    root: Path
    display: str  # the engine's name for it (relative to the working directory)

    @property
    def is_python(self) -> bool:
        return self.relative.endswith(".py")


@dataclass(slots=True)
class Layout:
    dags_roots: list[Path] = field(default_factory=list)
    plugins_roots: list[Path] = field(default_factory=list)
    dags: list[SourceFile] = field(default_factory=list)
    plugins: list[SourceFile] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (display, why) for files not copied
    problems: list[tuple[str, str]] = field(default_factory=list)  # (display, what went wrong)

    @property
    def sources(self) -> list[Path]:
        """The folders (and single files) whose files make up dags/ and plugins.zip."""
        return [*self.dags_roots, *self.plugins_roots]


def _roots_of(folder: Path) -> tuple[list[Path], list[Path]]:
    if folder.name == "plugins":
        return [], [folder]
    if folder.name == "dags":
        return [folder], []
    dags = [folder / "dags"] if (folder / "dags").is_dir() else []
    plugins = [folder / "plugins"] if (folder / "plugins").is_dir() else []
    if not dags and not plugins:
        return [folder], []
    return dags, plugins


def _walk(root: Path, layout: Layout, cwd: Path) -> list[tuple[Path, str]]:
    """(path, relative) for every regular file below `root`, sorted; follows folder links but never
    into a loop, skips tool and VCS folders."""
    found: list[tuple[Path, str]] = []
    stack: list[tuple[Path, tuple[str, ...]]] = [(root, (os.path.realpath(root),))]
    while stack:
        folder, ancestors = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            layout.problems.append((display_path(folder, cwd), f"folder cannot be read ({exc.strerror})"))
            continue
        subfolders: list[tuple[Path, tuple[str, ...]]] = []
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
                is_file = entry.is_file(follow_symlinks=True)
            except OSError:
                is_dir = is_file = False
            if is_dir:
                real = os.path.realpath(path)
                if entry.name in SKIPPED_DIRS or real in ancestors:
                    continue
                subfolders.append((path, (*ancestors, real)))
            elif is_file:
                if entry.name.endswith(_COMPILED_SUFFIXES):
                    continue
                found.append((path, path.relative_to(root).as_posix()))
            elif entry.is_symlink():
                layout.problems.append((display_path(path, cwd), "broken symbolic link; not copied"))
        stack.extend(reversed(subfolders))
    found.sort(key=lambda item: item[1])
    return found


def _collect(root: Path, layout: Layout, cwd: Path) -> list[SourceFile]:
    files: list[SourceFile] = []
    for path, relative in _walk(root, layout, cwd):
        display = display_path(path, cwd)
        kind = classify(path)
        if kind in _INPUT_KINDS:
            layout.skipped.append((display, _INPUT_KINDS[kind]))
            continue
        files.append(SourceFile(path, relative, root, display))
    return files


def find_layout(paths: list[Path], cwd: Path) -> Layout:
    """Sort the SRC paths into DAG and plugin folders and list their files (first SRC wins on a clash)."""
    layout = Layout()
    claimed_dags: dict[str, SourceFile] = {}
    claimed_plugins: dict[str, SourceFile] = {}
    for given in paths:
        path = Path(os.path.abspath(given))
        if path.is_file():
            kind = classify(path, explicit=True)
            if kind == Kind.PYTHON and path.name not in claimed_dags:
                source = SourceFile(path, path.name, path.parent, display_path(path, cwd))
                claimed_dags[path.name] = source
                layout.dags.append(source)
            elif kind in _INPUT_KINDS:
                layout.skipped.append((display_path(path, cwd), _INPUT_KINDS[kind]))
            continue
        dags_roots, plugins_roots = _roots_of(path)
        for root in dags_roots:
            layout.dags_roots.append(root)
            _claim(_collect(root, layout, cwd), claimed_dags, layout.dags, layout, "dags/")
        for root in plugins_roots:
            layout.plugins_roots.append(root)
            _claim(_collect(root, layout, cwd), claimed_plugins, layout.plugins, layout, "plugins.zip")
        covered = [*dags_roots, *plugins_roots]
        if path not in covered:
            for file_path, _relative in _walk(path, Layout(), cwd):
                if any(root in file_path.parents for root in covered):
                    continue
                kind = classify(file_path)
                why = _INPUT_KINDS.get(kind, "outside the dags/ and plugins/ folders; not part of the bundle")
                layout.skipped.append((display_path(file_path, cwd), why))
    layout.dags.sort(key=lambda f: f.relative)
    layout.plugins.sort(key=lambda f: f.relative)
    layout.skipped = sorted(set(layout.skipped))
    layout.problems = sorted(set(layout.problems))
    return layout


def _claim(files: list[SourceFile], claimed: dict[str, SourceFile], into: list[SourceFile], layout: Layout,
           where: str) -> None:  # fmt: skip
    for source in files:
        first = claimed.get(source.relative)
        if first is None:
            claimed[source.relative] = source
            into.append(source)
        elif first.path.resolve() != source.path.resolve():
            layout.problems.append(
                (
                    source.display,
                    f"{where}{source.relative} already comes from {first.display}; this copy is left out",
                )
            )
