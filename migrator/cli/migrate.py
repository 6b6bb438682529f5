"""`mwaa-migrator migrate`: every stage that exists, into one output folder with an index page."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from migrator.cli.app import EXIT_OK, EXIT_THRESHOLD, app, usage_error
from migrator.cli.options import existing_paths, target_option, target_version
from migrator.templating import render


@app.command()
def migrate(
    paths: list[Path] = typer.Argument(None, help="The deployment: AIRFLOW_HOME, DAG folders, crontabs, ..."),
    target_airflow: str | None = target_option,
    out: Path = typer.Option(Path("mwaa-migration"), "--out", "-o", help="One folder for everything."),
    environment_name: str = typer.Option("airflow-migrated", "--environment-name", help="MWAA environment name."),
    region: str = typer.Option("us-east-1", "--region", help="AWS region used in the generated commands."),
    timezone: str | None = typer.Option(None, "--timezone", help="IANA zone of the crontab hosts (for `cron`)."),
    flavor: str = typer.Option("debian", "--flavor", help="Cron daemon of the hosts: debian | cronie | vixie."),
    secrets_source: list[Path] = typer.Option(
        [], "--secrets-export-file", help="Connections/variables export file for `secrets plan` (needs AWS access)."
    ),
    endpoint_url: str | None = typer.Option(None, "--endpoint-url", help="AWS endpoint for `secrets plan`."),
) -> None:
    """Run assess, convert, cron, bundle, secrets plan, plan and checklist; write index.html/index.md.

    Exit codes: 0 every stage ran (what they found is in the reports); 1 a stage failed (see the index);
    2 usage error.
    """
    from migrator.discover import Kind, discover
    from migrator.migrate.pipeline import StageResult, list_files, run_command

    paths = existing_paths(paths)
    target = target_version(target_airflow)
    resolved_out = out.resolve()
    for path in paths:
        root = path.resolve()
        if root.is_dir() and (resolved_out == root or root in resolved_out.parents):
            usage_error(f"--out {out} is inside the analysed path {path}; choose a folder outside it")
    out.mkdir(parents=True, exist_ok=True)
    sources = [str(p) for p in paths]
    common = ["--target-airflow", target.airflow]
    results: list[StageResult] = []
    registered = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    registered |= {g.name or "" for g in app.registered_groups}

    def stage(name: str, folder: str, args: list[str] | None, skip_reason: str = "") -> StageResult:
        if args is None or name.split()[0] not in registered:
            result = StageResult(name, folder, None, skip_reason or f"`{name}` is not available in this version")
        else:
            typer.echo(f"== {name}")
            code, printed = run_command(args)
            lines = [line for line in printed.strip().splitlines() if line.strip()]
            typer.echo(printed.rstrip())
            result = StageResult(name, folder, code, lines[-1] if lines else "", files=list_files(out, folder))
        results.append(result)
        return result

    stage("assess", "assess", ["assess", *sources, *common, "--out", str(out / "assess"), "--fail-on", "never"])
    stage("convert", "converted", ["convert", *sources, *common, "--out", str(out / "converted")])
    crontabs = [f.display for f in discover(paths).of_kind(Kind.CRONTAB, Kind.ANACRONTAB, Kind.RUN_PARTS_SCRIPT)]
    if crontabs:
        cron_args = ["cron", *crontabs, "--out", str(out / "cron"), "--flavor", flavor, *common]
        stage("cron", "cron", [*cron_args, "--timezone", timezone] if timezone else cron_args)
    else:
        stage("cron", "cron", None, "no crontab in the inputs")
    secrets_config: list[str] = []
    if secrets_source:
        secret_args = ["secrets", "plan", *[a for s in secrets_source for a in ("--export-file", str(s))],
                       "--region", region, "--out", str(out / "secrets"), *common]  # fmt: skip
        if endpoint_url:
            secret_args += ["--endpoint-url", endpoint_url]
        if stage("secrets plan", "secrets", secret_args).exit_code in (0, 1):
            options = out / "secrets" / "airflow_configuration_options.json"
            if options.is_file():
                secrets_config = ["--secrets-config", str(options)]
    else:
        stage("secrets plan", "secrets", None, "no --secrets-export-file given (connections stay to migrate)")
    # DAGs generated from crontabs (and the exact-DST timetable plugin) ship in the same bundle.
    generated = [str(p) for p in (out / "cron" / "dags", out / "cron" / "plugins") if p.is_dir()]
    stage("bundle", "bundle", ["bundle", *sources, *generated, *common, "--out", str(out / "bundle"), *secrets_config])
    bundle = out / "bundle"
    plan_args = ["plan", *sources, *generated, *common, "--out", str(out / "plan"),
                 "--environment-name", environment_name]  # fmt: skip
    if (bundle / "airflow_configuration_options.json").is_file():
        plan_args += ["--configuration-options", str(bundle / "airflow_configuration_options.json")]
    if (bundle / "plugins.zip").is_file():
        plan_args.append("--plugins")
    if (bundle / "startup.sh").is_file():
        plan_args.append("--startup-script")
    stage("plan", "plan", plan_args)
    stage("checklist", "checklist", ["checklist", *sources, *common, "--out", str(out / "checklist"),
                                     "--environment-name", environment_name, "--region", region,
                                     "--bundle-dir", str(bundle), "--flavor", flavor])  # fmt: skip
    assess_json = out / "assess" / "report.json"
    summary = json.loads(assess_json.read_text())["summary"] if assess_json.is_file() else None
    context = {"target": target.airflow, "inputs": sources, "stages": results, "summary": summary,
               "env_name": environment_name}  # fmt: skip
    for fmt in ("md", "html"):
        (out / f"index.{fmt}").write_text(render(f"migrate/index.{fmt}.j2", **context), encoding="utf-8")
    typer.echo(f"== done: {out / 'index.html'}")
    for result in results:
        typer.echo(f"  {result.name:<13} {result.status:<9} {result.summary[:110]}")
    raise typer.Exit(EXIT_THRESHOLD if any(r.status == "failed" for r in results) else EXIT_OK)
