import ast
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule
from migrator.rules.base import Example, PythonRule
from migrator.rules.plugins.plugin_class import registered_attributes

_ATTRIBUTES = ("operators", "hooks", "sensors")

_PLUGIN = """from airflow.plugins_manager import AirflowPlugin
from warehouse_operators import WarehouseHook, WarehouseOperator


class WarehousePlugin(AirflowPlugin):
    name = "warehouse"
    operators = [WarehouseOperator]
    hooks = [WarehouseHook]
"""


class PluginRegistersOperators(PythonRule):
    """An `AirflowPlugin` subclass registers `operators`, `hooks` or `sensors`.

    Airflow 1.10 made them importable as `airflow.operators.<plugin_name>`; Airflow 2.0 stopped doing
    that ("Importing operators, sensors, hooks added in plugins using airflow.{operators,sensors,hooks}.
    <plugin_name> is no longer supported") and Airflow 3 dropped the attributes. On MWAA they do
    nothing. AWS's guidance: custom operators, hooks and sensors are plain Python modules; keep them
    in the DAGs folder (listed in `.airflowignore`) or in plugins.zip, and import them directly
    (`from operators.my_operator import MyOperator`). DAGs that still use the magic import are
    reported by the imports rules.
    """

    code = "MWAA801"
    name = "plugin-registers-operators"
    title = "Plugin registers operators, hooks or sensors"
    family = Family.PLUGINS
    severity = Severity.WARNING
    why = "Since Airflow 2.0 plugins no longer expose operators/hooks/sensors; the attribute has no effect."
    remedy = "Remove the attribute; import the classes from their module, kept in dags/ (in .airflowignore) or plugins.zip."
    sources = (
        "MWAA User Guide (2022): configuring-dag-import-plugins, Airflow 2 change",
        "MWAA User Guide: configuring-dag-import-plugins, When to use the plugins",
    )
    node_types = (ast.ClassDef,)
    needles = ("AirflowPlugin",)
    examples = (
        Example(_PLUGIN, expect_lines=(7, 8), filename="plugins/warehouse_plugin.py"),
        Example(_PLUGIN.replace("    operators = [WarehouseOperator]\n    hooks = [WarehouseHook]\n",
                                "    sensors = [WarehouseSensor]\n"), expect_lines=(7,), filename="plugins/warehouse_plugin.py",
                target="2.11.2"),
        Example(_PLUGIN.replace("    operators = [WarehouseOperator]\n    hooks = [WarehouseHook]\n",
                                "    operators = []\n    macros = [my_macro]\n"), filename="plugins/warehouse_plugin.py"),
        Example("class Registry:\n    operators = [1, 2]\n", filename="plugins/registry.py"),
    )

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        assert isinstance(node, ast.ClassDef)
        for name, statement in registered_attributes(node, module, _ATTRIBUTES):
            yield self.finding(
                module.location_at(statement.lineno, statement.col_offset + 1),
                f"plugin {node.name} registers {name}; since Airflow 2.0 plugins no longer make them importable",
                data=(("attribute", name),),
            )
