"""discover -> read each file once -> parse once -> every rule -> findings.

Python files are the bulk (thousands in a big DAG repo): they are hashed, looked up in the result cache,
and the misses analysed in a process pool. Everything else (cfg, env, requirements, crontabs) is a
handful of files analysed in-process. Deployment rules then look across files.
"""

from __future__ import annotations

import ast
import hashlib
import os
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from migrator.discover import DiscoveredFile, Inventory, Kind, discover
from migrator.findings import Finding, Location
from migrator.inputs.airflow_cfg import AirflowConfig, parse_airflow_cfg, parse_env_file
from migrator.inputs.dag_facts import DagFactsCollector
from migrator.inputs.python_module import PythonModule
from migrator.inputs.requirements import RequirementsFile, parse_requirements
from migrator.inputs.text import DecodeProblem, decode_python, decode_text
from migrator.knowledge.versions import TargetVersion
from migrator.rules import registry
from migrator.rules.base import ConfigRule, DeploymentRule, PythonRule, RequirementsRule, Rule
from migrator.rules.requirements.imports import import_lines

# Bigger files are generated code or data, not DAGs; reading them would dominate the run.
MAX_FILE_BYTES = 2 * 1024 * 1024
# Below this many files to analyse, a process pool costs more than it saves.
POOL_THRESHOLD = 96


@dataclass(slots=True)
class FileResult:
    """What the analysis of one file produced; cached by content hash for Python files."""

    display: str
    kind: str
    findings: list[Finding] = field(default_factory=list)
    is_dag_file: bool = False
    # (dotted module, first line) of every non-optional absolute import; `from a.b import c` is "a.b.c"
    import_lines: tuple[tuple[str, int], ...] = ()
    counts: dict[str, int] = field(default_factory=dict)  # crontab line kinds etc.
    facts: dict[str, Any] = field(default_factory=dict)  # DAG facts for plan/checklist (inputs/dag_facts.py)

    @property
    def imports(self) -> tuple[str, ...]:
        return tuple(sorted({module for module, _ in self.import_lines}))


@dataclass(slots=True)
class Deployment:
    """Everything analysed in one run; what DeploymentRules and the report read."""

    target: TargetVersion
    inputs: list[str]
    files: list[FileResult]
    configs: list[AirflowConfig]
    requirements: list[RequirementsFile]
    findings: list[Finding]
    other_files: int = 0

    def of_kind(self, *kinds: str) -> list[FileResult]:
        return [f for f in self.files if f.kind in kinds]


# --------------------------------------------------------------------------- reading


def read_bytes(entry: DiscoveredFile) -> bytes | Finding:
    from migrator.rules.input.oversized_file import OversizedFile
    from migrator.rules.input.unreadable_path import UnreadablePath

    try:
        size = entry.path.stat().st_size
        if size > MAX_FILE_BYTES:
            return OversizedFile.finding(
                Location(entry.display),
                f"{size // 1024} KiB is over the {MAX_FILE_BYTES // 1024} KiB limit; the file was not analysed",
            )
        return entry.path.read_bytes()
    except OSError as exc:
        return UnreadablePath.finding(Location(entry.display), f"file cannot be read ({exc.strerror})")


def decode_problem_finding(display: str, problem: DecodeProblem) -> Finding:
    from migrator.rules.input.binary_file import BinaryFile
    from migrator.rules.input.undecodable_file import UndecodableFile

    if problem.kind == "binary":
        return BinaryFile.finding(Location(display), problem.message)
    return UndecodableFile.finding(Location(display, problem.line, 1 if problem.line else 0), problem.message)


# --------------------------------------------------------------------------- python


class _PythonRules:
    """The Python rules, and which of them a file's text can trigger.

    Each distinct needle is searched once per file (one C-speed substring scan), not once per rule."""

    def __init__(self, rules: list[PythonRule]) -> None:
        self.rules = rules
        self.needles = sorted({n for r in rules for n in r.needles})
        self.by_needle = {n: [r for r in rules if n in r.needles] for n in self.needles}

    def active(self, text: str) -> list[PythonRule]:
        hit: set[int] = set()
        for needle in self.needles:
            if needle in text:
                hit.update(id(r) for r in self.by_needle[needle])
        return [r for r in self.rules if not r.needles or id(r) in hit]


_python_rules: _PythonRules | None = None


def python_rules() -> _PythonRules:
    global _python_rules
    if _python_rules is None:
        _python_rules = _PythonRules([r() for r in registry.all_rules() if issubclass(r, PythonRule)])
    return _python_rules


