"""requirements.txt for MWAA: the user's lines with every change explained by a comment above it.

Decisions, each from a knowledge table or a finding the rules already made:
* `apache-airflow` goes (MWAA701); what its extras installed comes back as distributions;
* packages MWAA pins itself go (MWAA702); Python 2 packages go (MWAA706);
* with Airflow's constraints known, a pin the constraints contradict is relaxed to the bare name
  (pip would refuse the file); without them, nothing is relaxed and BUNDLE.md says so;
* native packages get their remedy (`mwaa_packages.native_package`): startup.sh lines, a swap, a
  wheel in plugins.zip (--wheels), or a commented-out line when pip could only fail;
* VCS, URL and local-path lines (MWAA705) become wheels in plugins.zip with --wheels, else stay (VCS
  and URL without credentials) or are commented out (local paths, lines with credentials, MWAA711);
* distributions the DAGs import but nothing installs (MWAA709 and the import rules' `distribution`
  data, convert's requirements) are added, never guessed from a bare module name.
Nothing here touches the network: wheels come from the `build_wheel` callback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from migrator.bundle.constraints import Constraints
from migrator.bundle.model import Note, Topic
from migrator.findings import Family, Finding, Severity
from migrator.inputs.requirements import RequirementLine, RequirementsFile, mask_requirement_text
from migrator.knowledge import import_distributions, mwaa_packages, symbols
from migrator.knowledge.mwaa_packages import NativePackage, RemedyKind
from migrator.knowledge.versions import TargetVersion

NativeLookup = Callable[[str], NativePackage | None]
_COMMENT_PREFIX = "mwaa-migrator:"
# requirements files that are for developers, not for the Airflow workers
_DEV_NAME = re.compile(
    r"(^|[-_.])(dev|develop|test|tests|testing|lint|docs?|ci|local)([-_.]|$)", re.IGNORECASE
)
_PROVIDER_PREFIX = "apache-airflow-providers-"


@dataclass(frozen=True, slots=True)
class OutLine:
    """One line of the output and the explanation written above it ("" text: a comment only)."""

    text: str
    comments: tuple[str, ...] = ()


@dataclass(slots=True)
class Block:
    title: str
    lines: list[OutLine] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Change:
    """One change to the user's requirements, for BUNDLE.md (texts are masked)."""

    where: str
    before: str
    after: str
    why: str
    codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StartupStep:
    """Commands startup.sh runs for one package, on the components that need them."""

    package: str
    commands: tuple[str, ...]
    components: tuple[str, ...]
    library: str
    source: str


@dataclass(frozen=True, slots=True)
class WheelRequest:
    """A wheel to put in plugins.zip. `argument` may hold a credential: pip gets it, nobody sees it."""

    key: str
    kind: str  # "build" (pip wheel of a path, URL or VCS line) | "download" (a binary wheel from the index)
    argument: str
    shown: str
    base_dir: Path | None = None


@dataclass(frozen=True, slots=True)
class BuiltWheel:
    key: str
    path: Path
    name: str  # canonical distribution name
    version: str

    @property
    def filename(self) -> str:
        return self.path.name


WheelBuilder = Callable[[WheelRequest], "BuiltWheel | str"]


@dataclass(slots=True)
class RequirementsPlan:
    blocks: list[Block] = field(default_factory=list)
    startup: list[StartupStep] = field(default_factory=list)
    wheels: list[BuiltWheel] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    installed: dict[str, str] = field(default_factory=dict)  # canonical name -> the line as written
    inputs: list[str] = field(default_factory=list)  # requirements files read
    wheel_failures: int = 0  # wheels --wheels asked for that could not be built or downloaded

    @property
    def find_links(self) -> bool:
        return bool(self.wheels)


# --------------------------------------------------------------------------- helpers


def requirement_body(raw: str) -> str:
    """The line without its trailing comment (pip's rule: `#` at the start or after whitespace)."""
    return re.split(r"(?:^|\s+)#", raw, maxsplit=1)[0].strip()


