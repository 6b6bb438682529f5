"""Remove SLA arguments on Airflow 3, leaving a comment where they were (rule MWAA209).

Airflow 3 accepts `sla=` and `sla_miss_callback=` and ignores them with a warning: SLA alerting
silently stops. The codemod removes them (task calls, default_args dictionaries, DAG calls) and
leaves `# mwaa-migrator: sla=timedelta(hours=2) removed: ...` on the line where each stood, so the
reviewer sees what alerting to rebuild (Deadline Alerts, from the version in `arguments.toml`).
Callbacks (and `timedelta`) referenced only by the removed arguments lose their import too.
"""

from __future__ import annotations

import ast
from typing import ClassVar

import libcst as cst

from migrator.codemods import default_args
from migrator.codemods.base import Codemod, CodemodExample, ConvertOptions, FileContext
from migrator.codemods.edit import dict_key, one_line, remove_elements
from migrator.codemods.shapes import is_dag_call, is_task_call, subscript_default_args_key
from migrator.knowledge.arguments import sla_arguments
from migrator.knowledge.lifecycle import Status
from migrator.knowledge.versions import TargetVersion


def _message(name: str, value: cst.CSTNode, target: TargetVersion) -> str:
    sla = sla_arguments()
    if target.at_least(sla.deadline_alerts_in):
        instead = "rebuild the alert with DAG(deadline=DeadlineAlert(...))"
    else:
        instead = f"Deadline Alerts replace them from Airflow {sla.deadline_alerts_in}"
    return f"{name}={one_line(value)} removed: Airflow {target} has no SLAs; {instead}"


def _remedy() -> str:
    from migrator.rules import registry

    return registry.get("MWAA209").remedy


class SlaCodemod(Codemod):
    name = "sla"
    title = "Remove SLA arguments (Airflow 3 ignores them), leaving a comment"
    fixes = ("MWAA209",)
    needles = ("sla",)
    tables = ("arguments",)
    examples: ClassVar[tuple[CodemodExample, ...]] = (
        CodemodExample(
            before="""from datetime import timedelta

from airflow.models.dag import DAG
from airflow.providers.standard.operators.empty import EmptyOperator

from callbacks import alert_on_failure, on_sla_miss

default_args = {
    "owner": "data",
    "sla": timedelta(hours=2),
    "on_failure_callback": alert_on_failure,
}

with DAG(
    "nightly",
    schedule="@daily",
    default_args=default_args,
    sla_miss_callback=on_sla_miss,
    catchup=False,
) as dag:
    EmptyOperator(task_id="noop", sla=timedelta(minutes=30))
""",
            after="""from airflow.sdk import DAG
from airflow.providers.standard.operators.empty import EmptyOperator

from callbacks import alert_on_failure

default_args = {
    "owner": "data",
    # mwaa-migrator: sla=timedelta(hours=2) removed: Airflow 3.0.6 has no SLAs; Deadline Alerts replace them from Airflow 3.1
    "on_failure_callback": alert_on_failure,
}

with DAG(
    "nightly",
    schedule="@daily",
    default_args=default_args,
    # mwaa-migrator: sla_miss_callback=on_sla_miss removed: Airflow 3.0.6 has no SLAs; Deadline Alerts replace them from Airflow 3.1
    catchup=False,
) as dag:
    # mwaa-migrator: sla=timedelta(minutes=30) removed: Airflow 3.0.6 has no SLAs; Deadline Alerts replace them from Airflow 3.1
    EmptyOperator(task_id="noop")
""",
            target="3.0.6",
        ),
    )

    def line_words(
        self, text: str, tree: ast.Module, target: TargetVersion, options: ConvertOptions
    ) -> tuple[str, ...]:
        sla = sla_arguments()
        return (*sla.operator_arguments, *sla.dag_arguments)

    def applies_to(self, target: TargetVersion) -> bool:
        return sla_arguments().lifecycle.status(target) is Status.REMOVED

    def visit_Assign(self, node: cst.Assign, ctx: FileContext) -> None:
        default_args.mark_assignment(node, ctx)

    def visit_AnnAssign(self, node: cst.AnnAssign, ctx: FileContext) -> None:
        default_args.mark_assignment(node, ctx)

    def visit_Call(self, node: cst.Call, ctx: FileContext) -> None:
        default_args.mark_call(node, ctx)

    def leave_Call(self, original: cst.Call, updated: cst.Call, ctx: FileContext) -> cst.BaseExpression:
        sla = sla_arguments()
        if default_args.is_default_args(original, ctx) or is_task_call(original, ctx):
            names = set(sla.operator_arguments)
        elif is_dag_call(original, ctx):
            names = set(sla.dag_arguments)
        else:
            return updated
        return self._remove(updated, names, ctx)

    def leave_Dict(self, original: cst.Dict, updated: cst.Dict, ctx: FileContext) -> cst.BaseExpression:
        if not default_args.is_default_args(original, ctx):
            return updated
        return self._remove(updated, set(sla_arguments().operator_arguments), ctx)

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine, ctx: FileContext
    ) -> cst.BaseStatement | cst.RemovalSentinel:
        """`default_args["sla"] = timedelta(...)` goes, with its comment above the next statement."""
        if len(original.body) != 1 or not isinstance(original.body[0], cst.Assign):
            return updated
        key = subscript_default_args_key(original.body[0], ctx)
        if key not in sla_arguments().operator_arguments:
            return updated
        assign = updated.body[0]
        assert isinstance(assign, cst.Assign)
        ctx.discard(assign)
        ctx.changed(self)
        ctx.comment_next_statement(_message(key, assign.value, ctx.target))
        ctx.note(self, f"{key}= removed: {_remedy()}")
        return cst.RemovalSentinel.REMOVE

    def _remove(
        self, container: cst.Call | cst.Dict, names: set[str], ctx: FileContext
    ) -> cst.BaseExpression:
        elements = container.args if isinstance(container, cst.Call) else container.elements
        if not any(self._name_of(e) in names for e in elements):
            return container

        def decide(index: int, element: cst.CSTNode) -> str | None:
            name = self._name_of(element)
            if name not in names:
                return None
            value = element.value  # type: ignore[attr-defined]
            ctx.discard(element)
            ctx.changed(self)
            ctx.note(self, f"{name}= removed: {_remedy()}")
            return _message(name, value, ctx.target)

        new, displaced = remove_elements(container, decide)
        for text in displaced:
            ctx.comment_statement(text)
        return new

    @staticmethod
    def _name_of(element: cst.CSTNode) -> str | None:
        if isinstance(element, cst.Arg):
            return element.keyword.value if element.keyword is not None else None
        return dict_key(element)
