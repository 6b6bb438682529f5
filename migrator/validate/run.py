"""Run the DagBag probe in a target-Airflow virtualenv and turn its output into a result."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from migrator.airflow_env import AirflowEnvError, airflow_environ, run_python
from migrator.validate.classify import ImportProblem, classify

PROBE = Path(__file__).with_name("probe.py")


@dataclass(slots=True)
class LoadResult:
    airflow_version: str
    python: str
    dags: dict[str, Any]
    problems: list[ImportProblem] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[ImportProblem]:
        return [p for p in self.problems if p.kind == kind]


def load_folder(python: Path, folder: Path, plugins: Path | None = None, timeout: float = 900) -> LoadResult:
    """Load `folder` as MWAA's DAG processor would, with `plugins` (if any) on sys.path too."""
    with tempfile.TemporaryDirectory(prefix="mwaa-migrator-airflow-home-") as home:
        settings = {"AIRFLOW__CORE__DAGS_FOLDER": str(folder)}
        settings["AIRFLOW__CORE__PLUGINS_FOLDER"] = str(plugins) if plugins else str(Path(home) / "plugins")
        env = airflow_environ(Path(home), settings)
        result = run_python(python, PROBE.read_text(), [str(folder)], timeout=timeout, env=env, cwd=Path(home))
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-12:])
        raise AirflowEnvError(f"the DagBag probe failed in {python}:\n{tail}")
    payload = json.loads(result.stdout.strip().splitlines()[-1])
    installed = frozenset(payload["distributions"])
    problems = [classify(path, text, installed) for path, text in payload["import_errors"].items()]
    return LoadResult(payload["airflow_version"], payload["python"], payload["dags"], problems)
