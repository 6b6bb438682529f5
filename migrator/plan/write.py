"""Render the plan: plan.md, plan.json, cloudformation.yaml, terraform/main.tf."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from migrator import __version__
from migrator.plan.cost import CostEstimate
from migrator.plan.sizing import Recommendation
from migrator.plan.workload import Workload
from migrator.templating import render


@dataclass(slots=True)
class PlanInputs:
    env_name: str
    bucket: str
    target: str
    inputs: list[str]
    options: dict[str, str] = field(default_factory=dict)
    kms_key: str = ""
    connections_prefix: str = "airflow/connections"
    variables_prefix: str = "airflow/variables"
    has_requirements: bool = True
    has_plugins: bool = False
    has_startup: bool = False


def default_bucket(env_name: str) -> str:
    """S3 bucket names: 3-63 lowercase letters, digits, dots, hyphens; MWAA wants `airflow-` first."""
    slug = re.sub(r"[^a-z0-9-]+", "-", env_name.lower()).strip("-")
    return f"airflow-{slug}"[:63].rstrip("-")


def write_plan(out: Path, spec: PlanInputs, workload: Workload, rec: Recommendation, cost: CostEstimate) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    (out / "terraform").mkdir(exist_ok=True)
    context: dict[str, Any] = {
        "version": __version__, "env_name": spec.env_name, "bucket": spec.bucket, "target": spec.target,
        "inputs": spec.inputs, "options": spec.options, "kms_key": spec.kms_key,
        "connections_prefix": spec.connections_prefix, "variables_prefix": spec.variables_prefix,
        "has_requirements": spec.has_requirements, "has_plugins": spec.has_plugins, "has_startup": spec.has_startup,
        "rec": rec, "cost": cost, "workload": workload,
    }  # fmt: skip
    files = {
        out / "plan.md": render("plan/plan.md.j2", **context),
        out / "cloudformation.yaml": render("plan/cloudformation.yaml.j2", **context),
        out / "terraform" / "main.tf": render("plan/main.tf.j2", **context),
        out / "plan.json": json.dumps(
            {
                "environment_name": spec.env_name,
                "bucket": spec.bucket,
                "airflow_version": spec.target,
                "recommendation": rec.to_dict(),
                "cost": cost.to_dict(),
                "workload": {
                    "dag_files": workload.dag_files,
                    "dags": workload.dag_count,
                    "tasks": workload.tasks,
                    "unscheduled_dags": workload.unscheduled,
                    "peak_hour_of_week": workload.peak_hour,
                    "peak_runs": workload.peak_runs,
                    "peak_concurrent_tasks": workload.peak_concurrent_tasks,
                    "parallelism": workload.parallelism,
                },
            },
            indent=2,
        )
        + "\n",
    }
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return sorted(files)
