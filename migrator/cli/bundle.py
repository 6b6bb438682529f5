"""`mwaa-migrator bundle`: dags/, requirements.txt, plugins.zip, startup.sh and configuration options.

Exit codes: 0 bundle written; 1 written, but --verify found a problem or a --wheels wheel could not be
made; 2 usage error (bad path or version, --out inside a source, unreadable --constraints-file or
--secrets-config).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from migrator.cli.app import EXIT_OK, EXIT_THRESHOLD, app, usage_error
from migrator.cli.options import existing_paths, target_option, target_version


@app.command()
def bundle(
    paths: list[Path] = typer.Argument(
        None, help="The deployment: AIRFLOW_HOME, DAG and plugin folders, airflow.cfg, requirements."
    ),
    target_airflow: str | None = target_option,
    out: Path = typer.Option(
        ..., "--out", "-o", help="Folder for the bundle (created; a previous bundle there is replaced)."
    ),
    constraints_file: Path | None = typer.Option(
        None,
        "--constraints-file",
        help="Airflow's constraints file for the target, when it cannot be downloaded.",
    ),
    verify: bool = typer.Option(
        False,
        "--verify",
        help="Install requirements.txt in a throwaway virtualenv and import what the DAGs import.",
    ),
    wheels: bool = typer.Option(
        False,
        "--wheels",
        help="Build wheels for local/VCS packages and native ones; ship them in plugins.zip.",
    ),
    secrets_config: Path | None = typer.Option(
        None,
        "--secrets-config",
        help="airflow_configuration_options.json written by `mwaa-migrator secrets`, merged in.",
    ),
    reference_date: str | None = typer.Option(
        None,
        "--reference-date",
        help="Day convert evaluates days_ago(n) on, YYYY-MM-DD (default: today, UTC).",
    ),
    no_download: bool = typer.Option(
        False,
        "--no-download",
        help="Never download the constraints file (use the cache or --constraints-file).",
    ),
    jobs: int | None = typer.Option(
        None, "--jobs", "-j", min=1, help="Worker processes (default: all cores)."
    ),
) -> None:
    """Write an S3-ready MWAA layout, right by construction; --verify installs it for real."""
    from migrator.bundle.build import BundleError
    from migrator.bundle.model import BundleOptions
    from migrator.bundle.output import render_summary, run_bundle

    paths = existing_paths(paths)
    target = target_version(target_airflow)
    if constraints_file is not None and not constraints_file.is_file():
        usage_error(f"--constraints-file {constraints_file} is not a file")
    if secrets_config is not None and not secrets_config.is_file():
        usage_error(f"--secrets-config {secrets_config} is not a file")
    day = None
    if reference_date is not None:
        try:
            day = date.fromisoformat(reference_date)
        except ValueError:
            usage_error(f"--reference-date must be YYYY-MM-DD, not {reference_date!r}")
    options = BundleOptions(
        out=out, constraints_file=constraints_file, verify=verify, wheels=wheels, secrets_config=secrets_config,
        reference_date=day, download_constraints=not no_download, jobs=jobs,
    )  # fmt: skip
    try:
        result, written = run_bundle(paths, target, options)
    except BundleError as exc:
        usage_error(str(exc))
    typer.echo(render_summary(result, out, written), nl=False)
    raise typer.Exit(EXIT_THRESHOLD if result.failed else EXIT_OK)
