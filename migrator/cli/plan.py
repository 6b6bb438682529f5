"""`mwaa-migrator plan`: environment class, workers, cost, CloudFormation and Terraform."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from migrator.cli.app import app, usage_error
from migrator.cli.options import existing_paths, target_option, target_version


@app.command()
def plan(
    paths: list[Path] = typer.Argument(None, help="The deployment: AIRFLOW_HOME, DAG folders, airflow.cfg, ..."),
    target_airflow: str | None = target_option,
    out: Path = typer.Option(Path("mwaa-plan"), "--out", "-o", help="Folder for plan.md, plan.json and the IaC."),
    environment_name: str = typer.Option("airflow-migrated", "--environment-name", help="MWAA environment name."),
    bucket: str | None = typer.Option(None, "--bucket", help="S3 bucket name (default: airflow-<environment>)."),
    kms_key: str = typer.Option("", "--kms-key", help="Customer-managed KMS key ARN (optional)."),
    options_file: Path | None = typer.Option(
        None, "--configuration-options", help="airflow_configuration_options.json (from `bundle`) to embed."
    ),
    plugins: bool = typer.Option(False, "--plugins/--no-plugins", help="The bundle has a plugins.zip."),
    startup: bool = typer.Option(False, "--startup-script/--no-startup-script", help="The bundle has startup.sh."),
) -> None:
    """Recommend an MWAA environment from the measured workload and write the infrastructure as code."""
    import re

    from migrator.engine import analyse
    from migrator.plan.cost import estimate
    from migrator.plan.sizing import recommend
    from migrator.plan.workload import measure
    from migrator.plan.write import PlanInputs, default_bucket, write_plan

    paths = existing_paths(paths)
    target = target_version(target_airflow)
    if not re.fullmatch(r"[a-zA-Z][0-9a-zA-Z-_]{0,79}", environment_name):
        usage_error("--environment-name must start with a letter and use letters, digits, - and _ (max 80)")
    options: dict[str, str] = {}
    if options_file is not None:
        try:
            options = {str(k): str(v) for k, v in json.loads(options_file.read_text()).items()}
        except (OSError, ValueError, AttributeError) as exc:
            usage_error(f"cannot read {options_file}: {exc}")
    deployment = analyse(paths, target)
    workload = measure(deployment)
    rec = recommend(workload)
    cost = estimate(rec)
    spec = PlanInputs(
        env_name=environment_name, bucket=bucket or default_bucket(environment_name), target=target.airflow,
        inputs=deployment.inputs, options=options, kms_key=kms_key, has_plugins=plugins, has_startup=startup,
    )  # fmt: skip
    written = write_plan(out, spec, workload, rec, cost)
    price = f"${cost.monthly_min:.0f}-${cost.monthly_max:.0f}/month ({cost.region})" if cost.monthly_min else "price unknown"
    typer.echo(
        f"{rec.environment_class}, workers {rec.min_workers}-{rec.max_workers}, {rec.schedulers} schedulers for "
        f"{workload.dag_count} DAGs / {workload.tasks} tasks; {price}."
    )
    typer.echo("Wrote " + ", ".join(str(p) for p in written))
