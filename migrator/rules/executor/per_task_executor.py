from __future__ import annotations

import ast
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule
from migrator.knowledge.executor_features import executor_features
from migrator.knowledge.lifecycle import target_at_least
from migrator.rules.base import Example
from migrator.rules.executor.task_argument import TaskArgumentRule
from migrator.rules.parse_time.module_scope import constant_string


class PerTaskExecutor(TaskArgumentRule):
    """`executor=` on a task (Airflow 2.10+ multiple executors), also in `@task(...)` and
    `default_args`.

    MWAA configures exactly one executor, Celery: a task naming another (`KubernetesExecutor`,
    `LocalExecutor`, `EdgeExecutor`, a custom class) cannot be scheduled (a blocker). Naming the
    CeleryExecutor is harmless on 2.10+ targets and not reported; on older targets the argument does
    not exist and is rejected. In default_args on a pre-2.10 target the key is ignored (info).
    """

    code = "MWAA403"
    name = "per-task-executor"
    title = "Per-task executor"
    family = Family.EXECUTOR
    severity = Severity.BLOCKER
    why = "MWAA runs only the CeleryExecutor; a task bound to another executor is never run."
    remedy = "Remove `executor=`; run the work with KubernetesPodOperator (EKS) or EcsRunTaskOperator instead of another executor."
    fixable = False
    sources = (
        "shared/mwaa-facts.md §2 (core.executor forced to CeleryExecutor; no multiple executors)",
        "apache-airflow 2.10.3 models/baseoperator.py (executor=, absent in 2.9.2)",
    )
    examples = (
        Example(
            "from airflow.operators.bash import BashOperator\n"
            "t = BashOperator(task_id='t', bash_command='true', executor='KubernetesExecutor')\n",
            expect_lines=(2,),
        ),
        Example(
            "from airflow.operators.bash import BashOperator\n"
            "t = BashOperator(task_id='t', bash_command='true', executor='CeleryExecutor')\n",
            target="2.10.3",
        ),
        Example(
            "from airflow.operators.bash import BashOperator\n"
            "t = BashOperator(task_id='t', bash_command='true', executor='CeleryExecutor')\n",
            expect_lines=(2,),
            target="2.9.2",
            note="the argument does not exist before 2.10",
        ),
        Example(
            "default_args = {'owner': 'x', 'executor': 'LocalExecutor'}\n",
            expect_lines=(1,),
            target="3.0.6",
        ),
    )

    argument = "executor"
    needles = ("executor=", "executor =", "'executor'", '"executor"')

    def check_value(self, module: PythonModule, anchor: ast.AST, value: ast.expr, scope: str) -> Iterator[Finding]:
        features = executor_features()
        executor = constant_string(value, module)
        supported = target_at_least(module.target, features.per_task_executor_in)
        if not supported:
            if scope == "default_args":
                yield self.finding(
                    module.location(anchor),
                    f"`executor` in default_args has no effect on Airflow {module.target} "
                    f"(per-task executors start in {features.per_task_executor_in})",
                    severity=Severity.INFO,
                    data=(("executor", executor or ""), ("scope", scope)),
                )
            else:
                yield self.finding(
                    module.location(anchor),
                    f"`executor=` does not exist on Airflow {module.target} "
                    f"(per-task executors start in {features.per_task_executor_in})",
                    data=(("executor", executor or ""), ("scope", scope)),
                )
            return
        if executor in features.celery_executor_names:
            return
        label = repr(executor) if executor is not None else "an expression"
        yield self.finding(
            module.location(anchor),
            f"task bound to executor {label}; MWAA runs only the CeleryExecutor",
            data=(("executor", executor or ""), ("scope", scope)),
        )
