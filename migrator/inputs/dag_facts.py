"""Facts about the DAGs a file defines, gathered during the engine's single walk (no findings).

`plan` sizes the environment from them (DAG and task counts, schedules, concurrency settings) and
`checklist` orders pause/unpause by the cross-DAG references (TriggerDagRunOperator,
ExternalTaskSensor)."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from migrator.inputs.python_module import PythonModule, keyword, string_value

_DAG_CLASSES = {"airflow.DAG", "airflow.models.DAG", "airflow.models.dag.DAG", "airflow.sdk.DAG"}
_DAG_DECORATORS = {"airflow.decorators.dag", "airflow.sdk.dag"}
_TASK_DECORATOR_PREFIXES = ("airflow.decorators.task", "airflow.sdk.task")
_TRIGGER_CLASSES = {"TriggerDagRunOperator"}
_EXTERNAL_CLASSES = {"ExternalTaskSensor", "ExternalTaskMarker"}


@dataclass(slots=True)
class DagInfo:
    dag_id: str  # "" when not a literal (generated DAGs)
    line: int
    schedule: str = ""  # the literal schedule/schedule_interval, if any
    max_active_tasks: int | None = None
    max_active_runs: int | None = None


@dataclass(slots=True)
class DagFacts:
    dags: list[DagInfo] = field(default_factory=list)
    tasks: int = 0
    triggers: list[str] = field(default_factory=list)  # dag ids this file triggers
    waits_for: list[str] = field(default_factory=list)  # dag ids this file's sensors wait for

    def to_dict(self) -> dict[str, Any]:
        return {
            "dags": [
                {"dag_id": d.dag_id, "line": d.line, "schedule": d.schedule,
                 "max_active_tasks": d.max_active_tasks, "max_active_runs": d.max_active_runs}
                for d in self.dags
            ],
            "tasks": self.tasks,
            "triggers": sorted(set(self.triggers)),
            "waits_for": sorted(set(self.waits_for)),
        }  # fmt: skip


def _int_value(node: ast.AST | None) -> int | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    return None


def _dag_info(call: ast.Call, line: int) -> DagInfo:
    dag_id = string_value(call.args[0]) if call.args else None
    if dag_id is None:
        kw = keyword(call, "dag_id")
        dag_id = string_value(kw.value) if kw else None
    schedule = ""
    for name in ("schedule", "schedule_interval", "timetable"):
        kw = keyword(call, name)
        if kw is not None:
            schedule = string_value(kw.value) or ast.unparse(kw.value)
            break
    concurrency = keyword(call, "max_active_tasks") or keyword(call, "concurrency")
    runs = keyword(call, "max_active_runs")
    return DagInfo(
        dag_id or "",
        line,
        schedule,
        _int_value(concurrency.value) if concurrency else None,
        _int_value(runs.value) if runs else None,
    )


class DagFactsCollector:
    """Not a rule: the engine always adds it to the walk's dispatch table."""

    node_types: tuple[type[ast.AST], ...] = (ast.Call, ast.FunctionDef)

    def __init__(self, module: PythonModule) -> None:
        self.module = module
        self.facts = DagFacts()

    def check_node(self, node: ast.AST, module: PythonModule) -> tuple[()]:
        if isinstance(node, ast.FunctionDef):
            self._decorated(node)
            return ()
        assert isinstance(node, ast.Call)
        name = module.qualname(node.func) or ""
        short = name.rsplit(".", 1)[-1]
        if name in _DAG_CLASSES or (short == "DAG" and "airflow" in name):
            self.facts.dags.append(_dag_info(node, node.lineno))
        elif short.endswith(("Operator", "Sensor")) and keyword(node, "task_id") is not None:
            self.facts.tasks += 1
            target = None
            if short in _TRIGGER_CLASSES:
                target = keyword(node, "trigger_dag_id")
                if target is not None and (value := string_value(target.value)):
                    self.facts.triggers.append(value)
            elif short in _EXTERNAL_CLASSES:
                target = keyword(node, "external_dag_id")
                if target is not None and (value := string_value(target.value)):
                    self.facts.waits_for.append(value)
        return ()

    def _decorated(self, node: ast.FunctionDef) -> None:
        for decorator in node.decorator_list:
            call = decorator if isinstance(decorator, ast.Call) else None
            name = self.module.qualname(call.func if call else decorator) or ""
            if name in _DAG_DECORATORS:
                info = _dag_info(call, node.lineno) if call else DagInfo("", node.lineno)
                if not info.dag_id:
                    kw = keyword(call, "dag_id") if call else None
                    info.dag_id = (string_value(kw.value) if kw else None) or node.name
                self.facts.dags.append(info)
            elif name.startswith(_TASK_DECORATOR_PREFIXES):
                self.facts.tasks += 1
