from __future__ import annotations

import ast
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule
from migrator.knowledge.executor_features import executor_features
from migrator.rules.base import Example
from migrator.rules.executor.task_argument import TaskArgumentRule
from migrator.rules.parse_time.module_scope import constant_string


class CustomQueue(TaskArgumentRule):
    """`queue=` naming a Celery queue other than `default`, on a task, in `@task(...)`/`.override()`
    or in `default_args`.

    An MWAA environment has exactly one SQS queue; its Celery workers consume it under its own name
    and under `default`, nothing else. A task sent to any other queue stays queued forever and then
    fails on the scheduler's queued timeout (a blocker). `convert` removes the argument with a
    `# mwaa-migrator:` comment; if the queue separated heavy work, size the environment class or
    move that work to ECS/EKS. A queue given by a variable cannot be checked and is a warning.
    `data` carries `queue` (when literal) and `scope`.
    """

    code = "MWAA402"
    name = "custom-queue"
    title = "Task sent to a custom Celery queue"
    family = Family.EXECUTOR
    severity = Severity.BLOCKER
    why = "MWAA has one SQS queue (consumed as `default`); tasks on any other queue are never picked up."
    remedy = "Remove `queue=` (or use `default`); separate heavy work by environment class, pools, or ECS/EKS operators."
    fixable = True
    sources = (
        "shared/mwaa-facts.md §2 (one SQS queue; 'you cannot create, modify, or use custom Amazon SQS queues')",
        "aws/amazon-mwaa-docker-images python/mwaa/config/celery.py (predefined_queues: the env queue and 'default')",
    )
    examples = (
        Example(
            "from airflow.operators.bash import BashOperator\n"
            "heavy = BashOperator(task_id='heavy', bash_command='true', queue='gpu')\n"
            "light = BashOperator(task_id='light', bash_command='true', queue='default')\n",
            expect_lines=(2,),
            target="2.10.3",
            fixed="from airflow.operators.bash import BashOperator\n"
            "# mwaa-migrator: queue='gpu' removed: MWAA workers consume only the default queue\n"
            "heavy = BashOperator(task_id='heavy', bash_command='true')\n"
            "light = BashOperator(task_id='light', bash_command='true', queue='default')\n",
        ),
        Example(
            "default_args = {\n    'owner': 'x',\n    'queue': 'spark',\n}\n",
            expect_lines=(3,),
        ),
        Example(
            "import os\n"
            "from airflow.decorators import task\n"
            "@task(queue=os.environ['QUEUE'])\n"
            "def t():\n"
            "    pass\n",
            expect_lines=(3,),
            note="not a literal: a warning",
        ),
        Example(
            "import queue\n"
            "from airflow.operators.bash import BashOperator\n"
            "q = queue.Queue(maxsize=3)\n"
            "put = q.put('x')\n"
            "t = BashOperator(task_id='t', bash_command='true')\n",
        ),
    )

    argument = "queue"
    needles = ("queue=", "queue =", "'queue'", '"queue"')

    def check_value(self, module: PythonModule, anchor: ast.AST, value: ast.expr, scope: str) -> Iterator[Finding]:
        queue = constant_string(value, module)
        if queue is None:
            yield self.finding(
                module.location(anchor),
                "queue is set from an expression; MWAA only consumes the `default` queue",
                severity=Severity.WARNING,
                fixable=False,
                data=(("scope", scope),),
            )
        elif queue not in executor_features().consumed_queues:
            yield self.finding(
                module.location(anchor),
                f"queue {queue!r} is never consumed on MWAA (one SQS queue, consumed as `default`)",
                data=(("queue", queue), ("scope", scope)),
            )