def _render(name: str, extras: tuple[str, ...], specifier: str = "", marker: str = "") -> str:
    text = name + (f"[{','.join(extras)}]" if extras else "") + specifier
    return f"{text}; {marker}" if marker else text


def _allows(specifier: str, version: str) -> bool:
    if not specifier:
        return True
    try:
        return SpecifierSet(specifier).contains(version, prereleases=True)
    except InvalidSpecifier:
        return False


def _has_credentials(text: str) -> bool:
    return mask_requirement_text(text) != text


def is_dev_requirements(path: str) -> bool:
    name = Path(path).name
    stem = name[: -len(".txt")] if name.endswith(".txt") else name
    return bool(_DEV_NAME.search(stem.replace("requirements", "")))


def _codes_by_line(findings: Iterable[Finding]) -> dict[tuple[str, int], tuple[str, ...]]:
    found: dict[tuple[str, int], set[str]] = {}
    for finding in findings:
        if finding.family is Family.REQUIREMENTS and finding.location.line:
            found.setdefault((finding.location.path, finding.location.line), set()).add(finding.code)
    return {key: tuple(sorted(codes)) for key, codes in found.items()}


def _cite(codes: Iterable[str]) -> str:
    ordered = sorted(set(codes))
    return f" ({', '.join(ordered)})" if ordered else ""


# --------------------------------------------------------------------------- the planner


@dataclass(slots=True)
class _Wanted:
    """A distribution the DAGs need, with why."""

    files: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    modules: set[str] = field(default_factory=set)
    listed_mapping: bool = False  # the import table names it (not a guess from the module name)
    extra_of: str = ""  # came from apache-airflow[extra] on this line


