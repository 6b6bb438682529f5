from migrator.findings import Severity
from migrator.rules.base import Example
from migrator.rules.imports.base import ImportRule
from migrator.rules.imports.resolve import Category


class PluginMagicImport(ImportRule):
    """An import through the Airflow 1.10 plugin manager's magic namespaces:
    `from airflow.operators.my_plugin import MyOperator`, `from airflow.operators import MyOperator`,
    `import airflow.hooks.my_plugin`, `airflow.macros.my_plugin`.

    Airflow 1.10 injected every `AirflowPlugin`'s operators, hooks, sensors and macros into these
    packages under the plugin's name. Airflow 2.0 dropped that (and Airflow 3 removed the plugin
    attributes entirely), so the import fails on every MWAA version. A name counts as plugin magic
    when it is neither a real module or name of those packages in Airflow 1.10.15, any MWAA 2.x or
    3.x version (listed in symbols_1_10_to_2.toml [plugin_namespaces]) nor a known moved name.

    MWAA puts `plugins/` (and `dags/`) on `sys.path`, so import the class from the module that
    defines it. Not marked fixable: the rewrite needs the module that defines the class, which a
    later `convert` run finds by scanning plugins/.
    """

    code = "MWAA103"
    name = "plugin-magic-import"
    title = "Airflow 1.10 plugin-manager import"
    category = Category.PLUGIN_MAGIC
    severity = Severity.BLOCKER
    why = "Airflow 2 and 3 no longer expose plugin classes under airflow.operators/hooks/sensors/macros."
    remedy = "Import the class directly from its module in plugins/ or dags/ (both are on sys.path on MWAA)."
    examples = (
        Example(
            "from airflow import DAG\nfrom airflow.operators.my_plugin import MyOperator\n",
            expect_lines=(2,),
            target="2.10.3",
        ),
        Example(
            "from airflow.operators import SalesforceToS3Operator\nimport airflow.hooks.crm_plugin\n",
            expect_lines=(1, 2),
            target="3.0.6",
        ),
        Example("from airflow.macros.team_macros import fiscal_quarter\n", expect_lines=(1,), target="2.7.2"),
        Example(
            "from airflow.operators.bash import BashOperator\nfrom airflow.operators import bash\n"
            "from airflow.macros import ds_add\nfrom airflow.hooks.base import BaseHook\n",
            target="2.10.3",
            note="real modules and names of those packages are not plugins",
        ),
        Example("from my_plugin.operators import MyOperator\n", target="2.10.3"),
    )
