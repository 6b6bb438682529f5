"""--wheels: wheels for private and native packages, to ship in plugins.zip.

Private packages (local paths, VCS and archive URLs) are built with `pip wheel --no-deps` by a Python
of the target's version; native packages whose remedy is a binary wheel are downloaded with
`pip download --only-binary=:all:` for the target's Python and MWAA's platform (manylinux up to the
image's glibc, mwaa_packages.toml [wheel_platform]). A wheel that MWAA could not load is refused.
pip's output may repeat a URL with a credential: it is masked before it is shown.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from packaging.utils import InvalidWheelFilename, canonicalize_name, parse_wheel_filename

from migrator.bundle.interpreters import Interpreter, find_python, pip_environment
from migrator.bundle.requirements import BuiltWheel, WheelRequest
from migrator.inputs.requirements import mask_requirement_text
from migrator.knowledge import mwaa_packages
from migrator.knowledge.versions import TargetVersion

PIP_TIMEOUT_SECONDS = 600


def _last_lines(text: str, count: int = 3) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return mask_requirement_text(" | ".join(lines[-count:]))[:400] or "no output"


def loads_on_mwaa(filename: str, target: TargetVersion) -> str | None:
    """Why MWAA's Python could not install the wheel `filename`, or None when it can."""
    try:
        _name, _version, _build, tags = parse_wheel_filename(filename)
    except InvalidWheelFilename as exc:
        return str(exc)
    platform = mwaa_packages.wheel_platform()
    python_tag = f"{platform.implementation}{target.python.replace('.', '')}"
    for tag in tags:
        python_ok = tag.interpreter in {"py3", python_tag, f"py{target.python.replace('.', '')}"} or (
            tag.abi == "abi3" and tag.interpreter.startswith(platform.implementation)
        )
        platform_ok = tag.platform == "any" or tag.platform in platform.platforms
        if python_ok and platform_ok:
            return None
    shown = ", ".join(sorted(str(t) for t in tags))
    return f"built for {shown}, which CPython {target.python} on {platform.architecture} Linux cannot load"


class WheelMaker:
    """Builds or downloads one wheel per request into `folder`; the callback RequirementsPlanner calls."""

    def __init__(self, target: TargetVersion, folder: Path, python: Interpreter | None = None) -> None:
        self.target = target
        self.folder = folder
        self.python = python or find_python(target.python)
        self.log: list[str] = []

    def __call__(self, request: WheelRequest) -> BuiltWheel | str:
        with tempfile.TemporaryDirectory(prefix="mwaa-migrator-wheel-") as scratch:
            work = Path(scratch)
            if request.kind == "download":
                command = self._download_command(request.argument, work)
            else:
                command = [self.python.path, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check",
                           "--no-input", "--quiet", "--wheel-dir", str(work), request.argument]  # fmt: skip
            cwd = request.base_dir if request.base_dir and request.base_dir.is_dir() else None
            try:
                result = subprocess.run(command, capture_output=True, text=True, timeout=PIP_TIMEOUT_SECONDS,
                                        cwd=cwd, env=dict(pip_environment(self.python.path)), check=False)  # fmt: skip
            except (OSError, subprocess.TimeoutExpired) as exc:
                return f"pip did not finish ({type(exc).__name__})"
            if result.returncode != 0:
                return _last_lines(result.stderr or result.stdout)
            wheels = sorted(work.glob("*.whl"))
            if len(wheels) != 1:
                return f"pip produced {len(wheels)} wheels instead of one"
            wheel = wheels[0]
            problem = loads_on_mwaa(wheel.name, self.target)
            if problem:
                return problem
            name, version, _build, _tags = parse_wheel_filename(wheel.name)
            self.folder.mkdir(parents=True, exist_ok=True)
            destination = self.folder / wheel.name
            shutil.copyfile(wheel, destination)
            return BuiltWheel(request.key, destination, canonicalize_name(name), str(version))

    def _download_command(self, requirement: str, work: Path) -> list[str]:
        platform = mwaa_packages.wheel_platform()
        short = self.target.python.replace(".", "")
        command = [self.python.path, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                   "--disable-pip-version-check", "--no-input", "--quiet", "--dest", str(work),
                   "--python-version", self.target.python, "--implementation", platform.implementation,
                   "--abi", f"{platform.implementation}{short}", "--abi", "abi3", "--abi", "none"]  # fmt: skip
        for tag in platform.platforms:
            command.extend(["--platform", tag])
        command.append(requirement)
        return command
