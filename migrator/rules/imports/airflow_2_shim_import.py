from migrator.findings import Severity
from migrator.rules.base import Example
from migrator.rules.imports.base import ImportRule
from migrator.rules.imports.resolve import Category


class Airflow2ShimImport(ImportRule):
    """On an MWAA 2.x target: a 2.x-era name Airflow 2 itself only keeps as a deprecation shim, such
    as `airflow.executors.celery_executor.CeleryExecutor` (moved to the celery provider in 2.7) or
    `airflow.kubernetes.secret.Secret` (cncf.kubernetes provider).

    The import works today with a DeprecationWarning; it breaks on Airflow 3. Moving it now makes
    the later 3.x migration smaller. On 3.x targets the same names are reported by MWAA104-MWAA106.
    """

    code = "MWAA108"
    name = "airflow-2-shim-import"
    title = "Import through an Airflow 2 deprecation shim"
    category = Category.AIRFLOW_2_SHIM
    severity = Severity.WARNING
    why = "The name only works through a shim that Airflow 3 removes."
    remedy = "Import the name from the module the shim points at (usually a provider package)."
    fixable = True
    examples = (
        Example(
            "from airflow.executors.celery_executor import CeleryExecutor\n",
            expect_lines=(1,),
            target="2.10.3",
        ),
        Example("from airflow.kubernetes.secret import Secret\n", expect_lines=(1,), target="2.7.2"),
        Example("from airflow.providers.cncf.kubernetes.secret import Secret\n", target="2.7.2"),
        Example(
            "from airflow.executors.celery_executor import CeleryExecutor\n",
            target="3.0.6",
            note="3.x targets: MWAA105 reports it",
        ),
    )
