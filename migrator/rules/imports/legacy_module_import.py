from migrator.findings import Severity
from migrator.rules.base import Example
from migrator.rules.imports.base import ImportRule
from migrator.rules.imports.resolve import Category


class LegacyModuleImport(ImportRule):
    """A 1.10-era import path: `airflow.{operators,hooks,sensors}.*_operator|_hook|_sensor`, the 1.10
    package-level aliases (`from airflow.operators import BashOperator`) and other 1.10 spellings
    (`from airflow import conf`).

    Airflow 2 renamed these modules (`bash_operator` -> `bash`) or moved them to providers
    (`postgres_operator` -> `apache-airflow-providers-postgres`, later `common.sql`). Airflow 2.x keeps
    shims for most of the module paths, so on MWAA 2.x they work with a DeprecationWarning; the 1.10
    package-level aliases and `airflow.conf` have no shim and fail. Airflow 3 removed the shims: on
    MWAA 3.x every such import fails, and the replacement is the Airflow 3 path (for example
    `airflow.operators.bash_operator.BashOperator` ->
    `airflow.providers.standard.operators.bash.BashOperator`).
    """

    code = "MWAA102"
    name = "legacy-module-import"
    title = "Airflow 1.10 import path"
    category = Category.LEGACY_MODULE
    severity = Severity.BLOCKER
    why = "1.10 module paths are deprecation shims on Airflow 2 and gone on Airflow 3."
    remedy = "Import the class from its Airflow 2/3 module (or provider package)."
    fixable = True
    examples = (
        Example(
            "from airflow.operators.bash_operator import BashOperator\n",
            expect_lines=(1,),
            target="2.10.3",
            note="warning on 2.x: use airflow.operators.bash.BashOperator",
        ),
        Example(
            "from airflow.operators.bash_operator import BashOperator\n",
            expect_lines=(1,),
            target="3.0.6",
            note="blocker on 3.x: use airflow.providers.standard.operators.bash.BashOperator",
        ),
        Example(
            "from airflow import DAG\nfrom airflow.operators import PythonOperator\nfrom airflow import conf\n",
            expect_lines=(2, 3),
            target="2.10.3",
            note="1.10 package-level alias and `from airflow import conf` fail on 2.x",
        ),
        Example(
            "from airflow.hooks.postgres_hook import PostgresHook\nimport airflow.sensors.http_sensor\n",
            expect_lines=(1, 2),
            target="2.7.2",
        ),
        Example("from airflow.operators.bash import BashOperator\n", target="2.10.3"),
        Example("from airflow.operators.python import PythonOperator\n", target="2.7.2"),
    )
