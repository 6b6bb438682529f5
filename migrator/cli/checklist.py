"""`mwaa-migrator checklist`: the cutover runbook (Markdown and HTML) for this deployment."""

from __future__ import annotations

from pathlib import Path

import typer

from migrator.cli.app import app
from migrator.cli.options import existing_paths, target_option, target_version


@app.command()
def checklist(
    paths: list[Path] = typer.Argument(None, help="The deployment: AIRFLOW_HOME, DAG folders, crontabs, ..."),
    target_airflow: str | None = target_option,
    out: Path = typer.Option(Path("mwaa-checklist"), "--out", "-o", help="Folder for checklist.md and .html."),
    environment_name: str = typer.Option("airflow-migrated", "--environment-name", help="MWAA environment name."),
    bucket: str | None = typer.Option(None, "--bucket", help="S3 bucket (default: airflow-<environment>)."),
    region: str = typer.Option("us-east-1", "--region", help="AWS region the commands use."),
    bundle_dir: str = typer.Option("bundle", "--bundle-dir", help="Where `bundle` wrote the deployable files."),
    flavor: str = typer.Option("debian", "--flavor", help="Cron daemon of the hosts: debian | cronie | vixie."),
) -> None:
    """Write the cutover checklist: prepare, freeze, migrate secrets, deploy paused, validate, switch,
    watch, decommission, and rollback, with this deployment's DAGs, crontab lines and blockers."""
    from migrator.checklist.build import build_context
    from migrator.checklist.cron_jobs import crontab_job_lines
    from migrator.checklist.write import write_checklist
    from migrator.engine import analyse
    from migrator.plan.write import default_bucket

    paths = existing_paths(paths)
    target = target_version(target_airflow)
    deployment = analyse(paths, target)
    context = build_context(
        deployment,
        env_name=environment_name,
        bucket=bucket or default_bucket(environment_name),
        region=region,
        bundle_dir=bundle_dir,
        cron_jobs=crontab_job_lines(paths, flavor=flavor),
    )
    written = write_checklist(out, context)
    blockers = sum(len(v) for v in context.blockers.values())
    typer.echo(
        f"Checklist for {len(context.dags.ordered)} DAGs, {sum(len(v) for v in context.cron_jobs.values())} "
        f"crontab jobs, {blockers} open blockers: " + ", ".join(str(p) for p in written)
    )
