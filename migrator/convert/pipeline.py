"""convert: SRC trees -> rewritten files, one worker pass over the Python files, spread over cores.

Per Python file, in a worker: read once, run the engine's own per-file analysis (stdlib ast, assess
speed); only a file with a fixable finding is parsed by libcst, once, and rewritten by every codemod
in one traversal; the output is analysed again so the report can say which findings the rewrite
fixed and which remain. Files needing nothing are never parsed by libcst and come out
byte-identical. Template files (.sql/.sh) that rewritten DAG files name are converted afterwards.
A failure in one file is that file's result ("failed", copied unchanged), never the run's.
"""

from __future__ import annotations

import codecs
import difflib
import functools
import os
import re
import shutil
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from migrator.codemods import all_codemods
from migrator.codemods.base import ConvertOptions, Note
from migrator.codemods.context_variables import TEMPLATE_EXTENSIONS
from migrator.codemods.jinja_text import mentions, replace_variables
from migrator.codemods.transformer import rewrite_source
from migrator.convert.plugins import PluginIndex, build_plugin_index
from migrator.discover import SKIPPED_DIRS
from migrator.engine import MAX_FILE_BYTES, analyse_python_bytes
from migrator.findings import Finding
from migrator.inputs.text import DecodeProblem, decode_python, decode_text
from migrator.knowledge.context_variables import removed_context_attributes, removed_context_variables
from migrator.knowledge.lifecycle import Status
from migrator.knowledge.versions import TargetVersion

# Below this many Python files a process pool costs more than it saves.
POOL_THRESHOLD = 48
_TEMPLATE_REFERENCE = re.compile(
    r"""["']([^"'\n{}]+(?:""" + "|".join(re.escape(e) for e in TEMPLATE_EXTENSIONS) + r"""))["']"""
)


@dataclass(slots=True)
class SourceFile:
    """One file of a SRC tree and where it goes in the output."""

    path: Path
    relative: str  # posix path inside the output tree (and the name reports use)
    root: Path  # the SRC it came from
    is_python: bool
    in_plugins: bool


@dataclass(slots=True)
class FileOutcome:
    """What convert did to one file."""

    relative: str
    kind: str  # python | template | other
    status: str  # changed | unchanged | failed
    new_data: bytes | None = None  # set when changed
    changes: dict[str, int] = field(default_factory=dict)
    requirements: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    error: str = ""
    fixed: tuple[Finding, ...] = ()  # findings of the original that the rewrite removed
    remaining: tuple[Finding, ...] = ()  # findings of the output (manual work), fixable or not
    template_references: tuple[str, ...] = ()


@dataclass(slots=True)
class ConvertRun:
    """Everything one convert run produced, in output order."""

    target: TargetVersion
    sources: list[Path]
    files: list[FileOutcome]
    reference_date: date
    plugin_classes: int = 0

    def of_status(self, status: str) -> list[FileOutcome]:
        return [f for f in self.files if f.status == status]

    @property
    def requirements(self) -> list[str]:
        return sorted({r for f in self.files for r in f.requirements})

    @property
    def changes_by_codemod(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for f in self.files:
            total.update(f.changes)
        return dict(sorted(total.items()))

    @property
    def fixed_by_code(self) -> dict[str, int]:
        return dict(sorted(Counter(f.code for o in self.files for f in o.fixed).items()))


# --------------------------------------------------------------------------- discovery


def _walk(root: Path) -> Iterator[Path]:
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d not in SKIPPED_DIRS)
        for name in sorted(files):
            yield Path(directory) / name


def source_files(sources: Iterable[Path]) -> list[SourceFile]:
    """Every file of the SRC trees; with several SRCs, each goes under its own folder name."""
    roots = [Path(os.path.abspath(s)) for s in sources]
    prefix_with_name = len(roots) > 1
    found: list[SourceFile] = []
    seen: set[str] = set()
    for root in roots:
        if root.is_file():
            candidates: Iterable[Path] = [root]
            base = root.parent
        else:
            candidates = _walk(root)
            base = root
        for path in candidates:
            relative = path.relative_to(base).as_posix()
            if prefix_with_name and root.is_dir():
                relative = f"{root.name}/{relative}"
            if relative in seen:
                continue
            seen.add(relative)
            found.append(
                SourceFile(path, relative, root, path.name.endswith(".py"), "plugins" in Path(relative).parts)
            )
    found.sort(key=lambda f: f.relative)
    return found


# --------------------------------------------------------------------------- one Python file


def _encode(text: str, encoding: str, original: bytes) -> bytes:
    if original.startswith(codecs.BOM_UTF8) and encoding.replace("_", "-").lower() == "utf-8":
        return codecs.BOM_UTF8 + text.encode("utf-8")
    return text.encode(encoding)


def _finding_key(finding: Finding) -> tuple[str, str]:
    return (finding.code, finding.message)


