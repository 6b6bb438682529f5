from __future__ import annotations

import ast
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule
from migrator.knowledge.executor_features import executor_features
from migrator.rules.base import Example, PythonRule
from migrator.rules.dag_api.airflow_calls import callee_name, task_decorator_flavour


class DockerOperator(PythonRule):
    """`DockerOperator`, `DockerSwarmOperator` or a `@task.docker` task.

    They need a Docker daemon (or a Swarm manager) reachable from the worker; MWAA workers are
    Fargate containers with no Docker socket and no privilege to start one (a blocker). Run the same
    image with `EcsRunTaskOperator` (Fargate, closest to `docker run`) or `KubernetesPodOperator` /
    `EksPodOperator` against EKS; the image goes to ECR.
    """

    code = "MWAA404"
    name = "docker-operator"
    title = "DockerOperator needs a Docker daemon"
    family = Family.EXECUTOR
    severity = Severity.BLOCKER
    why = "MWAA workers have no Docker daemon; DockerOperator tasks fail."
    remedy = "Push the image to ECR and run it with EcsRunTaskOperator (Fargate) or KubernetesPodOperator/EksPodOperator (EKS)."
    fixable = False
    sources = (
        "shared/mwaa-facts.md §2 (no Docker daemon; ECS or EKS operators) and §5 table",
        "MWAA User Guide samples-ecs-operator, mwaa-eks-example",
    )
    examples = (
        Example(
            "from airflow.providers.docker.operators.docker import DockerOperator\n"
            "t = DockerOperator(task_id='t', image='etl:latest', command='run')\n",
            expect_lines=(2,),
        ),
        Example(
            "from airflow.operators.docker_operator import DockerOperator\n"
            "from airflow.contrib.operators.docker_swarm_operator import DockerSwarmOperator\n"
            "a = DockerOperator(task_id='a', image='x')\n"
            "b = DockerSwarmOperator(task_id='b', image='x')\n",
            expect_lines=(3, 4),
            target="2.10.3",
        ),
        Example(
            "from airflow.decorators import task\n"
            "@task.docker(image='python:3.12')\n"
            "def transform():\n"
            "    pass\n",
            expect_lines=(2,),
        ),
        Example(
            "from airflow.providers.amazon.aws.operators.ecs import EcsRunTaskOperator\n"
            "t = EcsRunTaskOperator(task_id='t', cluster='c', task_definition='etl', overrides={})\n",
        ),
    )

    node_types = (ast.Call, ast.FunctionDef, ast.AsyncFunctionDef)
    needles = ("Docker", "docker")

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        features = executor_features()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                if task_decorator_flavour(decorator, module) in features.docker_task_decorators:
                    yield self.finding(
                        module.location(decorator), "`@task.docker` runs the task in a Docker container"
                    )
            return
        assert isinstance(node, ast.Call)
        name = callee_name(node)
        if name in features.docker_operator_names:
            qualname = module.qualname(node.func) or name
            if qualname in features.docker_qualnames or qualname.rsplit(".", 1)[-1] == name:
                yield self.finding(
                    module.location(node), f"`{name}` needs a Docker daemon, which MWAA workers do not have"
                )
