"""`plan`: sizing from measured workload, cost from the price table, CloudFormation/Terraform valid."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import hcl2
import pytest

from migrator.engine import analyse
from migrator.knowledge.versions import resolve
from migrator.plan.cost import estimate
from migrator.plan.sizing import Recommendation, recommend
from migrator.plan.workload import measure

DAG = """from datetime import datetime
from airflow import DAG
from airflow.operators.bash import BashOperator
with DAG("{dag_id}", start_date=datetime(2024, 1, 1), schedule="{schedule}", max_active_tasks={mat}) as dag:
{tasks}
"""


def write_dags(root: Path, count: int, schedule: str = "0 2 * * *", tasks: int = 4, mat: int = 16) -> Path:
    dags = root / "dags"
    dags.mkdir(parents=True, exist_ok=True)
    body = "\n".join(f'    BashOperator(task_id="t{i}", bash_command="echo")' for i in range(tasks))
    for i in range(count):
        (dags / f"d{i:04d}.py").write_text(DAG.format(dag_id=f"d{i}", schedule=schedule, mat=mat, tasks=body))
    return root


def _plan_for(root: Path) -> Recommendation:
    return recommend(measure(analyse([root], resolve("3.0.6"), jobs=1)))


def test_workload_counts_dags_tasks_and_the_busiest_hour(tmp_path: Path) -> None:
    write_dags(tmp_path / "a", 3, schedule="0 2 * * *", tasks=6)
    write_dags(tmp_path / "b", 2, schedule="@hourly", tasks=2)
    workload = measure(analyse([tmp_path], resolve("3.0.6"), jobs=1))
    assert (workload.dag_count, workload.tasks) == (5, 22)
    # 02:00 every day: the three daily DAGs (width 3 each) plus the two hourly ones (width 1 each)
    assert workload.peak_runs == 5 and workload.peak_concurrent_tasks == 3 * 3 + 2 * 1
    assert workload.peak_hour % 24 == 2


def test_small_deployment_gets_a_small_class_and_large_one_a_large_class(tmp_path: Path) -> None:
    small = _plan_for(write_dags(tmp_path / "small", 5))
    assert small.environment_class in ("mw1.micro", "mw1.small")
    big = _plan_for(write_dags(tmp_path / "big", 300, tasks=2))
    assert big.environment_class == "mw1.large"  # 300 DAGs > 50% of medium's 250
    assert any("300 DAGs" in r for r in big.reasons)


def test_concurrency_limits_cap_the_worker_count(tmp_path: Path) -> None:
    wide = _plan_for(write_dags(tmp_path / "wide", 20, tasks=40, mat=16))
    narrow = _plan_for(write_dags(tmp_path / "narrow", 20, tasks=40, mat=2))
    assert narrow.max_workers < wide.max_workers


def test_parallelism_from_airflow_cfg_caps_the_peak(tmp_path: Path) -> None:
    root = write_dags(tmp_path / "p", 20, tasks=40)
    (root / "airflow.cfg").write_text("[core]\nparallelism = 8\n")
    workload = measure(analyse([root], resolve("3.0.6"), jobs=1))
    assert workload.parallelism == 8 and workload.peak_concurrent_tasks == 8


def test_cost_uses_the_table_and_says_prices_vary_by_region() -> None:
    rec = Recommendation("mw1.small", min_workers=1, max_workers=3, schedulers=2)
    cost = estimate(rec)
    # environment 0.49 + one extra scheduler 0.055 (+ 2 extra workers at 0.055 for the max) per hour, 730 h
    assert cost.monthly_min == pytest.approx(730 * (0.49 + 0.055))
    assert cost.monthly_max == pytest.approx(730 * (0.49 + 0.055 + 2 * 0.055))
    assert "vary by region" in cost.note
    unknown = estimate(Recommendation("mw1.2xlarge", 1, 5, 2))
    assert unknown.monthly_min is None and "Price List API" in unknown.note


@pytest.mark.parametrize("extra", [[], ["--plugins", "--startup-script", "--kms-key",
                                        "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"]])
def test_generated_iac_passes_cfn_lint_and_terraform_parses(tmp_path: Path, extra: list[str]) -> None:
    root = write_dags(tmp_path / "dep", 3)
    options = tmp_path / "options.json"
    options.write_text(json.dumps({"core.lazy_load_plugins": "False", "secrets.backend": "x.y.Z"}))
    out = tmp_path / "plan"
    result = subprocess.run(
        [sys.executable, "-m", "migrator", "plan", str(root), "--out", str(out), "--target-airflow", "2.10.3",
         "--environment-name", "sales-etl", "--configuration-options", str(options), *extra],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lint = subprocess.run([str(Path(sys.executable).parent / "cfn-lint"), str(out / "cloudformation.yaml")],
                          capture_output=True, text=True)  # fmt: skip
    assert lint.returncode == 0, lint.stdout + lint.stderr
    template = (out / "cloudformation.yaml").read_text()
    assert "AirflowVersion: \"2.10.3\"" in template and '"core.lazy_load_plugins": "False"' in template
    with (out / "terraform" / "main.tf").open() as handle:
        tf = hcl2.load(handle)
    resources = {k.strip('"'): v for block in tf["resource"] for k, v in block.items()}
    env = next(iter(resources["aws_mwaa_environment"].values()))
    plan = json.loads((out / "plan.json").read_text())
    assert env["environment_class"].strip('"') == plan["recommendation"]["environment_class"]
    assert env["max_workers"] == plan["recommendation"]["max_workers"]
    assert env["airflow_version"].strip('"') == "2.10.3"
    assert "aws_s3_bucket_versioning" in resources and "aws_s3_bucket_public_access_block" in resources
    assert ("plugins_s3_path" in env) == bool(extra)
