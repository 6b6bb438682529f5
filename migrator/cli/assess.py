"""`mwaa-migrator assess`: the readiness report."""

from __future__ import annotations

from pathlib import Path

import typer

from migrator.cli.app import EXIT_OK, EXIT_THRESHOLD, app, usage_error
from migrator.cli.options import csv_choices, existing_paths, target_option, target_version
from migrator.cli.progress import ProgressBar
from migrator.findings import Severity
from migrator.report.render import FORMATS

FAIL_ON = ("blocker", "warning", "never")


@app.command()
def assess(
    paths: list[Path] = typer.Argument(None, help="AIRFLOW_HOME, DAG folders, airflow.cfg, requirements, crontabs."),
    target_airflow: str | None = target_option,
    out: Path = typer.Option(Path("mwaa-report"), "--out", "-o", help="Folder for report.{json,md,html,sarif}."),
    formats: str = typer.Option(",".join(FORMATS), "--format", "-f", help="Comma-separated: json,md,html,sarif."),
    fail_on: str = typer.Option("blocker", "--fail-on", help="Exit 1 when a finding reaches: blocker|warning|never."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Analyse every file again; ignore the result cache."),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes (default: all cores)."),
) -> None:
    """Find everything that breaks or changes on MWAA, and write the readiness report.

    Exit codes: 0 nothing at or above --fail-on; 1 threshold reached; 2 usage error.
    """
    from migrator.cache import ResultCache
    from migrator.engine import analyse
    from migrator.report.model import Report
    from migrator.report.render import write_reports

    paths = existing_paths(paths)
    target = target_version(target_airflow)
    chosen = csv_choices(formats, FORMATS, "format")
    if fail_on not in FAIL_ON:
        usage_error(f"--fail-on must be one of {', '.join(FAIL_ON)}")
    _refuse_output_inside_inputs(out, paths)
    bar = ProgressBar("assess")
    try:
        deployment = analyse(paths, target, cache=None if no_cache else ResultCache(), jobs=jobs, progress=bar)
    finally:
        bar.close()
    report = Report.from_deployment(deployment)
    written = write_reports(report, out, chosen)
    counts = report.severity_counts
    typer.echo(
        f"Assessed {len(report.files)} files ({len(report.dag_files)} DAG files) for MWAA Airflow {target.airflow}: "
        f"{counts['blocker']} blockers, {counts['warning']} warnings, {counts['info']} info, "
        f"{report.fixable_count} fixable by convert/bundle; readiness {report.readiness_percent:g}%."
    )
    typer.echo("Reports: " + ", ".join(str(p) for p in written))
    worst = report.worst_severity()
    if fail_on != "never" and worst is not None and worst >= Severity.parse(fail_on):
        raise typer.Exit(EXIT_THRESHOLD)
    raise typer.Exit(EXIT_OK)


def _refuse_output_inside_inputs(out: Path, paths: list[Path]) -> None:
    """We never write into the analysed paths: a report inside a DAG folder would be synced to S3."""
    resolved = out.resolve()
    for path in paths:
        root = path.resolve()
        if root.is_dir() and (resolved == root or root in resolved.parents):
            usage_error(f"--out {out} is inside the analysed path {path}; choose a folder outside it")
