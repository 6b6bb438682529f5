"""`mwaa-migrator validate`: load DAGs with the real DagBag of the target Airflow version."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from migrator.cli.app import EXIT_OK, EXIT_THRESHOLD, app, usage_error
from migrator.cli.options import target_option, target_version
from migrator.templating import render


@app.command()
def validate(
    folder: Path = typer.Argument(..., help="DAG folder to load (e.g. the output of `convert`)."),
    target_airflow: str | None = target_option,
    python: Path | None = typer.Option(
        None, "--python", help="Python of an existing env with that Airflow; default: a cached venv built from PyPI."
    ),
    compare_with: Path | None = typer.Option(
        None, "--compare-with", help="Original DAG folder: compare dag ids, tasks, task types and edges."
    ),
    source_airflow: str = typer.Option("2.10.3", "--source-airflow", help="Airflow that loads --compare-with."),
    source_python: Path | None = typer.Option(None, "--source-python", help="Existing env for --compare-with."),
    json_out: Path | None = typer.Option(None, "--json", help="Also write the result as JSON here."),
    plugins: Path | None = typer.Option(
        None, "--plugins", help="Plugins folder to put on sys.path (default: a plugins/ folder beside the DAG folder)."
    ),
) -> None:
    """Load every DAG file in real Airflow; classify import errors as migration / dependency / code.

    Exit codes: 0 no migration error and no graph difference; 1 otherwise; 2 usage error.
    """
    from migrator.airflow_env import AirflowEnvError, ensure_airflow
    from migrator.validate.compare import compare_graphs
    from migrator.validate.run import load_folder

    if not folder.is_dir():
        usage_error(f"not a folder: {folder}")
    if compare_with is not None and not compare_with.is_dir():
        usage_error(f"not a folder: {compare_with}")
    target = target_version(target_airflow)
    try:
        after_python = python or ensure_airflow(target.airflow)
        after = load_folder(after_python, folder.resolve(), _plugins_beside(folder, plugins))
        before = None
        if compare_with is not None:
            before_python = source_python or ensure_airflow(source_airflow)
            before = load_folder(before_python, compare_with.resolve(), _plugins_beside(compare_with, None))
    except AirflowEnvError as exc:
        typer.echo(f"mwaa-migrator: error: {exc}", err=True)
        raise typer.Exit(EXIT_THRESHOLD) from None
    compared, differences = compare_graphs(before.dags, after.dags) if before else ([], [])
    typer.echo(render("cli/validate.txt.j2", after=after, before=before, compared=compared, differences=differences),
               nl=False)  # fmt: skip
    if json_out is not None:
        json_out.write_text(
            json.dumps(
                {
                    "airflow_version": after.airflow_version,
                    "python": after.python,
                    "dags": sorted(after.dags),
                    "problems": [_problem(p) for p in after.problems],
                    "compared": compared,
                    "differences": [{"dag_id": d.dag_id, "what": d.what} for d in differences],
                },
                indent=2,
            )
            + "\n"
        )
    failed = after.of_kind("migration") or differences
    raise typer.Exit(EXIT_THRESHOLD if failed else EXIT_OK)


def _plugins_beside(folder: Path, given: Path | None) -> Path | None:
    if given is not None:
        return given.resolve()
    sibling = folder.resolve().parent / "plugins"
    return sibling if sibling.is_dir() else None


def _problem(p: object) -> dict[str, str]:
    return {name: getattr(p, name) for name in ("path", "kind", "summary", "module", "distribution")}