def _child_fields(cls: type[ast.AST]) -> tuple[str, ...]:
    """The fields of a node class that can hold child nodes. Expression contexts (Load/Store) and
    leaf payloads are left out: they are a third of all nodes and no rule wants them."""
    if cls in (ast.Constant, ast.Name, ast.alias, ast.Pass, ast.Break, ast.Continue, ast.Global, ast.Nonlocal):
        return ()
    return tuple(f for f in cls._fields if f != "ctx")


_CHILD_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {}


class NodeHandler(Protocol):
    """What the walk dispatches to: rules, and the DAG-facts collector."""

    node_types: tuple[type[ast.AST], ...]

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterable[Finding]: ...


def _walk(module: PythonModule, dispatch: dict[type[ast.AST], list[NodeHandler]]) -> Iterator[Finding]:
    """One pass over the tree; each node goes to the rules that asked for its type.

    Tracks whether a node runs at import time (module and class bodies, decorators, defaults) or only
    when a function is called, because parse-time rules care about the difference. Hand-rolled
    instead of ast.walk: this loop is the hottest code of a 10,000-file run."""
    fields_of = _CHILD_FIELDS
    node_base = ast.AST
    stack: list[tuple[ast.AST, bool]] = [(module.tree, True)]
    push = stack.append
    while stack:
        node, import_time = stack.pop()
        cls = node.__class__
        handlers = dispatch.get(cls)
        if handlers:
            module.import_time = import_time
            for rule in handlers:
                yield from rule.check_node(node, module)
        if cls is ast.FunctionDef or cls is ast.AsyncFunctionDef:
            for decorator in node.decorator_list:  # type: ignore[attr-defined]
                push((decorator, import_time))
            push((node.args, import_time))  # type: ignore[attr-defined]
            for stmt in node.body:  # type: ignore[attr-defined]
                push((stmt, False))
            continue
        if cls is ast.Lambda:
            push((node.args, import_time))  # type: ignore[attr-defined]
            push((node.body, False))  # type: ignore[attr-defined]
            continue
        fields = fields_of.get(cls)
        if fields is None:
            fields = fields_of[cls] = _child_fields(cls)
        for name in fields:
            value = getattr(node, name)
            if value.__class__ is list:
                for item in value:
                    if isinstance(item, node_base):
                        push((item, import_time))
            elif isinstance(value, node_base):
                push((value, import_time))


def analyse_python_text(
    display: str, text: str, target: TargetVersion, in_plugins: bool, encoding: str, airflow_ignored: bool = False
) -> FileResult:
    """A file in plugins/ or matched by .airflowignore is analysed but never counts as a DAG file:
    Airflow does not parse it for DAGs."""
    not_a_dag = in_plugins or airflow_ignored
    from migrator.rules.input.empty_file import EmptyFile
    from migrator.rules.input.python2_syntax import Python2Syntax, looks_like_python2
    from migrator.rules.input.syntax_error import SyntaxErrorRule

    result = FileResult(display, Kind.PYTHON)
    if not text.strip():
        result.findings.append(EmptyFile.finding(Location(display)))
        return result
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences etc. are not our business
            tree = ast.parse(text, filename=display)
    except (SyntaxError, ValueError) as exc:
        # A broken DAG file is still a DAG file: it must count against readiness, not vanish from it.
        lowered = text.lower()
        result.is_dag_file = not not_a_dag and "airflow" in lowered and "dag" in lowered
        line = getattr(exc, "lineno", None) or 1
        column = getattr(exc, "offset", None) or 1
        reason = getattr(exc, "msg", None) or str(exc)
        if looks_like_python2(text):
            result.findings.append(
                Python2Syntax.finding(Location(display, line, column), f"Python 2 source ({reason} at line {line})")
            )
        else:
            result.findings.append(SyntaxErrorRule.finding(Location(display, line, column), f"syntax error: {reason}"))
        return result
    module = PythonModule(display, text, tree, target, encoding=encoding, is_plugin_path=in_plugins)
    result.is_dag_file = module.looks_like_dag_file and not not_a_dag
    rules = python_rules().active(text)
    collector = DagFactsCollector(module)
    dispatch: dict[type[ast.AST], list[NodeHandler]] = {}
    handlers: list[NodeHandler] = [*rules, collector]  # type: ignore[list-item]  # ClassVar vs instance attr
    for handler in handlers:
        for node_type in handler.node_types:
            dispatch.setdefault(node_type, []).append(handler)
    findings = list(_walk(module, dispatch))
    for rule in rules:
        findings.extend(rule.check_module(module))
    result.findings = findings
    result.import_lines = import_lines(module.tree)
    if collector.facts.dags or collector.facts.tasks:
        result.facts = collector.facts.to_dict()
    return result


