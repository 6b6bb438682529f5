import ast
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule
from migrator.rules.base import Example, PythonRule
from migrator.rules.plugins.plugin_class import class_attributes, is_plugin_class


class PluginWithoutName(PythonRule):
    """An `AirflowPlugin` subclass sets no `name`. Airflow's plugin manager refuses such a plugin
    ("Your plugin needs a name.") and logs an import error: none of what it registers is loaded.
    Subclasses meant as bases for other plugins are fine if they are not themselves registered; a
    base class without a name in plugins/ is still loaded by the plugin manager and fails.
    """

    code = "MWAA805"
    name = "plugin-without-name"
    title = "AirflowPlugin without a name"
    family = Family.PLUGINS
    severity = Severity.WARNING
    why = "Airflow's plugin manager rejects plugins without a name; nothing they register is loaded."
    remedy = 'Add `name = "my_plugin"` to the class.'
    sources = ("apache/airflow plugins_manager.py AirflowPlugin.validate (\"Your plugin needs a name.\")",)
    node_types = (ast.ClassDef,)
    needles = ("AirflowPlugin",)
    examples = (
        Example("from airflow.plugins_manager import AirflowPlugin\n\n\nclass Listeners(AirflowPlugin):\n"
                "    listeners = [my_listener]\n", expect_lines=(4,), filename="plugins/listeners.py"),
        Example("from airflow.plugins_manager import AirflowPlugin\n\n\nclass Listeners(AirflowPlugin):\n"
                "    name = 'listeners'\n    listeners = [my_listener]\n", filename="plugins/listeners.py"),
    )

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        assert isinstance(node, ast.ClassDef)
        if not is_plugin_class(node, module):
            return
        if any(name == "name" for name, _ in class_attributes(node)):
            return
        yield self.finding(module.location_at(node.lineno, node.col_offset + 1),
                           f"plugin {node.name} has no name; Airflow refuses to load it")  # fmt: skip