def convert_python_file(
    relative: str, data: bytes, in_plugins: bool, target: TargetVersion, options: ConvertOptions
) -> FileOutcome:
    """The whole per-file pipeline; never raises."""
    try:
        return _convert_python_file(relative, data, in_plugins, target, options)
    except Exception as exc:  # a bug in one codemod must never stop the run
        return FileOutcome(
            relative, "python", "failed", error=f"internal error while rewriting: {type(exc).__name__}: {exc}"
        )


def _convert_python_file(
    relative: str, data: bytes, in_plugins: bool, target: TargetVersion, options: ConvertOptions
) -> FileOutcome:
    before = analyse_python_bytes(relative, data, target, in_plugins)
    decoded = decode_python(data)
    if isinstance(decoded, DecodeProblem):
        return FileOutcome(
            relative, "python", "failed", error=decoded.message, remaining=tuple(before.findings)
        )
    text, encoding = decoded
    parse_errors = [f for f in before.findings if f.code in _parse_error_codes()]
    if parse_errors:
        return FileOutcome(
            relative, "python", "failed", error=parse_errors[0].message, remaining=tuple(before.findings)
        )
    references = tuple(sorted(set(_TEMPLATE_REFERENCE.findall(text)))) if target.major >= 3 else ()
    if not any(f.fixable for f in before.findings):
        return FileOutcome(
            relative, "python", "unchanged", remaining=tuple(before.findings), template_references=references
        )
    lines = {
        line
        for f in before.findings
        if f.fixable and f.location.line
        for line in range(f.location.line, max(f.location.line, f.location.end_line) + 1)
    }
    # verify=False: the analysis of the output below parses it anyway and catches invalid code
    result = rewrite_source(text, relative, target, options, finding_lines=lines, verify=False)
    if result.error:
        return FileOutcome(
            relative, "python", "failed", error=result.error, remaining=tuple(before.findings),
            template_references=references,
        )  # fmt: skip
    references = tuple(sorted({*references, *result.template_files})) if target.major >= 3 else ()
    if not result.changed:
        return FileOutcome(
            relative, "python", "unchanged", notes=result.notes, remaining=tuple(before.findings),
            template_references=references,
        )  # fmt: skip
    new_data = _encode(result.text, encoding, data)
    after = analyse_python_bytes(relative, new_data, target, in_plugins)
    if any(f.code in _parse_error_codes() for f in after.findings):
        # never hand back code that does not compile; a bug in a codemod must not break a DAG
        return FileOutcome(
            relative, "python", "failed", error="the rewrite produced invalid Python; the file was left unchanged",
            remaining=tuple(before.findings), template_references=references,
        )  # fmt: skip
    remaining_keys = Counter(_finding_key(f) for f in after.findings)
    fixed: list[Finding] = []
    for finding in before.findings:
        key = _finding_key(finding)
        if remaining_keys[key] > 0:
            remaining_keys[key] -= 1
        else:
            fixed.append(finding)
    return FileOutcome(
        relative,
        "python",
        "changed",
        new_data=new_data,
        changes=result.changes,
        requirements=result.requirements,
        notes=result.notes,
        fixed=tuple(fixed),
        remaining=tuple(after.findings),
        template_references=references,
    )


@functools.cache
def _parse_error_codes() -> frozenset[str]:
    from migrator.rules.input.python2_syntax import Python2Syntax
    from migrator.rules.input.syntax_error import SyntaxErrorRule

    return frozenset({Python2Syntax.code, SyntaxErrorRule.code})


PythonJob = tuple[str, str, bool, TargetVersion, ConvertOptions]


def _python_job(job: PythonJob) -> FileOutcome:
    relative, path, in_plugins, target, options = job
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            return FileOutcome(
                relative,
                "python",
                "failed",
                error=f"{size // 1024} KiB is over the size limit; copied unchanged",
            )
        data = Path(path).read_bytes()
    except OSError as exc:
        return FileOutcome(relative, "python", "failed", error=f"cannot read the file ({exc.strerror})")
    return convert_python_file(relative, data, in_plugins, target, options)


