"""One bundle run: analyse once, decide every file, verify if asked, then write the layout.

Data flows one way: engine.analyse (findings, parsed configs and requirements) -> layout (which files
go where) -> convert (new bytes) -> plugins / requirements / startup / options decisions -> rendered
texts -> optional verification -> the output folder, replaced as a whole so a run never leaves a
mix of old and new files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from migrator.bundle.constraints import Constraints, ConstraintsUnavailable, load_constraints
from migrator.bundle.dags import (
    IGNORE_FILE,
    IGNORE_OPTION,
    ConvertResult,
    IgnoreDecision,
    convert_sources,
    decide_ignored,
    default_ignore_syntax,
    ignore_syntax,
    imported_names,
    payload_of,
)
from migrator.bundle.layout import Layout, find_layout
from migrator.bundle.model import BundleOptions, Notes, Topic
from migrator.bundle.options import (
    OptionsPlan,
    SecretsConfigError,
    keep_aws_default_exclusion,
    merge_secrets_options,
    plan_options,
    read_secrets_config,
    require_plugins_loading,
    validate_options,
)
from migrator.bundle.plugins import PayloadFile, PluginsPlan, plan_plugins
from migrator.bundle.requirements import RequirementsPlan, distributions_from_findings, plan_requirements
from migrator.bundle.startup import StartupPlan, plan_startup
from migrator.bundle.verify import Verifier, VerifyResult, modules_to_import
from migrator.bundle.wheels import WheelMaker
from migrator.engine import Deployment, FileResult, analyse
from migrator.findings import Family, Finding, Severity
from migrator.knowledge.versions import TargetVersion

REQUIREMENTS = "requirements.txt"
PLUGINS_ZIP = "plugins.zip"
STARTUP = "startup.sh"
OPTIONS = "airflow_configuration_options.json"
README = "BUNDLE.md"
DAGS = "dags"
MANAGED = frozenset({REQUIREMENTS, PLUGINS_ZIP, STARTUP, OPTIONS, README, DAGS})
BUNDLE_FAMILIES = (Family.REQUIREMENTS, Family.CONFIG, Family.PLUGINS)


class BundleError(ValueError):
    """The run cannot start (bad --secrets-config, an output folder that is not a bundle)."""


@dataclass(slots=True)
class Bundle:
    """Everything one run decided; `texts`/`binaries` are the files, by name inside the output."""

    target: TargetVersion
    deployment: Deployment
    layout: Layout
    convert: ConvertResult
    constraints: Constraints | ConstraintsUnavailable
    requirements: RequirementsPlan
    plugins: PluginsPlan
    startup: StartupPlan
    options: OptionsPlan
    dags_files: list[PayloadFile]
    ignore: list[IgnoreDecision]
    ignore_syntax: tuple[str, str]
    user_ignore_lines: list[str]
    notes: Notes
    verify: VerifyResult | None = None
    texts: dict[str, str] = field(default_factory=dict)
    binaries: dict[str, bytes] = field(default_factory=dict)
    wheel_failures: int = 0

    @property
    def ignored(self) -> list[IgnoreDecision]:
        return [d for d in self.ignore if d.ignored]

    @property
    def converted_files(self) -> int:
        return sum(1 for c in self.convert.by_path.values() if c.status == "changed")

    def findings(self) -> list[Finding]:
        return [f for f in self.deployment.findings if f.family in BUNDLE_FAMILIES]

    @property
    def failed(self) -> bool:
        return bool(self.wheel_failures) or (self.verify is not None and not self.verify.ok)


def _top_names(relatives: list[str]) -> set[str]:
    names = set(relatives)
    for relative in relatives:
        first = relative.split("/", 1)[0]
        names.add(first[:-3] if first.endswith(".py") and "/" not in relative else first)
    return names


def _local_module_names(deployment: Deployment) -> set[str]:
    names: set[str] = set()
    for result in deployment.files:
        if result.kind == "python":
            parts = result.display.split("/")
            names.update(parts[:-1])
            names.add(parts[-1][:-3] if parts[-1].endswith(".py") else parts[-1])
    return names


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _payloads(
    layout: Layout, converted: ConvertResult, notes: Notes
) -> tuple[list[PayloadFile], list[PayloadFile]]:
    dags, plugins = [], []
    for source in layout.dags:
        payload = payload_of(source, converted, notes.items, "dags")
        if payload is not None:
            dags.append(payload)
    for source in layout.plugins:
        payload = payload_of(source, converted, notes.items, "plugins")
        if payload is not None:
            plugins.append(payload)
    return dags, plugins


def _conversion_sources(layout: Layout) -> list[Path]:
    sources = list(layout.sources)
    for source in layout.dags:
        if source.root not in layout.dags_roots:
            sources.append(source.path)  # a single DAG file given on the command line
    return sources


def prepare(paths: list[Path], target: TargetVersion, options: BundleOptions, *, cwd: Path | None = None,
            staging: Path) -> Bundle:  # fmt: skip
    """Decide everything (no output written); wheels and verification work inside `staging`."""
    cwd = (cwd or Path.cwd()).resolve()
    secrets: dict[str, str] | None = None
    if options.secrets_config is not None:
        try:
            secrets = read_secrets_config(options.secrets_config)
        except SecretsConfigError as exc:
            raise BundleError(str(exc)) from None
    notes = Notes()
    deployment = analyse(paths, target, cwd=cwd, jobs=options.jobs)
    layout = find_layout(paths, cwd)
    for display, problem in layout.problems:
        notes.add(Topic.DAGS, Severity.WARNING, f"{display}: {problem}", where=display)
    reference = options.reference_date or datetime.now(UTC).date()
    converted = convert_sources(_conversion_sources(layout), target, reference, options.jobs)
    if not converted.available:
        notes.add(Topic.DAGS, Severity.WARNING, f"DAG files copied unchanged: {converted.reason}")
    dags_payloads, plugin_payloads = _payloads(layout, converted, notes)
    user_ignore = next((p for p in dags_payloads if p.relative == IGNORE_FILE), None)
    dags_payloads = [p for p in dags_payloads if p.relative != IGNORE_FILE]
    plugins = plan_plugins(plugin_payloads, _top_names([p.relative for p in dags_payloads]), target)
    notes.extend(plugins.notes)

    constraints = load_constraints(target, options.constraints_file, download=options.download_constraints)
    known = constraints if isinstance(constraints, Constraints) else None
    wheels_dir = staging / "wheels"
    maker = WheelMaker(target, wheels_dir) if options.wheels else None
    bundled = {p.origin for p in [*dags_payloads, *plugin_payloads] if p.origin}
    needed = distributions_from_findings(deployment.findings, bundled)
    for path, decision in converted.by_path.items():
        display = _display(path, cwd)
        needed.extend((distribution, display, "", "") for distribution in decision.requirements)
    requirements = plan_requirements(
        deployment.requirements, target, known, base_dir=cwd, findings=deployment.findings, needed=needed,
        build_wheel=maker,
    )  # fmt: skip
    notes.extend(requirements.notes)

    code_texts = [_decode(p.data) for p in [*dags_payloads, *plugin_payloads] if p.relative.endswith(".py")]
    startup = plan_startup(requirements.startup, deployment.configs, target, code_texts)
    notes.extend(startup.notes)

    option_plan = plan_options(deployment.configs, target)
    if plugins.has_plugins:
        require_plugins_loading(option_plan)
    has_user_ignore = user_ignore is not None or any(
        PurePosixPath(p.relative).name == IGNORE_FILE for p in dags_payloads
    )
    syntax = ignore_syntax(deployment.configs, target, has_user_ignore)
    if IGNORE_OPTION not in option_plan.options and syntax[0] != default_ignore_syntax(target):
        option_plan.set(IGNORE_OPTION, syntax[0], syntax[1])
    if secrets is not None:
        merge_secrets_options(option_plan, secrets, target, str(options.secrets_config))
    keep_aws_default_exclusion(option_plan, target)
    validate_options(option_plan)
    notes.extend(option_plan.notes)

    results = {r.display: r for r in deployment.files if r.kind == "python"}
    tree = sorted([*dags_payloads, *plugins.moved], key=lambda p: p.relative)
    moved = {p.relative for p in plugins.moved}
    ignore = decide_ignored(tree, results, moved, imported_names(results.values()))
    for choice in ignore:
        if not choice.ignored and "no DAG found" in choice.why:
            notes.add(Topic.DAGS, Severity.INFO, f"dags/{choice.relative} stays visible to the DAG processor: it "
                      "mentions Airflow and DAGs but defines no DAG we can see (a DAG factory?); add it to "
                      ".airflowignore if it is a helper", where=choice.relative)  # fmt: skip
    user_lines = _decode(user_ignore.data).splitlines() if user_ignore is not None else []
    if converted.available and converted.by_path:
        changed = sum(1 for c in converted.by_path.values() if c.status == "changed")
        notes.add(Topic.DAGS, Severity.INFO, f"convert rewrote {changed} file(s) for Airflow {target.airflow} "
                  f"(days_ago evaluated on {reference.isoformat()})")  # fmt: skip
    return Bundle(
        target, deployment, layout, converted, constraints, requirements, plugins, startup, option_plan, tree, ignore,
        syntax, user_lines, notes, wheel_failures=requirements.wheel_failures,
    )  # fmt: skip


def _display(path: Path, cwd: Path) -> str:
    from migrator.discover import display_path

    return display_path(path, cwd)


def run_verification(bundle: Bundle, staging: Path) -> VerifyResult:
    results: list[FileResult] = [
        r for r in bundle.deployment.files
        if r.kind == "python" and r.display in {p.origin for p in bundle.dags_files} | {p.origin for p in bundle.plugins.zip_files}
    ]  # fmt: skip
    modules, skipped = modules_to_import(results, _local_module_names(bundle.deployment), bundle.target)
    if isinstance(bundle.constraints, Constraints):
        path: Path | None = bundle.constraints.local_path
        label = bundle.constraints.location
    else:
        path, label = None, f"none ({bundle.constraints.reason})"
    verifier = Verifier(bundle.target)
    return verifier.run(bundle.texts[REQUIREMENTS], path, label, staging / "wheels", modules, skipped)


def plugins_zip_files(bundle: Bundle) -> list[PayloadFile]:
    files = list(bundle.plugins.zip_files)
    for wheel in bundle.requirements.wheels:
        if not any(p.relative == wheel.filename for p in files):
            files.append(PayloadFile(wheel.filename, wheel.path.read_bytes(), origin="(wheel)"))
    return sorted(files, key=lambda p: p.relative)


def check_output_folder(out: Path, sources: list[Path]) -> None:
    """Refuse an --out inside a SRC (a later run would read it), one containing a SRC (it is replaced),
    and an existing folder that holds anything but a previous bundle."""
    resolved = out.resolve()
    for source in sources:
        root = source.resolve()
        if resolved == root or root in resolved.parents:
            raise BundleError(f"--out {out} is inside the source {source}; choose a folder outside it")
        if resolved in root.parents:
            raise BundleError(f"--out {out} contains the source {source}; choose a folder outside it")
    if out.exists():
        if not out.is_dir():
            raise BundleError(f"--out {out} exists and is not a folder")
        foreign = sorted(p.name for p in out.iterdir() if p.name not in MANAGED)
        if foreign:
            raise BundleError(f"--out {out} holds files that are not part of a bundle ({', '.join(foreign[:3])}); "
                              "choose an empty or new folder")  # fmt: skip


def write_bundle(bundle: Bundle, out: Path) -> list[str]:
    """Write the files into a sibling folder, then swap it in for `out`. Returns the names written."""
    out = Path(os.path.abspath(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for payload in bundle.dags_files:
            destination = fresh / DAGS / PurePosixPath(payload.relative)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(payload.data)
        (fresh / DAGS).mkdir(exist_ok=True)
        for name, text in bundle.texts.items():
            destination = fresh / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_text(text, encoding="utf-8", newline="\n")
        for name, data in bundle.binaries.items():
            (fresh / name).write_bytes(data)
        fresh.chmod(0o755)
        if (fresh / STARTUP).exists():
            (fresh / STARTUP).chmod(0o755)
        if out.exists():
            shutil.rmtree(out)
        os.replace(fresh, out)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    written = [f"{DAGS}/", *sorted(n for n in [*bundle.texts, *bundle.binaries] if "/" not in n)]
    return written
