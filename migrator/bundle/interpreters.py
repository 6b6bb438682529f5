"""Finding a Python of the target's version on this machine (PATH, then pyenv's versions folder)."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Interpreter:
    path: str
    version: str  # "3.12"
    exact: bool  # the target's version (else the tool's own Python stands in)


def _version_of(path: str) -> str | None:
    try:
        out = subprocess.run(
            [path, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True, text=True, timeout=30, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def _candidates(version: str) -> list[str]:
    found: list[str] = []
    roots = [Path(os.environ["PYENV_ROOT"])] if os.environ.get("PYENV_ROOT") else []
    roots.append(Path.home() / ".pyenv")
    for root in roots:
        versions = root / "versions"
        if versions.is_dir():
            for folder in sorted(versions.glob(f"{version}.*"), reverse=True):
                executable = folder / "bin" / f"python{version}"
                if executable.is_file():
                    found.append(str(executable))
    on_path = shutil.which(f"python{version}")
    if on_path:
        found.append(on_path)
    return found


@functools.cache
def find_python(version: str) -> Interpreter:
    """A Python `version` (e.g. "3.12") that runs; else this process's own Python, marked inexact."""
    for candidate in _candidates(version):
        if _version_of(candidate) == version:
            return Interpreter(candidate, version, True)
    own = f"{sys.version_info.major}.{sys.version_info.minor}"
    return Interpreter(sys.executable, own, own == version)
