from __future__ import annotations

import ast
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule
from migrator.knowledge.executor_features import executor_features
from migrator.rules.base import Example, PythonRule
from migrator.rules.dag_api.airflow_calls import callee_name, task_decorator_flavour
from migrator.rules.parse_time.module_scope import constant_string


class KubernetesPodLocalCluster(PythonRule):
    """`KubernetesPodOperator` (or `@task.kubernetes`) that expects to run inside the cluster
    (`in_cluster=True`) or reads a kube config from a local path (`config_file="/home/.../.kube/config"`).

    MWAA workers are not pods of your cluster (no service-account token to use in-cluster) and only
    have the files you deploy. Use the EKS pattern from the MWAA User Guide: `in_cluster=False`, a
    kube config shipped in the DAGs folder (`config_file="/usr/local/airflow/dags/kube_config.yaml"`
    made with `aws eks update-kubeconfig`), the execution role mapped into the cluster; or
    `EksPodOperator`, which builds the config from the execution role.
    """

    code = "MWAA406"
    name = "kubernetes-pod-local-cluster"
    title = "KubernetesPodOperator bound to a local cluster"
    family = Family.EXECUTOR
    severity = Severity.BLOCKER
    why = "MWAA workers are not in your Kubernetes cluster and have no local kube config."
    remedy = "Set in_cluster=False and ship a kube config in the DAGs folder (/usr/local/airflow/dags/...), or use EksPodOperator."
    fixable = False
    sources = (
        "MWAA User Guide mwaa-eks-example (config_file='/usr/local/airflow/dags/kube_config.yaml', in_cluster=False)",
        "shared/mwaa-facts.md §2 (Kubernetes work goes to EKS)",
    )
    examples = (
        Example(
            "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n"
            "a = KubernetesPodOperator(task_id='a', name='a', image='x', in_cluster=True)\n"
            "b = KubernetesPodOperator(task_id='b', name='b', image='x', config_file='/home/etl/.kube/config')\n",
            expect_lines=(2, 3),
        ),
        Example(
            "from airflow.providers.cncf.kubernetes.operators.kubernetes_pod import KubernetesPodOperator\n"
            "KUBE = '/usr/local/airflow/dags/kube_config.yaml'\n"
            "p = KubernetesPodOperator(task_id='p', name='p', image='x', in_cluster=False, config_file=KUBE,\n"
            "                          cluster_context='aws')\n",
            note="the MWAA User Guide's EKS pattern",
        ),
        Example(
            "from airflow.decorators import task\n"
            "@task.kubernetes(image='python:3.12', in_cluster=True)\n"
            "def transform():\n"
            "    pass\n",
            expect_lines=(2,),
        ),
    )

    node_types = (ast.Call,)
    needles = ("in_cluster", "config_file")

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        assert isinstance(node, ast.Call)
        features = executor_features()
        if callee_name(node) not in features.pod_operator_names and (
            task_decorator_flavour(node, module) not in features.pod_task_decorators
        ):
            return
        for kw in node.keywords:
            if kw.arg == "in_cluster" and isinstance(kw.value, ast.Constant) and kw.value.value is True:
                yield self.finding(
                    module.location(kw),
                    "in_cluster=True: MWAA workers do not run inside your Kubernetes cluster",
                    data=(("argument", "in_cluster"),),
                )
            elif kw.arg == "config_file":
                path = constant_string(kw.value, module)
                if path is not None and not path.startswith(features.shipped_kube_config_prefixes):
                    yield self.finding(
                        module.location(kw),
                        f"config_file {path!r} is not deployed to MWAA workers",
                        data=(("argument", "config_file"), ("path", path)),
                    )