def _run_jobs(jobs: list[PythonJob], workers: int) -> Iterator[FileOutcome]:
    if workers <= 1 or len(jobs) < POOL_THRESHOLD:
        yield from map(_python_job, jobs)
        return
    import multiprocessing

    method = "fork" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(method)
    all_codemods()  # import every codemod and table before forking, so children share them
    import gc

    gc.freeze()  # the children's garbage collector then leaves the shared pages alone (no copy-on-write)
    chunk = max(4, min(32, len(jobs) // (workers * 8) or 1))
    try:
        with context.Pool(workers) as pool:
            yield from pool.imap_unordered(_python_job, jobs, chunksize=chunk)
    finally:
        gc.unfreeze()


# --------------------------------------------------------------------------- template files


def convert_template_text(text: str, target: TargetVersion) -> tuple[str, list[str]]:
    """A .sql/.sh template with the removed context variables replaced (Airflow 3 targets)."""
    variables = {
        name: variable.jinja
        for name, variable in removed_context_variables().items()
        if variable.jinja and variable.lifecycle.status(target) is Status.REMOVED
    }
    attributes = {
        (owner, attribute.name): attribute.jinja
        for attribute in removed_context_attributes()
        if attribute.jinja and attribute.lifecycle.status(target) is Status.REMOVED
        for owner in attribute.owners
    }
    if not variables or not mentions(text, variables.keys() | {name for _, name in attributes}):
        return text, []
    return replace_variables(text, variables, attributes)


def _template_targets(
    outcomes: list[FileOutcome], by_relative: dict[str, SourceFile]
) -> dict[str, list[str]]:
    """Template file (relative) -> the DAG files that name it, for files present in the SRC trees."""
    wanted: dict[str, list[str]] = {}
    for outcome in outcomes:
        if not outcome.template_references:
            continue
        folder = Path(outcome.relative).parent
        for reference in outcome.template_references:
            if reference.startswith("/"):
                continue
            candidate = os.path.normpath((folder / reference).as_posix()).replace(os.sep, "/")
            if candidate in by_relative and not by_relative[candidate].is_python:
                wanted.setdefault(candidate, []).append(outcome.relative)
    return wanted


def _convert_template(source: SourceFile, target: TargetVersion) -> FileOutcome:
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        return FileOutcome(
            source.relative, "template", "failed", error=f"cannot read the file ({exc.strerror})"
        )
    decoded = decode_text(data)
    if isinstance(decoded, DecodeProblem):
        return FileOutcome(source.relative, "template", "failed", error=decoded.message)
    text = decoded[0]
    new_text, replaced = convert_template_text(text, target)
    if not replaced:
        return FileOutcome(source.relative, "template", "unchanged")
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    return FileOutcome(
        source.relative, "template", "changed", new_data=bom + new_text.encode("utf-8"),
        changes={"context-variables": len(replaced)},
    )  # fmt: skip


# --------------------------------------------------------------------------- the run

Progress = Callable[[int, int], None]


def convert(
    sources: list[Path],
    target: TargetVersion,
    *,
    reference_date: date,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> ConvertRun:
    """Decide the new content of every file of the SRC trees (nothing is written here)."""
    files = source_files(sources)
    by_relative = {f.relative: f for f in files}
    plugins: PluginIndex = build_plugin_index(f.path for f in files if f.is_python and f.in_plugins)
    options = ConvertOptions(reference_date=reference_date, plugins=plugins if len(plugins) else None)
    python_jobs: list[PythonJob] = [
        (f.relative, str(f.path), f.in_plugins, target, options) for f in files if f.is_python
    ]
    outcomes: dict[str, FileOutcome] = {}
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    total = len(python_jobs)
    for count, outcome in enumerate(_run_jobs(python_jobs, workers), start=1):
        outcomes[outcome.relative] = outcome
        if progress and (count % 200 == 0 or count == total):
            progress(count, total)
    for template, _users in sorted(_template_targets(list(outcomes.values()), by_relative).items()):
        outcomes[template] = _convert_template(by_relative[template], target)
    for f in files:
        if f.relative not in outcomes:
            outcomes[f.relative] = FileOutcome(f.relative, "other", "unchanged")
    ordered = [outcomes[f.relative] for f in files]
    return ConvertRun(target, sources, ordered, reference_date, plugin_classes=len(plugins))


def unified_diff(outcome: FileOutcome, original: bytes) -> str:
    """The change to one file as a unified diff (empty when it did not change)."""
    if outcome.status != "changed" or outcome.new_data is None:
        return ""
    lines = difflib.unified_diff(
        _as_text(original).splitlines(keepends=True),
        _as_text(outcome.new_data).splitlines(keepends=True),
        f"a/{outcome.relative}",
        f"b/{outcome.relative}",
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )


def _as_text(data: bytes) -> str:
    decoded = decode_python(data)
    return decoded[0] if not isinstance(decoded, DecodeProblem) else data.decode("utf-8", "replace")


def write_output(run: ConvertRun, files: list[SourceFile], out: Path) -> None:
    """Mirror the SRC trees into `out`: rewritten files with their new bytes, every other file copied."""
    by_relative = {f.relative: f for f in files}
    for outcome in run.files:
        destination = out / outcome.relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        if outcome.status == "changed" and outcome.new_data is not None:
            destination.write_bytes(outcome.new_data)
        else:
            source = by_relative[outcome.relative].path
            try:
                shutil.copyfile(source, destination)
            except OSError:
                continue


def write_in_place(run: ConvertRun, files: list[SourceFile]) -> None:
    by_relative = {f.relative: f for f in files}
    for outcome in run.files:
        if outcome.status == "changed" and outcome.new_data is not None:
            by_relative[outcome.relative].path.write_bytes(outcome.new_data)
