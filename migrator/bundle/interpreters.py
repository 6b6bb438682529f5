"""Finding a Python of the target's version on this machine (PATH, then pyenv's versions folder)."""

from __future__ import annotations

import functools
import os
import re
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


# pip settings that only say how to reach an index; everything else in the user's pip configuration
# (constraints, find-links, no-index, user installs ...) would make pip resolve differently from MWAA.
_NETWORK_SETTINGS = frozenset({
    "index-url", "extra-index-url", "cert", "client-cert", "proxy", "trusted-host", "timeout",
    "default-timeout", "retries",
})  # fmt: skip
_CONFIG_LINE = re.compile(r"^[\w:.\-]+?\.(?P<key>[a-z][a-z\-]*)='(?P<value>.*)'$")


def _setting(name: str) -> str:
    return name[len("PIP_") :].lower().replace("_", "-")


@functools.cache
def pip_environment(python: str) -> tuple[tuple[str, str], ...]:
    """The environment for running `python -m pip` like MWAA does: no pip configuration file is
    read (PIP_CONFIG_FILE=os.devnull), and of the user's settings only those naming the index and
    the network survive, re-exported as PIP_* variables."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("PIP_") or _setting(k) in _NETWORK_SETTINGS
    }
    try:
        listing = subprocess.run([python, "-m", "pip", "config", "list"], capture_output=True, text=True,
                                 timeout=60, check=False).stdout  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        listing = ""
    for line in listing.splitlines():
        match = _CONFIG_LINE.match(line.strip())
        if match and match["key"] in _NETWORK_SETTINGS:
            env.setdefault("PIP_" + match["key"].upper().replace("-", "_"), match["value"])
    env["PIP_CONFIG_FILE"] = os.devnull
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return tuple(sorted(env.items()))