def analyse_python_bytes(
    display: str, data: bytes, target: TargetVersion, in_plugins: bool, airflow_ignored: bool = False
) -> FileResult:
    decoded = decode_python(data)
    if isinstance(decoded, DecodeProblem):
        lowered = data.lower()
        looks_like_dag = not (in_plugins or airflow_ignored) and b"airflow" in lowered and b"dag" in lowered
        return FileResult(display, Kind.PYTHON, [decode_problem_finding(display, decoded)], is_dag_file=looks_like_dag)
    text, encoding = decoded
    try:
        return analyse_python_text(display, text, target, in_plugins, encoding, airflow_ignored)
    except RecursionError:
        from migrator.rules.input.syntax_error import SyntaxErrorRule

        return FileResult(
            display, Kind.PYTHON, [SyntaxErrorRule.finding(Location(display), "file is nested too deeply to analyse")]
        )


PythonJob = tuple[str, str, TargetVersion, bool, bool, bool]  # display, path, target, in_plugins, ignored, want key


def _analyse_python_job(job: PythonJob) -> tuple[FileResult, str | None]:
    """Runs in a worker: read, hash (for the cache), analyse. Reading here, not in the parent,
    keeps 50 MB of source from being pickled across processes on a cold run."""
    display, path, target, in_plugins, ignored, want_key = job
    data = read_bytes(DiscoveredFile(Path(path), display, Kind.PYTHON, in_plugins, ignored))
    if isinstance(data, Finding):
        return FileResult(display, Kind.PYTHON, [data]), None
    key = cache_key(data, target, in_plugins, ignored) if want_key else None
    return analyse_python_bytes(display, data, target, in_plugins, ignored), key


# --------------------------------------------------------------------------- other inputs


def analyse_config(entry: DiscoveredFile, text: str, target: TargetVersion) -> tuple[FileResult, AirflowConfig]:
    from migrator.rules.config.malformed_config_line import MalformedConfigLine

    parse = parse_env_file if entry.kind == Kind.ENV_FILE else parse_airflow_cfg
    config = parse(text, entry.display, target=target)
    result = FileResult(entry.display, entry.kind)
    for line, problem in config.problems:
        result.findings.append(MalformedConfigLine.finding(Location(entry.display, line, 1), problem))
    for rule in registry.all_rules():
        if issubclass(rule, ConfigRule):
            result.findings.extend(rule().check_config(config))
    return result, config


def analyse_requirements(
    entry: DiscoveredFile, text: str, target: TargetVersion
) -> tuple[FileResult, RequirementsFile]:
    requirements = parse_requirements(text, entry.display, target=target)
    result = FileResult(entry.display, entry.kind)
    for rule in registry.all_rules():
        if issubclass(rule, RequirementsRule):
            result.findings.extend(rule().check_requirements(requirements))
    return result, requirements


def _overrides(rule: type[Rule], method: str) -> bool:
    return getattr(rule, method).__func__ is not getattr(Rule, method).__func__


def analyse_template(entry: DiscoveredFile, text: str, target: TargetVersion) -> FileResult:
    """A .sql/.sh/... file under dags/ or plugins/: the rules that read templates or scripts see it."""
    result = FileResult(entry.display, entry.kind)
    is_script = entry.path.suffix in (".sh", ".bash")
    for rule in registry.all_rules():
        if _overrides(rule, "check_template_file"):
            result.findings.extend(rule.check_template_file(entry.display, text, target))
        if is_script and _overrides(rule, "check_script_file"):
            result.findings.extend(rule.check_script_file(entry.display, text, target))
    return result


def analyse_crontab(entry: DiscoveredFile, text: str) -> FileResult:
    from migrator.cron.assess import assess_crontab

    findings, counts = assess_crontab(entry.display, text, entry.kind)
    return FileResult(entry.display, entry.kind, list(findings), counts=dict(counts))


# --------------------------------------------------------------------------- the run


ProgressCallback = Callable[[int, int], None]


