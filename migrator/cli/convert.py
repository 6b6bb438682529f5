"""`mwaa-migrator convert`: rewrite DAG code for the target MWAA Airflow version."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import typer

from migrator.cli.app import EXIT_OK, EXIT_THRESHOLD, app, usage_error
from migrator.cli.options import existing_paths, target_option, target_version
from migrator.cli.progress import ProgressBar
from migrator.templating import render

REPORT_NAME = "convert-report.json"


@app.command()
def convert(
    sources: list[Path] = typer.Argument(None, help="DAG folders, plugin folders or files to rewrite."),
    target_airflow: str | None = target_option,
    out: Path | None = typer.Option(None, "--out", "-o", help="Write the rewritten tree here (mirrors SRC)."),
    in_place: bool = typer.Option(False, "--in-place", help="Rewrite the SRC files themselves."),
    diff: bool = typer.Option(False, "--diff", help="Print a unified diff of every change."),
    check: bool = typer.Option(False, "--check", help="Change nothing; exit 1 when something would change."),
    reference_date: str | None = typer.Option(
        None, "--reference-date", help="Day days_ago(n) is evaluated on, YYYY-MM-DD (default: today, UTC)."
    ),
    jobs: int | None = typer.Option(
        None, "--jobs", "-j", min=1, help="Worker processes (default: all cores)."
    ),
) -> None:
    """Rewrite imports, arguments, schedules, context variables and executor code for MWAA.

    Exit codes: 0 done; 1 with --check when something would change; 2 usage error.
    """
    from migrator.convert.pipeline import convert as run_convert
    from migrator.convert.pipeline import source_files, unified_diff, write_in_place, write_output
    from migrator.convert.report import report_data

    sources = existing_paths(sources)
    target = target_version(target_airflow)
    if out is not None and in_place:
        usage_error("choose one of --out DIR and --in-place")
    if out is None and not in_place and not (check or diff):
        usage_error(
            "give --out DIR (a new tree) or --in-place (rewrite SRC); --check or --diff alone write nothing"
        )
    if check and in_place:
        usage_error("--check changes nothing; drop --in-place")
    if out is not None:
        _refuse_output_inside_sources(out, sources)
    day = _reference_date(reference_date)
    bar = ProgressBar("convert")
    try:
        run = run_convert(sources, target, reference_date=day, jobs=jobs, progress=bar)
    finally:
        bar.close()
    files = source_files(sources)
    if diff:
        paths = {f.relative: f.path for f in files}
        for outcome in run.files:
            if outcome.status == "changed":
                typer.echo(unified_diff(outcome, paths[outcome.relative].read_bytes()), nl=False)
    report = report_data(run)
    written = ""
    if not check:
        if out is not None:
            write_output(run, files, out)
            (out / REPORT_NAME).write_text(
                render("convert/convert-report.json.j2", report=report), encoding="utf-8"
            )
            written = f"{out} (report: {out / REPORT_NAME})"
        elif in_place:
            write_in_place(run, files)
            written = "in place"
    typer.echo(render("convert/summary.txt.j2", report=report, written=written), nl=False, err=diff)
    if check and run.of_status("changed"):
        raise typer.Exit(EXIT_THRESHOLD)
    raise typer.Exit(EXIT_OK)


def _reference_date(text: str | None) -> date:
    if text is None:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        usage_error(f"--reference-date must be YYYY-MM-DD, not {text!r}")


def _refuse_output_inside_sources(out: Path, sources: list[Path]) -> None:
    """The output tree must not be scanned by a later run over SRC (nor overwrite it)."""
    resolved = out.resolve()
    for source in sources:
        root = source.resolve()
        if root.is_dir() and (resolved == root or root in resolved.parents):
            usage_error(f"--out {out} is inside the source {source}; choose a folder outside it")
        if resolved in root.parents or resolved == root:
            usage_error(f"--out {out} contains the source {source}; choose a folder outside it")
