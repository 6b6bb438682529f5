from migrator.findings import Severity
from migrator.rules.base import Example
from migrator.rules.imports.base import ImportRule
from migrator.rules.imports.resolve import Category


class DeprecatedInAirflow3(ImportRule):
    """A name that still imports on the MWAA 3.x target but has a new home: the core operators and
    sensors that moved to `apache-airflow-providers-standard` (`airflow.operators.bash.BashOperator`,
    `airflow.operators.python.PythonOperator`, `airflow.sensors.external_task.ExternalTaskSensor`,
    ruff AIR312), the public Task SDK spellings (`airflow.DAG`, `airflow.models.Variable`,
    `airflow.decorators.task` -> `airflow.sdk`, ruff AIR311) and the names Airflow 3.1 moved
    (`airflow.utils.timezone`, `airflow.hooks.base.BaseHook`, ruff AIR321, only for targets >= 3.1).

    Severity: a warning when the old path is a deprecation shim (it logs a DeprecationWarning at every
    parse and a later Airflow drops it; `airflow.datasets` already did in 3.2); info when the old
    spelling is still public and the new one is merely preferred (`from airflow import DAG`).
    """

    code = "MWAA106"
    name = "deprecated-in-airflow-3"
    title = "Name deprecated in Airflow 3"
    category = Category.DEPRECATED_IN_3
    severity = Severity.WARNING
    why = "The old path works on the target only through a deprecation shim that later versions remove."
    remedy = "Import the name from its new module (airflow.sdk or apache-airflow-providers-standard)."
    fixable = True
    examples = (
        Example(
            "from airflow.operators.python import PythonOperator\n",
            expect_lines=(1,),
            target="3.0.6",
            note="warning: airflow.providers.standard.operators.python.PythonOperator",
        ),
        Example(
            "from airflow import DAG\nfrom airflow.models import Variable\n",
            expect_lines=(1, 2),
            target="3.2.1",
            note="info: airflow.sdk.DAG / airflow.sdk.Variable",
        ),
        Example(
            "from airflow.hooks.base import BaseHook\n",
            expect_lines=(1,),
            target="3.2.1",
            note="moved in 3.1 to airflow.sdk.BaseHook",
        ),
        Example(
            "from airflow.hooks.base import BaseHook\n", target="3.0.6", note="3.1 moves skip 3.0 targets"
        ),
        Example("from airflow.operators.python import PythonOperator\n", target="2.10.3"),
        Example("from airflow.sdk import DAG, Variable\n", target="3.0.6"),
    )
