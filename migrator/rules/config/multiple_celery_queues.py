from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.airflow_cfg import AirflowConfig
from migrator.rules.base import ConfigRule, Example
from migrator.rules.config.carry_over import Fate, carry_over_config


class MultipleCeleryQueues(ConfigRule):
    """The deployment routes tasks to a Celery queue other than `default` (`operators.default_queue`,
    or its Airflow 1.10 name `celery.default_queue`), which means its workers listen to named queues.

    MWAA has exactly one Amazon SQS queue per environment; its image forces `operators.default_queue`
    to that queue and its Celery transport predefines only that queue (also under the name
    `default`). AWS: "you cannot create, modify, or use custom Amazon SQS queues within Amazon MWAA".
    A task whose `queue=` names another queue is never picked up and sits in `queued` until it times
    out. The DAG-side `queue=` arguments are reported by the DAG rules; this finding says the
    deployment as a whole relied on several queues.
    """

    code = "MWAA605"
    name = "multiple-celery-queues"
    title = "Deployment routes tasks to named Celery queues"
    family = Family.CONFIG
    severity = Severity.WARNING
    fixable = True
    why = "MWAA has one SQS queue per environment; tasks sent to any other queue name are never consumed."
    remedy = "Drop the option (bundle leaves it out) and remove queue= from tasks; isolate heavy work with pools, or run it on ECS/EKS."
    sources = (
        "aws/amazon-mwaa-docker-images python/mwaa/config/celery.py get_broker_transport_config (predefined_queues)",
        "MWAA User Guide: mwaa-faqs (no custom SQS queues)",
    )
    examples = (
        Example("[celery]\ndefault_queue = etl_default\nworker_concurrency = 16\n", expect_lines=(2,), filename="airflow.cfg"),
        Example("[operators]\ndefault_queue = gpu\n", expect_lines=(2,), filename="airflow.cfg"),
        Example("AIRFLOW__OPERATORS__DEFAULT_QUEUE=heavy\n", expect_lines=(1,), filename="airflow.env"),
        Example("[operators]\ndefault_queue = default\n", filename="airflow.cfg"),
    )

    def check_config(self, config: AirflowConfig) -> Iterator[Finding]:
        for item in carry_over_config(config):
            if item.fate != Fate.CELERY_QUEUE:
                continue
            entry = item.entry
            yield self.finding(
                config.location(entry),
                f"{entry.dotted} = {item.shown_value}: tasks go to queue {item.shown_value!r}, which no MWAA worker "
                "consumes (MWAA has one SQS queue)",
                data=(("queue", entry.value.strip()),),
            )
