from migrator.findings import Severity
from migrator.rules.base import Example
from migrator.rules.imports.base import ImportRule
from migrator.rules.imports.resolve import Category


class MovedInAirflow3(ImportRule):
    """A name Airflow 3 moved, under the same name, to a provider, the Task SDK or another core module,
    where the old path no longer imports on the target: `airflow.hooks.S3_hook.S3Hook`,
    `airflow.executors.celery_executor.CeleryExecutor`, `airflow.kubernetes.secret.Secret`,
    `airflow.sensors.base_sensor_operator.BaseSensorOperator`, ...

    Only reported for MWAA 3.x targets (from the version in each row's `since`). Whether the old path
    still imports is read from the Airflow wheels of every MWAA version (symbols_availability.toml), so
    a name Airflow keeps as a shim is reported by MWAA106 instead. The message names the new path and,
    for provider moves, the distribution and the lowest provider release that has it.
    """

    code = "MWAA105"
    name = "moved-in-airflow-3"
    title = "Name moved in Airflow 3"
    category = Category.MOVED_IN_3
    severity = Severity.BLOCKER
    why = "The old import path fails on Airflow 3, so the DAG file does not load."
    remedy = "Import the name from its new module and add the provider distribution to requirements.txt."
    fixable = True
    examples = (
        Example(
            "from airflow.executors.celery_executor import CeleryExecutor\n",
            expect_lines=(1,),
            target="3.0.6",
            note="apache-airflow-providers-celery>=3.3.0",
        ),
        Example(
            "from airflow.kubernetes.secret import Secret\n",
            expect_lines=(1,),
            target="3.2.1",
        ),
        Example(
            "import airflow.executors.celery_kubernetes_executor\n",
            expect_lines=(1,),
            target="3.0.6",
            note="module import: airflow.providers.celery.executors.celery_kubernetes_executor",
        ),
        Example("from airflow.executors.celery_executor import CeleryExecutor\n", target="2.10.3"),
        Example(
            "from airflow.providers.celery.executors.celery_executor import CeleryExecutor\n", target="3.0.6"
        ),
    )
