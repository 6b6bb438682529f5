from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.airflow_cfg import AirflowConfig
from migrator.knowledge.mwaa_config import ExecutorKind
from migrator.rules.base import ConfigRule, Example
from migrator.rules.config.carry_over import Fate, carry_over_config


class NonCeleryExecutor(ConfigRule):
    """`core.executor` (or `AIRFLOW__CORE__EXECUTOR`) names an executor other than the CeleryExecutor.

    MWAA runs only the CeleryExecutor, with one Amazon SQS queue per environment; its image forces
    `core.executor` and the option is a reserved variable. What to do depends on the executor:

    * KubernetesExecutor, CeleryKubernetesExecutor, LocalKubernetesExecutor: tasks that need their own
      image or resources become `KubernetesPodOperator` tasks against Amazon EKS, or
      `EcsRunTaskOperator` tasks on Amazon ECS; `executor_config`/`pod_override` goes (blocker);
    * LocalExecutor, SequentialExecutor, DebugExecutor: nothing to rewrite, but tasks move from the
      scheduler host to Celery workers: check host files and tools, and size `parallelism` and
      `celery.worker_autoscale` for the environment class (warning);
    * EdgeExecutor, AWS executors, DaskExecutor, several executors (`A,B`), or a custom executor class
      (also one shipped in plugins): never loaded on MWAA (blocker).
    """

    code = "MWAA601"
    name = "non-celery-executor"
    title = "Executor other than the CeleryExecutor"
    family = Family.CONFIG
    severity = Severity.BLOCKER
    why = "MWAA runs only its own CeleryExecutor on Amazon SQS; core.executor is forced and reserved."
    remedy = "Run container workloads with KubernetesPodOperator on EKS or EcsRunTaskOperator on ECS; drop executor-specific settings."
    sources = (
        "MWAA User Guide: using-startup-script (reserved AIRFLOW__CORE__EXECUTOR), mwaa-eks-example, samples-ecs-operator",
        "aws/amazon-mwaa-docker-images python/mwaa/config/airflow.py _get_essential_airflow_executor_config",
    )
    examples = (
        Example("[core]\nexecutor = KubernetesExecutor\n", expect_lines=(2,), filename="airflow.cfg"),
        Example("[core]\ndags_folder = /opt/airflow/dags\nexecutor = LocalExecutor\n", expect_lines=(3,),
                filename="airflow.cfg"),
        Example("[core]\nexecutor = my_company.executors.BatchExecutor\n", expect_lines=(2,), filename="airflow.cfg"),
        Example("[core]\nexecutor = CeleryExecutor,KubernetesExecutor\n", expect_lines=(2,), filename="airflow.cfg",
                note="Airflow 2.10+ multi-executor configuration"),
        Example("export AIRFLOW__CORE__EXECUTOR=CeleryKubernetesExecutor\n", expect_lines=(1,), filename="airflow.env"),
        Example("[core]\nexecutor = CeleryExecutor\n", filename="airflow.cfg"),
        Example("[core]\nexecutor = airflow.executors.celery_executor.CeleryExecutor\n", filename="airflow.cfg"),
    )

    def check_config(self, config: AirflowConfig) -> Iterator[Finding]:
        for item in carry_over_config(config):
            if item.fate != Fate.EXECUTOR or item.executor is None:
                continue
            entry = item.entry
            if item.detail:
                what = f"{entry.value.strip()} configures {item.detail}, which MWAA does not run"
            else:
                what = f"{entry.value.strip()} is not available on MWAA (only the CeleryExecutor is)"
            severity = Severity.WARNING if item.executor.kind == ExecutorKind.LOCAL else Severity.BLOCKER
            yield self.finding(
                config.location(entry),
                f"{entry.dotted if entry.origin == 'cfg' else entry.env_name}: {what}",
                remedy=item.executor.remedy,
                severity=severity,
                data=(("executor", entry.value.strip()), ("executor_kind", item.executor.kind.value)),
            )
