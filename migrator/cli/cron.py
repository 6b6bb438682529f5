"""`mwaa-migrator cron CRONTAB... --out DIR` and `mwaa-migrator cron verify DIR`.

`cron` is a group whose default command is the converter, so both spellings work; a crontab that
happens to be called `verify` can still be converted with `cron convert verify`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from migrator.cli.app import EXIT_OK, EXIT_THRESHOLD, app, usage_error
from migrator.cli.options import existing_paths, target_option, target_version
from migrator.cron.facts import FLAVORS

MODES = ("bash", "ssh", "ecs")
FORMATS = ("user", "system")
GROUPINGS = ("entry", "file")


class DefaultToConvert(TyperGroup):
    """Runs `convert` when the first argument is not a subcommand."""

    default_command = "convert"

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h")):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


cron_app = typer.Typer(
    name="cron",
    cls=DefaultToConvert,
    help="Turn crontab entries into Airflow DAGs that fire at the same instants, and verify them.",
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode=None,
)
app.add_typer(cron_app, name="cron")


def _choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    lowered = value.strip().lower()
    if lowered not in allowed:
        usage_error(f"{option} must be one of {', '.join(allowed)} (got {value!r})")
    return lowered


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        usage_error(f"{option} must be a date like 2026-01-01 (got {value!r})")


@cron_app.command("convert")
def convert_command(
    paths: list[Path] = typer.Argument(
        None, help="Crontabs, /etc/cron.d files, anacrontabs, run-parts folders."
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Folder for dags/, plugins/, the manifest and reports."
    ),
    timezone: str | None = typer.Option(None, "--timezone", help="The host's IANA zone (its /etc/timezone)."),
    flavor: str = typer.Option("debian", "--flavor", help="The host's cron: debian|cronie|vixie."),
    file_format: str | None = typer.Option(
        None, "--format", help="user|system (default: from the file's location)."
    ),
    mode: str = typer.Option("bash", "--mode", help="Run commands with BashOperator, over SSH, or on ECS."),
    ssh_conn_id: str = typer.Option(
        "cron_ssh_{user}", "--ssh-conn-id", help="SSH connection id; {user} = cron user."
    ),
    target_airflow: str | None = target_option,
    exact_dst: bool = typer.Option(
        False, "--exact-dst", help="Use the exact timetable plugin where Airflow differs."
    ),
    group_by: str = typer.Option(
        "entry", "--group-by", help="entry: one module per DAG; file: one per crontab."
    ),
    start_date: str | None = typer.Option(
        None, "--start-date", help="DAG start_date (default: 1 January this year)."
    ),
    dst_years: int = typer.Option(5, "--dst-years", help="Years of DST days to compare (1-30)."),
) -> None:
    """Write one DAG per crontab entry, the manifest, disable-on-host copies and a report."""
    from migrator.cron.analysis import default_start
    from migrator.cron.convert import ConvertError, ConvertOptions, collect_inputs, convert, write_outputs

    if not paths:
        usage_error("give at least one crontab, /etc/cron.d file, anacrontab or run-parts folder")
    _in_range(dst_years, 1, 30, "--dst-years")
    paths = existing_paths(paths)
    if out is None:
        usage_error("give --out DIR, the folder to write the DAGs into")
    _refuse_output_inside_inputs(out, paths)
    options = ConvertOptions(
        target=target_version(target_airflow),
        zone=timezone or "",
        flavor=_choice(flavor, FLAVORS, "--flavor"),
        mode=_choice(mode, MODES, "--mode"),
        format=_choice(file_format, FORMATS, "--format") if file_format else "",
        exact_dst=exact_dst,
        group_by=_choice(group_by, GROUPINGS, "--group-by"),
        start_date=_date(start_date, "--start-date") or default_start(),
        dst_years=dst_years,
        ssh_conn_id=ssh_conn_id,
    )
    try:
        conversion = convert(collect_inputs(paths), options)
    except ConvertError as exc:
        usage_error(str(exc))
    write_outputs(conversion, out)
    summary: dict[str, Any] = conversion.summary
    tables = summary["timetables"]
    skipped = sum(summary["not_converted"].values())
    typer.echo(
        f"Converted {summary['dags']} of {summary['jobs']} job(s) from {summary['files']} file(s) into {out}/dags: "
        f"{tables['CronTriggerTimetable']} CronTriggerTimetable, {tables['MultipleCronTriggerTimetable']} "
        f"MultipleCronTriggerTimetable, {tables['CronExactTimetable']} exact timetable, {summary['guard_tasks']} "
        f"guard task(s); {skipped} not converted; {summary['dags_with_dst_differences']} DAG(s) differ from cron "
        f"on DST days."
    )
    typer.echo(
        f"Manifest {out}/cron-manifest.json, report {out}/cron-report.md, disable-on-host {out}/disable-on-host/"
    )
    raise typer.Exit(EXIT_OK)


@cron_app.command("verify")
def verify_command(
    folder: Path = typer.Argument(None, help="The --out folder of a `mwaa-migrator cron` run."),
    years: int = typer.Option(2, "--years", help="Length of the compared window in years (1-10)."),
    python: Path | None = typer.Option(None, "--python", help="Python of an Airflow virtualenv to use."),
    target_airflow: str | None = typer.Option(
        None, "--target-airflow", "-t", help="Airflow version to install."
    ),
    start_date: str | None = typer.Option(
        None, "--start-date", help="Window start (default: the DAGs' start_date)."
    ),
    budget: int = typer.Option(
        5000, "--budget", min=100, help="Above this many fires a DAG is compared on samples."
    ),
) -> None:
    """Load the generated DAGs in real Airflow and compare every fire instant with cron's.

    Exit codes: 0 no mismatch beyond the reported DST differences; 1 mismatches or DAGs that do not
    load; 2 usage error.
    """
    from migrator.airflow_env import AirflowEnvError, ensure_airflow
    from migrator.cron.verify import VerifyError, format_report, load_manifest, probe_runner, verify

    if folder is None:
        usage_error("give the folder written by `mwaa-migrator cron --out`")
    _in_range(years, 1, 10, "--years")
    _in_range(budget, 100, 10_000_000, "--budget")
    try:
        manifest = load_manifest(folder)
    except VerifyError as exc:
        usage_error(str(exc))
    if python is not None and not python.exists():
        usage_error(f"--python {python} does not exist")
    version = target_airflow or manifest["options"]["target_airflow"]
    try:
        interpreter = python or ensure_airflow(version)
        report = verify(
            folder,
            probe_runner(interpreter, folder.resolve()),
            years=years,
            start=_date(start_date, "--start-date"),
            budget=budget,
            airflow_version=version if python is None else str(python),
        )
    except (AirflowEnvError, VerifyError) as exc:
        typer.echo(f"mwaa-migrator: cron verify: {exc}", err=True)
        raise typer.Exit(EXIT_THRESHOLD) from None
    zones = {dag["dag_id"]: dag["timezone"] for dag in manifest["dags"]}
    horizon_end = manifest["options"]["dst_horizon"][1]
    if report.window[1].isoformat() > horizon_end:
        typer.echo(
            f"note: the DST differences were predicted up to {horizon_end[:10]}; mismatches after that date are "
            "reported as unexpected (convert again with a larger --dst-years)"
        )
    for line in format_report(report, zones):
        typer.echo(line)
    raise typer.Exit(EXIT_OK if report.ok else EXIT_THRESHOLD)


def _in_range(value: int, low: int, high: int, option: str) -> None:
    if not low <= value <= high:
        usage_error(f"{option} must be between {low} and {high} (got {value})")


def _refuse_output_inside_inputs(out: Path, paths: list[Path]) -> None:
    resolved = out.resolve()
    for path in paths:
        root = path.resolve()
        if root.is_dir() and (resolved == root or root in resolved.parents):
            usage_error(f"--out {out} is inside the input folder {path}; choose a folder outside it")
