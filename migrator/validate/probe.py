"""Executed INSIDE a target-Airflow virtualenv (never imported by mwaa-migrator itself).

    python probe.py DAG_FOLDER  ->  JSON on stdout

Loads the folder with airflow's real DagBag and prints import errors and, for every DAG, its tasks
(id -> operator class) and dependency edges. Works on Airflow 2.x and 3.x.
"""

import json
import logging
import os
import sys
import warnings


def _installed_distributions() -> list[str]:
    from importlib import metadata

    names = set()
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            names.add(name.lower().replace("_", "-"))
    return sorted(names)


class _DagProcessorChannel:
    """Airflow 3 parses DAG files in a process with a request channel to the API server
    (task_runner.SUPERVISOR_COMMS); a module-level Variable.get or connection lookup goes through it.
    A bare DagBag has none, and such a file would fail to import for a reason MWAA never shows. This
    channel answers "not found", as a fresh MWAA environment would. Airflow 2 needs no channel."""

    def send(self, message: object) -> object:
        from airflow.sdk.exceptions import ErrorType  # type: ignore[import-not-found]
        from airflow.sdk.execution_time.comms import ErrorResponse  # type: ignore[import-not-found]

        kind = type(message).__name__
        error = ErrorType.CONNECTION_NOT_FOUND if "Connection" in kind else ErrorType.VARIABLE_NOT_FOUND
        return ErrorResponse(error=error, detail={"request": kind})


def _like_mwaa_dag_processor(folder: str) -> None:
    # MWAA has the DAGs and plugins folders on sys.path: DAG files import their helpers from both.
    plugins = os.environ.get("AIRFLOW__CORE__PLUGINS_FOLDER")
    for path in (folder, plugins):
        if path and path not in sys.path:
            sys.path.append(path)
    try:
        from airflow.sdk.execution_time import task_runner  # type: ignore[import-not-found]
    except ImportError:
        return
    if not hasattr(task_runner, "SUPERVISOR_COMMS"):
        task_runner.SUPERVISOR_COMMS = _DagProcessorChannel()


def main() -> None:
    folder = sys.argv[1]
    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)
    import airflow  # type: ignore[import-not-found]

    _like_mwaa_dag_processor(folder)

    try:
        from airflow.models.dagbag import DagBag  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - very old layouts
        from airflow.models import DagBag  # type: ignore[import-not-found]

    dagbag = DagBag(dag_folder=folder, include_examples=False)
    dags = {}
    for dag_id, dag in sorted(dagbag.dags.items()):
        tasks = {t.task_id: type(t).__name__ for t in dag.tasks}
        edges = sorted([up.task_id, down_id] for up in dag.tasks for down_id in up.downstream_task_ids)
        fileloc = os.path.relpath(dag.fileloc, folder) if dag.fileloc else ""
        dags[dag_id] = {"fileloc": fileloc, "tasks": tasks, "edges": edges}
    errors = {os.path.relpath(path, folder): text for path, text in sorted(dagbag.import_errors.items())}
    print(
        json.dumps(
            {
                "airflow_version": airflow.__version__,
                "python": sys.executable,
                "python_version": sys.version.split()[0],
                "import_errors": errors,
                "dags": dags,
                "distributions": _installed_distributions(),
            }
        )
    )


if __name__ == "__main__":
    main()