class RequirementsPlanner:
    """One pass over the deployment's requirements files, then the distributions to add."""

    def __init__(
        self,
        target: TargetVersion,
        constraints: Constraints | None,
        *,
        base_dir: Path,
        findings: Iterable[Finding] = (),
        build_wheel: WheelBuilder | None = None,
        native_lookup: NativeLookup = mwaa_packages.native_package,
    ) -> None:
        self.target = target
        self.constraints = constraints
        self.base_dir = base_dir
        self.codes = _codes_by_line(findings)
        self.build_wheel = build_wheel
        self.native_lookup = native_lookup
        self.plan = RequirementsPlan()
        self.first_seen: dict[str, tuple[str, str]] = {}  # name -> (where, rendered)
        self.wanted: dict[str, _Wanted] = {}
        self.startup_seen: set[tuple[str, tuple[str, ...]]] = set()

    # ----------------------------------------------------------------- output helpers

    def _note(
        self, severity: Severity, message: str, where: str, codes: Iterable[str] = (), source: str = ""
    ) -> None:
        self.plan.notes.append(
            Note(Topic.REQUIREMENTS, severity, message, tuple(sorted(set(codes))), where, source)
        )

    def _change(self, where: str, before: str, after: str, why: str, codes: Iterable[str]) -> None:
        self.plan.changes.append(
            Change(where, requirement_body(before), after, why, tuple(sorted(set(codes))))
        )

    @staticmethod
    def _explain(*texts: str) -> tuple[str, ...]:
        return tuple(f"{_COMMENT_PREFIX} {t}" for t in texts)

    def _keep(self, block: Block, text: str, name: str, *explanations: str) -> None:
        block.lines.append(OutLine(text, self._explain(*explanations)))
        if name:
            self.plan.installed.setdefault(name, text)

    def _comment_out(self, block: Block, shown: str, *explanations: str) -> None:
        block.lines.append(OutLine(f"# {shown}", self._explain(*explanations)))

    def _drop(self, block: Block, *explanations: str) -> None:
        block.lines.append(OutLine("", self._explain(*explanations)))

    # ----------------------------------------------------------------- files

    def add_files(self, files: list[RequirementsFile]) -> None:
        by_path = {f.path: f for f in files}
        included = self._included_paths(files)
        for requirements in sorted(files, key=lambda f: f.path):
            if is_dev_requirements(requirements.path) and requirements.path not in included:
                self._note(
                    Severity.INFO,
                    f"{requirements.path} looks like a developer requirements file; not "
                    "installed on MWAA (name it in another file with -r to include it)",
                    requirements.path,
                )
                continue
            self.plan.inputs.append(requirements.path)
            block = Block(f"from {requirements.path}")
            for line in requirements.lines:
                self._line(requirements, line, block, by_path)
            self.plan.blocks.append(block)

    def _included_paths(self, files: list[RequirementsFile]) -> set[str]:
        names = {f.path for f in files}
        included: set[str] = set()
        for requirements in files:
            for line in requirements.lines:
                if line.option == "--requirement":
                    target = self._resolve_include(requirements.path, line.argument)
                    if target in names:
                        included.add(target)
        return included

    def _resolve_include(self, including: str, argument: str) -> str:
        """The display path (as the engine names files) of an -r/-c argument relative to its file."""
        argument = argument.strip().strip("\"'")
        folder = Path(including).parent
        return (folder / argument).as_posix() if not Path(argument).is_absolute() else argument

    def _line(self, requirements: RequirementsFile, line: RequirementLine, block: Block,
              by_path: dict[str, RequirementsFile]) -> None:  # fmt: skip
        where = f"{requirements.path}:{line.line}"
        codes = self.codes.get((requirements.path, line.line), ())
        shown = line.shown
        if line.kind == "comment":
            block.lines.append(OutLine(shown))
            return
        if line.kind == "invalid":
            why = f"pip cannot read this line: {line.error}"
            self._comment_out(block, shown, f"commented out{_cite(codes)}: {why}")
            self._change(where, shown, "(commented out)", why, codes)
            self._note(
                Severity.WARNING, f"unreadable requirement line commented out: {line.error}", where, codes
            )
            return
        if line.kind == "option":
            self._option(requirements, line, block, by_path, where, codes)
            return
        if line.kind in {"vcs", "url", "path", "editable"}:
            self._remote_or_local(requirements, line, block, where, codes)
            return
        self._requirement(line, block, where, codes)

    # ----------------------------------------------------------------- options

    def _option(self, requirements: RequirementsFile, line: RequirementLine, block: Block,
                by_path: dict[str, RequirementsFile], where: str, codes: tuple[str, ...]) -> None:  # fmt: skip
        from migrator.rules.requirements.common import PIP_FILE_OPTIONS

        option, shown = line.option, line.shown
        if option == "--constraint":
            why = f"replaced by the constraints of Airflow {self.target.airflow} / Python {self.target.python} at the top"
            self._drop(block, f"dropped `{shown}`{_cite(codes)}: {why}")
            self._change(where, shown, "(removed)", why, codes)
            return
        if option == "--requirement":
            included = self._resolve_include(requirements.path, line.argument)
            if included in by_path:
                self._drop(block, f"`{shown}`: its lines are included below, under `from {included}`")
                return
            why = "the file is not part of the deployment given to bundle, and MWAA only receives requirements.txt"
            self._comment_out(block, shown, f"commented out{_cite(codes)}: {why}")
            self._change(where, shown, "(commented out)", why, codes)
            self._note(Severity.WARNING, f"`{shown}` names a file that was not found; its requirements are missing",
                       where, codes)  # fmt: skip
            return
        if option in {"--require-hashes"} or line.raw.lstrip().startswith("--hash"):
            why = "hash-checking mode cannot work with versions chosen by Airflow's constraints"
            self._drop(block, f"dropped `{shown}`: {why}")
            self._change(where, shown, "(removed)", why, codes)
            return
        if option == "--no-index":
            why = ("MWAA installs from PyPI plus the wheels in plugins.zip; --no-index would hide PyPI "
                   "(keep it only if every package ships as a wheel in plugins.zip)")  # fmt: skip
            self._comment_out(block, shown, f"commented out: {why}")
            self._change(where, shown, "(commented out)", why, codes)
            return
        if option not in PIP_FILE_OPTIONS:
            why = f"pip does not accept the option {option} in a requirements file"
            self._comment_out(block, shown, f"commented out{_cite(codes)}: {why}")
            self._change(where, shown, "(commented out)", why, codes)
            return
        if _has_credentials(line.raw):
            why = ("the URL carries a credential, which must not sit in a file in S3: put it in an MWAA "
                   "configuration option (e.g. `foo.token`) and write `${AIRFLOW__FOO__TOKEN}` in the URL")  # fmt: skip
            self._comment_out(block, shown, f"commented out{_cite(codes)}: {why}")
            self._change(where, shown, "(commented out)", why, codes)
            self._note(Severity.BLOCKER, f"{option} line with a credential commented out; the index it names "
                       "is not used until you restore it without the secret", where, codes)  # fmt: skip
            return
        if (
            option == "--find-links"
            and not mwaa_packages.is_mwaa_path(line.argument)
            and "://" not in line.argument
        ):
            why = "a folder of the old machines, which MWAA does not have (ship wheels in plugins.zip: --wheels)"
            self._comment_out(block, shown, f"commented out{_cite(codes)}: {why}")
            self._change(where, shown, "(commented out)", why, codes)
            return
        self._keep(block, shown, "")

    # ----------------------------------------------------------------- VCS, URL, paths

    def _remote_or_local(self, requirements: RequirementsFile, line: RequirementLine, block: Block, where: str,
                         codes: tuple[str, ...]) -> None:  # fmt: skip
        shown = line.shown
        credentials = _has_credentials(line.raw)
        label = line.name or line.shown_argument
        if not line.applies_to(self.target):
            self._keep(block, shown, "")
            return
        if self.build_wheel is not None:
            base = (self.base_dir / requirements.path).parent
            request = WheelRequest(where, "build", line.argument, line.shown_argument, base)
            built = self.build_wheel(request)
            if isinstance(built, BuiltWheel):
                text = f"{built.name}=={built.version}"
                self.plan.wheels.append(built)
                why = f"built as {built.filename}, shipped in plugins.zip and found with --find-links"
                self._keep(block, text, built.name, f"was `{shown}`{_cite(codes)}: {why}")
                self._change(where, shown, text, why, codes)
                self._note(Severity.INFO, f"{label}: {why}", where, codes)
                return
            self.plan.wheel_failures += 1
            self._note(Severity.WARNING, f"{label}: no wheel could be built ({built})", where, codes)
        if line.kind in {"vcs", "url"} and not credentials:
            self._keep(block, shown, line.name,
                       f"kept{_cite(codes)}: the scheduler, workers and web server must reach this host at every "
                       "start (a private web server cannot); --wheels ships it in plugins.zip instead")  # fmt: skip
            return
        if credentials:
            why = ("the URL carries a credential, which must not sit in a file in S3; ship the package as a "
                   "wheel (--wheels) or use `${AIRFLOW__SECTION__KEY}` from an MWAA configuration option")  # fmt: skip
        elif line.kind == "editable":
            why = "an editable install of a local folder; MWAA has no such folder (ship a wheel: --wheels)"
        else:
            why = "a local path of the old machines; MWAA has no such path (ship a wheel: --wheels)"
        self._comment_out(block, shown, f"commented out{_cite(codes)}: {why}")
        self._change(where, requirement_body(shown), "(commented out)", why, codes)
        self._note(Severity.BLOCKER, f"{label} is not installed on MWAA: {why}", where, codes)

    # ----------------------------------------------------------------- requirements

    def _requirement(self, line: RequirementLine, block: Block, where: str, codes: tuple[str, ...]) -> None:
        shown, name = line.shown, line.name
        body = requirement_body(shown)
        if not line.applies_to(self.target):
            self._keep(block, shown, "")
            return
        if mwaa_packages.is_airflow(name):
            self._airflow(line, block, where, codes)
            return
        essential = mwaa_packages.essential_pin(name, self.target)
        if essential is not None:
            why = f"MWAA pins {name}=={essential} itself; any other pin makes pip fail"
            self._drop(block, f"dropped `{body}`{_cite(codes)}: {why}")
            self._change(where, body, "(removed)", why, codes)
            return
        python2 = mwaa_packages.python2_package(name)
        if python2 is not None:
            if python2.kind == "python2-only":
                why = f"Python 2 only ({python2.evidence}); use {python2.replacement}"
                self._comment_out(block, shown, f"commented out{_cite(codes)}: {why}")
                self._note(Severity.BLOCKER, f"{name} is Python 2 only and was commented out; use "
                           f"{python2.replacement}", where, codes, python2.source)  # fmt: skip
            else:
                why = f"a backport of {python2.replacement}, which Python {self.target.python} has"
                self._drop(block, f"dropped `{body}`{_cite(codes)}: {why}")
            self._change(where, body, "(removed)", why, codes)
            return
        if name in self.first_seen:
            first_where, first_text = self.first_seen[name]
            why = f"{name} is already listed at {first_where} (`{first_text}`); two lines for one package must agree or pip fails"
            self._comment_out(block, shown, f"commented out: {why}")
            self._change(where, body, "(commented out)", why, codes)
            return
        text = shown if not line.hashed else _render(name, line.extras, line.specifier, line.marker)
        explanations: list[str] = []
        if line.hashed:
            explanations.append(
                "--hash removed: hash-checking mode cannot work with versions chosen by the constraints"
            )
        pin = self.constraints.pin(name) if self.constraints else None
        shipped = None if self.constraints else mwaa_packages.preinstalled(self.target).get(name)
        if pin is not None and not _allows(line.specifier, pin):
            text = _render(name, line.extras, "", line.marker)
            why = (f"Airflow {self.target.airflow}'s constraints pin {name}=={pin}, which `{line.specifier}` "
                   "excludes, and pip cannot satisfy both: the constraints decide")  # fmt: skip
            explanations.append(f"was `{body}`{_cite(codes)}: {why}")
            self._change(where, body, text, why, codes)
        elif shipped is not None and not _allows(line.specifier, shipped):
            # Without the constraints file, MWAA's own package list is the best evidence of what they
            # pin: the image was built with them. Keeping the pin would replace a package Airflow uses.
            text = _render(name, line.extras, "", line.marker)
            why = (f"MWAA {self.target.airflow} ships {name}=={shipped}, which `{line.specifier}` excludes; "
                   "your pin would replace the version the image's Airflow runs with (and Airflow's "
                   "constraints, not checked here, almost surely pin the shipped one)")  # fmt: skip
            explanations.append(f"was `{body}`{_cite(codes)}: {why}")
            self._change(where, body, text, why, codes)
        self.first_seen[name] = (where, requirement_body(text))
        self._native(name, text, block, where, codes, explanations, body)

    def _airflow(self, line: RequirementLine, block: Block, where: str, codes: tuple[str, ...]) -> None:
        shown = requirement_body(line.shown)
        why = f"MWAA installs Apache Airflow {self.target.airflow} itself"
        added = []
        for extra in line.extras:
            for distribution in mwaa_packages.airflow_extra_distributions(extra):
                wanted = self.wanted.setdefault(distribution, _Wanted(listed_mapping=True))
                wanted.extra_of = wanted.extra_of or f"apache-airflow[{extra}]"
                wanted.codes.update(codes)
                wanted.files.add(where)
                added.append(distribution)
        if added:
            why += "; what its extras installed is added at the end (when MWAA does not ship it)"
        self._drop(block, f"dropped `{shown}`{_cite(codes)}: {why}")
        self._change(where, shown, "(removed)", why, codes)

    # ----------------------------------------------------------------- native packages

    def _native(self, name: str, text: str, block: Block, where: str, codes: tuple[str, ...],
                explanations: list[str], shown: str) -> None:  # fmt: skip
        native = self.native_lookup(name)
        if native is None:
            self._keep(block, text, name, *explanations)
            return
        cite = _cite(codes)
        severity = Severity.parse(native.severity)
        if native.kind is RemedyKind.STARTUP_SCRIPT and native.bundle_can_fix and native.startup_lines:
            self._startup(name, native)
            explanations.append(f"needs {native.library}: startup.sh installs it{cite} ({native.source})")
            self._keep(block, text, name, *explanations)
            self._note(Severity.INFO, f"{name}: startup.sh runs `{'; '.join(native.startup_lines)}`", where, codes,
                       native.source)  # fmt: skip
            return
        if (
            native.kind is RemedyKind.PACKAGE_SWAP
            and native.bundle_can_fix
            and native.replacement
            and not native.code_change
        ):
            replacement = canonicalize_name(native.replacement)
            why = f"{name} needs {native.library}; {replacement} works without it"
            explanations.append(f"was `{shown}`{cite}: {why} ({native.source})")
            self._change(where, shown, replacement, why, codes)
            self._note(
                Severity.INFO,
                f"{name} replaced by {replacement}: {native.remedy}",
                where,
                codes,
                native.source,
            )
            if replacement in self.first_seen or replacement in self.plan.installed:
                self._drop(block, *explanations, f"{replacement} is already listed")
                return
            self.first_seen[replacement] = (where, replacement)
            self._keep(block, replacement, replacement, *explanations)
            return
        if native.kind is RemedyKind.PLUGINS_WHEEL and self.build_wheel is not None:
            request = WheelRequest(where, "download", text, text)
            built = self.build_wheel(request)
            if isinstance(built, BuiltWheel):
                pinned = f"{built.name}=={built.version}"
                why = f"needs {native.library}; its binary wheel {built.filename} is shipped in plugins.zip"
                self.plan.wheels.append(built)
                explanations.append(f"was `{text}`{cite}: {why} ({native.source})")
                self._change(where, shown, pinned, why, codes)
                self._keep(block, pinned, name, *explanations)
                self._note(Severity.INFO, f"{name}: {why}", where, codes, native.source)
                return
            self.plan.wheel_failures += 1
            self._note(
                Severity.WARNING, f"{name}: no binary wheel could be downloaded ({built})", where, codes
            )
        # Not fixable here: say what to do; a line pip can only fail on is commented out, because one
        # failing package fails the whole install.
        if native.when == "install" and native.kind in {RemedyKind.RUN_ELSEWHERE, RemedyKind.PACKAGE_SWAP}:
            why = f"pip cannot install it on MWAA: it needs {native.library}"
            self._comment_out(block, shown, *explanations, f"commented out{cite}: {why}. {native.remedy}")
            self._change(where, shown, "(commented out)", why, codes)
            self._note(
                Severity.BLOCKER, f"{name} commented out: {native.remedy}", where, codes, native.source
            )
            return
        hint = (
            " (run bundle with --wheels to ship a wheel)" if native.kind is RemedyKind.PLUGINS_WHEEL else ""
        )
        explanations.append(f"needs attention{cite}: {native.remedy}{hint}")
        self._keep(block, text, name, *explanations)
        self._note(
            severity, f"{name} needs {native.library}: {native.remedy}{hint}", where, codes, native.source
        )

    def _startup(self, name: str, native: NativePackage) -> None:
        key = (name, native.startup_lines)
        if key in self.startup_seen:
            return
        self.startup_seen.add(key)
        self.plan.startup.append(
            StartupStep(name, native.startup_lines, native.components, native.library, native.source)
        )

    # ----------------------------------------------------------------- additions

    def want(self, distribution: str, *, where: str, code: str = "", module: str = "") -> None:
        """A distribution some DAG or plugin code needs (from a finding or the convert run)."""
        wanted = self.wanted.setdefault(canonicalize_name(distribution), _Wanted())
        wanted.files.add(where)
        if code:
            wanted.codes.add(code)
        if module:
            wanted.modules.add(module)
            if import_distributions.is_listed(module):
                wanted.listed_mapping = True
        elif distribution.startswith(_PROVIDER_PREFIX):
            wanted.listed_mapping = True

    def add_wanted(self) -> None:
        block = Block("added by mwaa-migrator")
        shipped = mwaa_packages.preinstalled(self.target)
        for distribution in sorted(self.wanted):
            wanted = self.wanted[distribution]
            if (distribution in self.plan.installed or distribution in self.first_seen
                    or mwaa_packages.is_airflow(distribution) or distribution in shipped
                    or mwaa_packages.essential_pin(distribution, self.target) is not None):  # fmt: skip
                continue
            files = sorted(wanted.files)
            shown_files = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
            codes = tuple(sorted(wanted.codes))
            if symbols.is_retired_provider(distribution):
                self._note(Severity.WARNING, f"{distribution} is needed by {shown_files} but has no release for "
                           f"Airflow {self.target.airflow} (a retired provider); rewrite that code", files[0], codes)  # fmt: skip
                continue
            in_constraints = self.constraints is not None and self.constraints.pin(distribution) is not None
            if not wanted.listed_mapping and not in_constraints:
                modules = ", ".join(sorted(wanted.modules)) or distribution
                self._note(Severity.WARNING, f"`{modules}` is imported by {shown_files} but nothing installs it; "
                           f"not added, because `{distribution}` is only a guess from the module name: add the "
                           "right distribution to your requirements", files[0], codes)  # fmt: skip
                continue
            reason = f"from {wanted.extra_of}" if wanted.extra_of else f"imported by {shown_files}"
            self.first_seen[distribution] = ("added", distribution)
            self._native(distribution, distribution, block, "added", codes,
                         [f"added{_cite(codes)}: {reason}"], distribution)  # fmt: skip
            self._change("added", "", distribution, reason, codes)
        if block.lines:
            self.plan.blocks.append(block)


