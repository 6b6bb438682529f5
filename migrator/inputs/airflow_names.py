"""What Airflow names mean, independent of the syntax tree they were read from: shared by the rules
(stdlib ast, rules/dag_api/airflow_calls.py) and the codemods (libcst, codemods/shapes.py), so
`convert` rewrites exactly what `assess` reports."""

from __future__ import annotations

import re

TASK_DECORATORS = ("airflow.decorators.task", "airflow.sdk.task")
# Methods that configure a TaskFlow task or a mapped operator with BaseOperator arguments.
TASK_CONFIG_METHODS = frozenset({"override", "partial"})
DEFAULT_ARGS_NAME = re.compile(r"\bdefault_args\s*=\s*([A-Za-z_]\w*)")


def is_dag_class(qualname: str | None) -> bool:
    if qualname is None:
        return False
    # A bare `DAG` with no import binding comes from a star import of airflow.
    return qualname == "DAG" or (qualname.startswith("airflow.") and qualname.endswith(".DAG"))


def is_dag_decorator_name(qualname: str | None) -> bool:
    return qualname is not None and qualname.startswith("airflow.") and qualname.endswith(".dag")


def task_decorator_flavour_of(qualname: str | None) -> str | None:
    """"" for the plain TaskFlow `task` decorator, the flavour ("docker", "bash", ...) for
    `task.<flavour>`, None for anything else."""
    if qualname is None:
        return None
    for prefix in TASK_DECORATORS:
        if qualname == prefix:
            return ""
        if qualname.startswith(prefix + "."):
            return qualname[len(prefix) + 1 :]
    return None


def is_task_class_name(name: str) -> bool:
    """A callee name that instantiates or configures a task (`BashOperator`, `S3KeySensor`, `.partial`)."""
    return name.endswith(("Operator", "Sensor")) or name in TASK_CONFIG_METHODS


def default_args_names(text: str) -> frozenset[str]:
    """Names a file passes as `default_args=` (plus `default_args` itself)."""
    return frozenset({"default_args", *DEFAULT_ARGS_NAME.findall(text)})
