"""Put on PYTHONPATH for the `validate` runs of the convert tests: makes a bare Airflow 3 DagBag parse
files the way MWAA's DAG processor does.

- The DAGs folder is on sys.path (DAG files import their helper packages, `from common import x`).
- The DAG processor gives every file it parses a request channel to the API server
  (airflow.sdk.execution_time.task_runner.SUPERVISOR_COMMS); a module-level `Variable.get(...)`
  or connection lookup goes through it. This environment is empty, so every variable and
  connection is "not found", as it would be on a fresh MWAA environment.
Airflow 2 has no such channel and needs none.
"""

import os
import sys

_dags = os.environ.get("AIRFLOW__CORE__DAGS_FOLDER")
if _dags and _dags not in sys.path:
    sys.path.append(_dags)

try:
    from airflow.sdk.execution_time import task_runner
except ImportError:  # Airflow 2
    task_runner = None


class _DagProcessorChannel:
    def send(self, message):
        from airflow.sdk.exceptions import ErrorType
        from airflow.sdk.execution_time.comms import ErrorResponse

        kind = type(message).__name__
        error = ErrorType.CONNECTION_NOT_FOUND if "Connection" in kind else ErrorType.VARIABLE_NOT_FOUND
        return ErrorResponse(error=error, detail={"request": kind})


if task_runner is not None and not hasattr(task_runner, "SUPERVISOR_COMMS"):
    task_runner.SUPERVISOR_COMMS = _DagProcessorChannel()
