from __future__ import annotations

import ast
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule
from migrator.knowledge.executor_features import executor_features
from migrator.rules.base import Example, PythonRule
from migrator.rules.dag_api.airflow_calls import default_args_entries, mentions_argument


def _kubernetes_keys(value: ast.expr) -> list[str]:
    keys = executor_features().kubernetes_executor_config_keys
    if isinstance(value, ast.Dict):
        return sorted(k.value for k in value.keys if isinstance(k, ast.Constant) and k.value in keys)
    return []


_NAMES = frozenset({"executor_config"})


class ExecutorConfig(PythonRule):
    """`executor_config=` on a task (or in `default_args`), usually a KubernetesExecutor
    `{"pod_override": k8s.V1Pod(...)}` asking for CPU, memory, an image or node selectors.

    MWAA runs the CeleryExecutor, which ignores executor_config: the task runs on an ordinary MWAA
    worker with the environment class's resources, so the requested pod never exists (a warning: the
    DAG loads, the resources silently change). `convert` removes the argument and leaves a
    `# mwaa-migrator:` comment. For a task that really needs its own image or resources, run it with
    KubernetesPodOperator on EKS or EcsRunTaskOperator on Fargate, or pick a larger environment class.
    `data` carries `argument` and `keys` (the Kubernetes keys found, e.g. `pod_override`).
    """

    code = "MWAA401"
    name = "executor-config"
    title = "executor_config / pod_override"
    family = Family.EXECUTOR
    severity = Severity.WARNING
    why = "MWAA's CeleryExecutor ignores executor_config: requested pods, images and resources never apply."
    remedy = "Remove executor_config; run tasks needing their own image/resources with KubernetesPodOperator (EKS) or EcsRunTaskOperator."
    fixable = True
    sources = (
        "shared/mwaa-facts.md §2 (CeleryExecutor only)",
        "apache-airflow 3.0.6 sdk/bases/operator.py (executor_config is read by the executor)",
    )
    examples = (
        Example(
            "from kubernetes.client import models as k8s\n"
            "from airflow.operators.python import PythonOperator\n"
            "t = PythonOperator(\n"
            "    task_id='train',\n"
            "    python_callable=print,\n"
            "    executor_config={'pod_override': k8s.V1Pod()},\n"
            ")\n",
            expect_lines=(6,),
        ),
        Example(
            "default_args = {\n"
            "    'owner': 'ml',\n"
            "    'executor_config': {'KubernetesExecutor': {'request_memory': '2Gi'}},\n"
            "}\n",
            expect_lines=(3,),
        ),
        Example(
            "from airflow.decorators import task\n"
            "@task(executor_config={'pod_override': None})\n"
            "def train():\n"
            "    pass\n",
            expect_lines=(2,),
        ),
        Example(
            "from airflow.operators.python import PythonOperator\n"
            "t = PythonOperator(task_id='train', python_callable=print)\n",
        ),
    )

    node_types = (ast.Call, ast.Assign, ast.AnnAssign)
    needles = ("executor_config",)

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        if not mentions_argument(node, _NAMES, module):
            return iter(())
        return self._check_node(node, module)

    def _check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg == "executor_config":
                    yield self._report(module, kw, kw.value, "operator")
        for entry in default_args_entries(node, module):
            if entry.key == "executor_config":
                yield self._report(module, entry.anchor, entry.value, "default_args")

    def _report(self, module: PythonModule, anchor: ast.AST, value: ast.expr, scope: str) -> Finding:
        keys = _kubernetes_keys(value)
        detail = f" ({', '.join(keys)})" if keys else ""
        where = "in default_args " if scope == "default_args" else ""
        return self.finding(
            module.location(anchor),
            f"executor_config{detail} {where}is ignored by MWAA's CeleryExecutor",
            data=(("argument", "executor_config"), ("keys", ",".join(keys)), ("scope", scope)),
        )
