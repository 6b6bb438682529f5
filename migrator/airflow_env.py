"""Cached virtualenvs with a real apache-airflow of a chosen version.

We never import Airflow into the tool itself (it is not a runtime dependency of assess/convert):
anything that needs the real parser (validate, cron verify, secrets round-trip tests) runs a small
script inside one of these environments. They live in the user's cache folder and are built once.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from migrator.cache import default_cache_dir

READY_MARKER = ".mwaa-migrator-ready"


class AirflowEnvError(RuntimeError):
    """Creating or using an Airflow virtualenv failed; the message says which step and why."""


def venvs_dir() -> Path:
    """$MWAA_MIGRATOR_VENVS, else venvs/ in the cache folder. Separate from the result cache so tests
    can isolate results while sharing the (slow to build) Airflow environments."""
    if explicit := os.environ.get("MWAA_MIGRATOR_VENVS"):
        return Path(explicit)
    return default_cache_dir() / "venvs"


def env_name(version: str, extras: Sequence[str], python: str) -> str:
    tag = f"py{_python_version(python)}"
    if extras:
        tag += "-" + hashlib.blake2b(" ".join(sorted(extras)).encode(), digest_size=4).hexdigest()
    return f"airflow-{version}-{tag}"


def _python_version(python: str) -> str:
    if python == sys.executable:
        return f"{sys.version_info.major}.{sys.version_info.minor}"
    out = subprocess.run(
        [python, "-c", "import sys; print(f'{sys.version_info.major}.{sys.version_info.minor}')"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if out.returncode != 0:
        raise AirflowEnvError(f"cannot run {python}: {out.stderr.strip()[:200]}")
    return out.stdout.strip()


def python_of(venv: Path) -> Path:
    return venv / "bin" / "python"


def ensure_airflow(version: str, extras: Sequence[str] = (), python: str | None = None) -> Path:
    """Python executable of a venv with apache-airflow==`version` (+ `extras` pip requirements).

    Built on first use (about a minute per version from PyPI) under a file lock, so parallel test
    workers and commands share one build; reused afterwards."""
    base_python = python or sys.executable
    venv = venvs_dir() / env_name(version, extras, base_python)
    if (venv / READY_MARKER).exists():
        return python_of(venv)
    venv.parent.mkdir(parents=True, exist_ok=True)
    with (venv.parent / f"{venv.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (venv / READY_MARKER).exists():
            return python_of(venv)
        shutil.rmtree(venv, ignore_errors=True)  # a half-built env from an interrupted run
        _run([base_python, "-m", "venv", str(venv)], "create the virtualenv")
        requirements = [f"apache-airflow=={version}", *extras]
        _run([str(python_of(venv)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
              *requirements], f"pip install {' '.join(requirements)}")  # fmt: skip
        freeze = subprocess.run([str(python_of(venv)), "-m", "pip", "freeze"], capture_output=True, text=True)
        (venv / READY_MARKER).write_text(
            json.dumps({"airflow": version, "extras": list(extras), "freeze": freeze.stdout.splitlines()}, indent=1)
        )
    return python_of(venv)


def _run(command: Sequence[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-15:])
        raise AirflowEnvError(f"could not {what}:\n{tail}")


def airflow_environ(airflow_home: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """An environment for running Airflow in a throwaway AIRFLOW_HOME: no examples, SQLite, quiet."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update(
        {
            "AIRFLOW_HOME": str(airflow_home),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
            "AIRFLOW__LOGGING__LOGGING_LEVEL": "ERROR",
            "PYTHONWARNINGS": "ignore",
        }
    )
    env.update(extra or {})
    return env


def run_python(
    python: Path,
    code: str,
    args: Sequence[str] = (),
    *,
    timeout: float = 600,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `code` (a script's text) with `python`; never raises for a non-zero exit."""
    return subprocess.run(
        [str(python), "-c", code, *args],
        capture_output=True, text=True, timeout=timeout, env=dict(env) if env else None, cwd=cwd, check=False,
    )  # fmt: skip
