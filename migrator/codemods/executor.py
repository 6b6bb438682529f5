"""Remove executor-specific task arguments MWAA cannot honour, leaving a comment (rules MWAA401/402).

MWAA runs the CeleryExecutor with one queue (`executor_features.toml`): `executor_config=` (Kubernetes
`pod_override`, `pod_template_file`, `KubernetesExecutor` resources) is ignored there, and a task
sent to any queue other than the consumed ones is never picked up. The codemod removes both from
task calls and default_args dictionaries, and leaves `# mwaa-migrator: ... removed: ...` where each
stood so the reviewer can size the environment instead. Imports only the removed code used (the
`kubernetes.client` models of a pod_override) go too.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from migrator.codemods import default_args
from migrator.codemods.base import Codemod, CodemodExample, FileContext
from migrator.codemods.edit import dict_key, one_line, remove_elements, string_value
from migrator.codemods.shapes import is_task_call
from migrator.knowledge import load


def _consumed_queues() -> frozenset[str]:
    return frozenset(load("executor_features")["queue"]["consumed"])


def _message(name: str, value: cst.BaseExpression) -> str:
    if name == "executor_config":
        return (
            f"executor_config={one_line(value, 40)} removed: MWAA runs the CeleryExecutor, which ignores it; "
            "pick the environment class / worker size instead"
        )
    return f"queue={one_line(value, 40)} removed: MWAA workers consume only the default queue"


def _remedy(name: str) -> str:
    """The remedy of the rule that reports `name` (the rule is the one place it is written)."""
    from migrator.rules import registry

    code = "MWAA401" if name == "executor_config" else "MWAA402"
    return registry.get(code).remedy


class ExecutorCodemod(Codemod):
    name = "executor"
    title = "Remove executor_config and custom queue= (MWAA runs one Celery queue), leaving a comment"
    fixes = ("MWAA401", "MWAA402")
    needles = ("executor_config", "queue")
    tables = ("executor_features",)
    examples: ClassVar[tuple[CodemodExample, ...]] = (
        CodemodExample(
            before="""from airflow.providers.standard.operators.bash import BashOperator
from kubernetes.client import models as k8s

default_args = {"owner": "etl", "queue": "edge_nodes"}

heavy = BashOperator(
    task_id="heavy",
    bash_command="run.sh",
    executor_config={
        "pod_override": k8s.V1Pod(spec=k8s.V1PodSpec(containers=[k8s.V1Container(name="base")]))
    },
    queue="default",
)
light = BashOperator(task_id="light", bash_command="true", queue="gpu")
""",
            after="""from airflow.providers.standard.operators.bash import BashOperator

# mwaa-migrator: queue="edge_nodes" removed: MWAA workers consume only the default queue
default_args = {"owner": "etl"}

heavy = BashOperator(
    task_id="heavy",
    bash_command="run.sh",
    # mwaa-migrator: executor_config={ "pod_override": k8s.V1Pod(spec=k8s.... removed: MWAA runs the CeleryExecutor, which ignores it; pick the environment class / worker size instead
    queue="default",
)
# mwaa-migrator: queue="gpu" removed: MWAA workers consume only the default queue
light = BashOperator(task_id="light", bash_command="true")
""",
            target="2.10.3",
        ),
    )

    def visit_Assign(self, node: cst.Assign, ctx: FileContext) -> None:
        default_args.mark_assignment(node, ctx)

    def visit_AnnAssign(self, node: cst.AnnAssign, ctx: FileContext) -> None:
        default_args.mark_assignment(node, ctx)

    def visit_Call(self, node: cst.Call, ctx: FileContext) -> None:
        default_args.mark_call(node, ctx)

    def leave_Call(self, original: cst.Call, updated: cst.Call, ctx: FileContext) -> cst.BaseExpression:
        if default_args.is_default_args(original, ctx) or is_task_call(original, ctx):
            return self._remove(updated, ctx)
        return updated

    def leave_Dict(self, original: cst.Dict, updated: cst.Dict, ctx: FileContext) -> cst.BaseExpression:
        if default_args.is_default_args(original, ctx):
            return self._remove(updated, ctx)
        return updated

    def _remove(self, container: cst.Call | cst.Dict, ctx: FileContext) -> cst.BaseExpression:
        consumed = _consumed_queues()

        def name_value(element: cst.CSTNode) -> tuple[str | None, cst.BaseExpression | None]:
            if isinstance(element, cst.Arg):
                return (element.keyword.value if element.keyword is not None else None), element.value
            if isinstance(element, cst.DictElement):
                return dict_key(element), element.value
            return None, None

        def decide(index: int, element: cst.CSTNode) -> str | None:
            name, value = name_value(element)
            if value is None or name not in ("executor_config", "queue"):
                return None
            if name == "queue" and string_value(value) in consumed:
                return None
            ctx.discard(element)
            ctx.changed(self)
            ctx.note(self, f"{name}= removed: {_remedy(name)}")
            return _message(name, value)

        elements = container.args if isinstance(container, cst.Call) else container.elements
        if not any(name_value(e)[0] in ("executor_config", "queue") for e in elements):
            return container
        new, displaced = remove_elements(container, decide)
        for text in displaced:
            ctx.comment_statement(text)
        return new
