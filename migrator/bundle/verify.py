"""--verify: install the generated requirements.txt the way MWAA does, in a throwaway virtualenv of
the target's Python, and import what the DAGs import.

1. resolve: `pip install --dry-run --report` with Airflow's constraints for the target (the local copy
   of the file requirements.txt names) and MWAA's essential constraints, which MWAA's
   `safe-pip-install` adds to every install; conflicts are listed, those with MWAA's pins first;
2. compare the resolved set with MWAA's image: packages it would replace, sdists that need a compiler;
3. install for real and import every module the DAGs import that MWAA's image does not ship (one
   interpreter per module, so one crash cannot hide the others).
Nothing is cached: the environment is deleted afterwards.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from migrator.airflow_env import airflow_environ
from migrator.bundle.interpreters import Interpreter, find_python, pip_environment
from migrator.engine import FileResult
from migrator.inputs.requirements import mask_requirement_text
from migrator.knowledge import import_distributions, mwaa_packages
from migrator.knowledge.versions import TargetVersion

VENV_TIMEOUT = 300
RESOLVE_TIMEOUT = 900
INSTALL_TIMEOUT = 1800
IMPORT_TIMEOUT = 180
_MIN_PIP = Version("22.2")  # first pip with `install --dry-run --report`


@dataclass(frozen=True, slots=True)
class ResolvedPackage:
    name: str
    version: str
    from_source: bool
    requested: bool


@dataclass(frozen=True, slots=True)
class ImportCheck:
    module: str
    ok: bool
    error: str = ""
    files: tuple[str, ...] = ()


@dataclass(slots=True)
class VerifyResult:
    interpreter: Interpreter
    constraints: str  # what was used as Airflow's constraints
    resolved: list[ResolvedPackage] = field(default_factory=list)
    resolution_ok: bool = False
    resolution_error: str = ""
    conflicts: list[str] = field(default_factory=list)
    pinned_conflicts: list[str] = field(default_factory=list)
    replaced_preinstalled: list[tuple[str, str, str]] = field(default_factory=list)  # name, MWAA's, new
    from_source: list[str] = field(default_factory=list)
    installed: bool = False
    install_error: str = ""
    imports: list[ImportCheck] = field(default_factory=list)
    skipped_imports: list[tuple[str, str]] = field(default_factory=list)  # module, why
    nothing_to_install: bool = False
    error: str = ""  # the verification itself could not run

    @property
    def ok(self) -> bool:
        return (
            not self.error
            and (self.nothing_to_install or (self.resolution_ok and self.installed))
            and all(check.ok for check in self.imports)
        )

    @property
    def failed_imports(self) -> list[ImportCheck]:
        return [check for check in self.imports if not check.ok]


# --------------------------------------------------------------------------- what to import


def modules_to_import(
    results: Iterable[FileResult], local_names: set[str], target: TargetVersion
) -> tuple[dict[str, set[str]], dict[str, str]]:
    """({module to import: files importing it}, {module: why it is not imported}).

    A third-party import is checked through the module that decides its distribution (the top-level
    name, or e.g. `google.cloud.bigquery` under a namespace root); modules of the deployment, the
    standard library, Airflow itself and what MWAA's image ships are not."""
    shipped = mwaa_packages.preinstalled(target)
    wanted: dict[str, set[str]] = {}
    skipped: dict[str, str] = {}
    for result in results:
        lines = getattr(result, "import_lines", None)
        imported = [module for module, _line in lines] if lines is not None else list(result.imports)
        for module in imported:
            if module.split(".", 1)[0] in local_names:
                continue
            source = import_distributions.distribution_for(module)
            if source is None:
                continue
            if any(d in shipped or mwaa_packages.is_airflow(d) for d in source.distributions):
                skipped.setdefault(source.module, "MWAA's image ships it")
                continue
            wanted.setdefault(source.module, set()).add(result.display)
    return wanted, skipped


# --------------------------------------------------------------------------- running pip


def _run(command: list[str], timeout: int, cwd: Path | None = None,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str] | str:  # fmt: skip
    try:
        return subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, cwd=cwd, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        return f"did not finish within {timeout} seconds"
    except OSError as exc:
        return f"could not start ({exc.strerror})"