def distributions_from_findings(
    findings: Iterable[Finding], bundled_files: set[str]
) -> list[tuple[str, str, str, str]]:
    """(distribution, file, code, module) the rules say the bundled Python files need.

    The import rules attach the provider a moved name needs (`distribution`), MWAA709 the package an
    import needs; both only for files that go into the bundle."""
    found: list[tuple[str, str, str, str]] = []
    for finding in findings:
        if finding.location.path not in bundled_files:
            continue
        if finding.family not in (Family.IMPORTS, Family.REQUIREMENTS, Family.PLUGINS, Family.EXECUTOR):
            continue
        distribution = finding.detail("distribution")
        if not distribution:
            continue
        module = finding.detail("module") or ""
        found.append((distribution, finding.location.path, finding.code, module))
    return sorted(set(found))


def plan_requirements(
    files: list[RequirementsFile],
    target: TargetVersion,
    constraints: Constraints | None,
    *,
    base_dir: Path,
    findings: Iterable[Finding] = (),
    needed: Iterable[tuple[str, str, str, str]] = (),
    build_wheel: WheelBuilder | None = None,
    native_lookup: NativeLookup = mwaa_packages.native_package,
) -> RequirementsPlan:
    """The whole requirements.txt decision for `files` plus the `needed` distributions."""
    planner = RequirementsPlanner(target, constraints, base_dir=base_dir, findings=findings,
                                  build_wheel=build_wheel, native_lookup=native_lookup)  # fmt: skip
    planner.add_files(files)
    for distribution, where, code, module in needed:
        planner.want(distribution, where=where, code=code, module=module)
    planner.add_wanted()
    plan = planner.plan
    plan.notes.sort(key=Note.sort_key)
    return plan