def analyse(
    paths: Iterable[Path],
    target: TargetVersion,
    *,
    cache: ResultCacheLike | None = None,
    jobs: int | None = None,
    progress: ProgressCallback | None = None,
    cwd: Path | None = None,
) -> Deployment:
    path_list = list(paths)
    inventory = discover(path_list, cwd=cwd)
    cwd = (cwd or Path.cwd()).resolve()
    from migrator.discover import display_path

    inputs = [display_path(Path(os.path.abspath(p)), cwd) for p in path_list]
    results: list[FileResult] = []
    configs: list[AirflowConfig] = []
    requirement_files: list[RequirementsFile] = []
    results.extend(_analyse_python_files(inventory, target, cache, jobs, progress))
    for entry in inventory.files:
        if entry.kind == Kind.PYTHON:
            continue
        data = read_bytes(entry)
        if isinstance(data, Finding):
            results.append(FileResult(entry.display, entry.kind, [data]))
            continue
        decoded = decode_text(data)
        if isinstance(decoded, DecodeProblem):
            results.append(FileResult(entry.display, entry.kind, [decode_problem_finding(entry.display, decoded)]))
            continue
        text = decoded[0]
        if entry.kind in (Kind.AIRFLOW_CFG, Kind.ENV_FILE):
            result, config = analyse_config(entry, text, target)
            configs.append(config)
        elif entry.kind == Kind.REQUIREMENTS:
            result, reqs = analyse_requirements(entry, text, target)
            requirement_files.append(reqs)
        elif entry.kind == Kind.TEMPLATE:
            result = analyse_template(entry, text, target)
        else:
            result = analyse_crontab(entry, text)
        results.append(result)
    results.sort(key=lambda r: r.display)
    deployment = Deployment(target, inputs, results, configs, requirement_files, [], inventory.other_files)
    findings = list(inventory.findings)
    for result in results:
        findings.extend(result.findings)
    for rule in registry.all_rules():
        if issubclass(rule, DeploymentRule):
            findings.extend(rule().check_deployment(deployment))
    deployment.findings = sorted(set(findings), key=Finding.sort_key)
    return deployment


class ResultCacheLike:
    """Interface of migrator.cache.ResultCache (kept here so the engine does not import it)."""

    def key_for_stat(self, stat_key: tuple[int, ...]) -> str | None:
        raise NotImplementedError

    def get(self, key: str, display: str) -> FileResult | None:
        raise NotImplementedError

    def put(self, key: str, result: FileResult, stat_key: tuple[int, ...]) -> None:
        raise NotImplementedError

    def save(self) -> None:
        raise NotImplementedError


def stat_key(path: Path) -> tuple[int, ...] | None:
    """(device, inode, size, mtime_ns): when unchanged, the content hash recorded last time holds,
    so a warm run need not read the file at all."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def cache_key(data: bytes, target: TargetVersion, in_plugins: bool, airflow_ignored: bool = False) -> str:
    digest = hashlib.blake2b(data, digest_size=16)
    digest.update(f"|{target.airflow}|{int(in_plugins)}|{int(airflow_ignored)}".encode())
    return digest.hexdigest()


def _analyse_python_files(
    inventory: Inventory,
    target: TargetVersion,
    cache: ResultCacheLike | None,
    jobs: int | None,
    progress: ProgressCallback | None,
) -> list[FileResult]:
    entries = inventory.of_kind(Kind.PYTHON)
    total = len(entries)
    done: list[FileResult] = []
    pending: list[PythonJob] = []
    stat_keys: dict[str, tuple[int, ...]] = {}
    for entry in entries:
        if cache is not None:
            key_of_stat = stat_key(entry.path)
            if key_of_stat is not None:
                stat_keys[entry.display] = key_of_stat
                known = cache.key_for_stat(key_of_stat)
                cached = cache.get(known, entry.display) if known else None
                if cached is not None:
                    done.append(cached)
                    continue
        pending.append(
            (entry.display, str(entry.path), target, entry.in_plugins_folder, entry.airflow_ignored, cache is not None)
        )
    if progress:
        progress(len(done), total)
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    analysed: Iterable[tuple[FileResult, str | None]]
    if workers > 1 and len(pending) >= POOL_THRESHOLD:
        analysed = _run_pool(pending, workers)
    else:
        analysed = map(_analyse_python_job, pending)
    for count, (result, key) in enumerate(analysed, start=len(done) + 1):
        done.append(result)
        if cache is not None and key is not None and result.display in stat_keys:
            cache.put(key, result, stat_keys[result.display])
        if progress and (count % 200 == 0 or count == total):
            progress(count, total)
    if cache is not None:
        cache.save()
    return done


def _run_pool(pending: list[PythonJob], workers: int) -> Iterator[tuple[FileResult, str | None]]:
    import multiprocessing

    # fork shares the already-imported rules with the workers at no cost; elsewhere, spawn.
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(method)
    python_rules()  # instantiate before forking so children inherit it
    chunk = max(8, min(64, len(pending) // (workers * 8) or 1))
    with context.Pool(workers) as pool:
        yield from pool.imap_unordered(_analyse_python_job, pending, chunksize=chunk)