def _tail(text: str, count: int = 12) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines() if line.strip()]
    return mask_requirement_text("\n".join(lines[-count:]))


def _conflict_lines(stderr: str) -> list[str]:
    """The lines of pip's resolver error that name what clashed (masked)."""
    keep: list[str] = []
    capture = False
    for raw in stderr.splitlines():
        line = raw.strip()
        if not line:
            capture = False
            continue
        if line.startswith("The conflict is caused by"):
            capture = True
            continue
        if line.startswith("ERROR:") and "ResolutionImpossible" not in line:
            keep.append(line.removeprefix("ERROR:").strip())
        elif capture and not line.startswith(("To fix this", "1.", "2.", "Additionally")):
            keep.append(line)
    return [mask_requirement_text(line) for line in dict.fromkeys(keep)]


def verification_requirements(requirements_text: str, target: TargetVersion, constraints_path: Path | None,
                              wheels_dir: Path) -> str:  # fmt: skip
    """The generated requirements.txt with MWAA's paths made local: the constraints URL (unreachable or
    not yet downloaded here) becomes the local copy, the plugins folder the bundle's wheels."""
    find_links = mwaa_packages.install_facts()["find_links_line"]
    out: list[str] = []
    for line in requirements_text.splitlines():
        stripped = line.strip()
        if stripped.startswith(("--constraint ", "-c ")) and target.constraints_url in stripped:
            # one line for one line, so pip's "(line N)" points at the same line of requirements.txt
            out.append(
                f'--constraint "{constraints_path}"'
                if constraints_path is not None
                else "# (constraints unknown)"
            )
            continue
        if stripped == find_links:
            out.append(f'--find-links "{wheels_dir}"')
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def _has_requirements(text: str) -> bool:
    return any(line.strip() and not line.strip().startswith(("#", "-")) for line in text.splitlines())


class Verifier:
    def __init__(self, target: TargetVersion, *, python: Interpreter | None = None) -> None:
        self.target = target
        self.interpreter = python or find_python(target.python)
        self.pip_env = dict(pip_environment(self.interpreter.path))

    def run(self, requirements_text: str, constraints_path: Path | None, constraints_label: str,
            wheels_dir: Path, modules: dict[str, set[str]], skipped: dict[str, str]) -> VerifyResult:  # fmt: skip
        result = VerifyResult(self.interpreter, constraints_label)
        result.skipped_imports = sorted(skipped.items())
        with tempfile.TemporaryDirectory(prefix="mwaa-migrator-verify-") as scratch:
            work = Path(scratch)
            python = self._venv(work, result)
            if python is None:
                return result
            requirements = work / "requirements.txt"
            requirements.write_text(
                verification_requirements(requirements_text, self.target, constraints_path, wheels_dir),
                encoding="utf-8",
            )
            essential = work / "mwaa_essential_constraints.txt"
            pins = mwaa_packages.essential_pins(self.target)
            essential.write_text(
                "".join(f"{name}=={pins[name]}\n" for name in sorted(pins)), encoding="utf-8"
            )
            base = [python, "-m", "pip", "install", "--disable-pip-version-check", "--no-input",
                    "--constraint", str(essential), "-r", str(requirements)]  # fmt: skip
            if not _has_requirements(requirements.read_text(encoding="utf-8")):
                result.nothing_to_install = result.resolution_ok = result.installed = True
            else:
                self._resolve(base, work, result)
                if result.resolution_ok:
                    self._install(base, work, result)
            if result.installed:
                self._imports(python, work, modules, result)
        return result

    def _venv(self, work: Path, result: VerifyResult) -> str | None:
        venv = work / "venv"
        created = _run([self.interpreter.path, "-m", "venv", str(venv)], VENV_TIMEOUT)
        if isinstance(created, str) or created.returncode != 0:
            detail = created if isinstance(created, str) else _tail(created.stderr or created.stdout, 4)
            result.error = f"could not create a virtualenv with {self.interpreter.path}: {detail}"
            return None
        python = str(venv / "bin" / "python")
        version = _run([python, "-m", "pip", "--version"], 60, env=self.pip_env)
        current = None
        if not isinstance(version, str) and version.returncode == 0:
            try:
                current = Version(version.stdout.split()[1])
            except (IndexError, InvalidVersion):
                current = None
        if current is None or current < _MIN_PIP:
            upgraded = _run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                             f"pip>={_MIN_PIP}"], VENV_TIMEOUT, env=self.pip_env)  # fmt: skip
            if isinstance(upgraded, str) or upgraded.returncode != 0:
                result.error = (
                    "pip in the virtualenv is too old for --dry-run --report and could not be upgraded"
                )
                return None
        return python

    def _resolve(self, base: list[str], work: Path, result: VerifyResult) -> None:
        report = work / "report.json"
        # not --quiet: pip explains a conflict ("The conflict is caused by") at its normal verbosity
        run = _run([*base, "--dry-run", "--ignore-installed", "--report", str(report)], RESOLVE_TIMEOUT,
                   cwd=work, env=self.pip_env)  # fmt: skip
        if isinstance(run, str):
            result.resolution_error = f"pip {run}"
            return
        if run.returncode != 0 or not report.is_file():
            # pip explains a conflict on stdout and states the error on stderr; the scratch folder's
            # path means nothing to the reader (and would make the report differ between runs)
            output = f"{run.stdout}\n{run.stderr}".replace(f"{work}{os.sep}", "")
            errors = [line.strip() for line in output.splitlines() if line.startswith("ERROR:")]
            result.resolution_error = mask_requirement_text(" ".join(errors)) if errors else _tail(output)
            result.conflicts = _conflict_lines(output)
            pinned = set(mwaa_packages.essential_pins(self.target))
            result.pinned_conflicts = [
                line for line in result.conflicts
                if any(canonicalize_name(word) in pinned for word in _words(line))
            ]  # fmt: skip
            return
        result.resolution_ok = True
        data = json.loads(report.read_text(encoding="utf-8"))
        shipped = mwaa_packages.preinstalled(self.target)
        essential = mwaa_packages.essential_pins(self.target)
        for item in data.get("install", []):
            metadata = item.get("metadata", {})
            name = canonicalize_name(metadata.get("name", ""))
            version = str(metadata.get("version", ""))
            url = str(item.get("download_info", {}).get("url", ""))
            from_source = bool(url) and not url.split("#", 1)[0].endswith(".whl")
            result.resolved.append(ResolvedPackage(name, version, from_source, bool(item.get("requested"))))
            if name in essential and essential[name] != version:
                result.pinned_conflicts.append(
                    f"{name} {version} would replace MWAA's pinned {essential[name]}"
                )
            elif name in shipped and shipped[name] != version:
                result.replaced_preinstalled.append((name, shipped[name], version))
            if from_source:
                result.from_source.append(f"{name} {version}")
        result.resolved.sort(key=lambda p: p.name)
        result.replaced_preinstalled.sort()
        result.from_source.sort()
        if result.pinned_conflicts:
            result.resolution_ok = False
            result.resolution_error = "the resolution changes packages MWAA pins"

    def _install(self, base: list[str], work: Path, result: VerifyResult) -> None:
        run = _run([*base, "--quiet"], INSTALL_TIMEOUT, cwd=work, env=self.pip_env)
        if isinstance(run, str):
            result.install_error = f"pip {run}"
        elif run.returncode != 0:
            result.install_error = _tail((run.stderr or run.stdout).replace(f"{work}{os.sep}", ""))
        else:
            result.installed = True

    def _imports(self, python: str, work: Path, modules: dict[str, set[str]], result: VerifyResult) -> None:
        home = work / "airflow-home"
        home.mkdir()
        env = airflow_environ(home)
        for module in sorted(modules):
            run = _run([python, "-c", "import importlib, sys; importlib.import_module(sys.argv[1])", module],
                       IMPORT_TIMEOUT, cwd=work, env=env)  # fmt: skip
            files = tuple(sorted(modules[module]))
            if isinstance(run, str):
                result.imports.append(ImportCheck(module, False, f"import {run}", files))
            elif run.returncode != 0:
                last = [line for line in run.stderr.strip().splitlines() if line.strip()]
                result.imports.append(
                    ImportCheck(module, False, mask_requirement_text(last[-1] if last else "failed"), files)
                )
            else:
                result.imports.append(ImportCheck(module, True, "", files))


def _words(line: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9][A-Za-z0-9._\-]*", line)
