import ast
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule
from migrator.rules.base import Example, PythonRule
from migrator.rules.plugins.plugin_class import (
    class_attributes,
    is_empty_collection,
    is_executor_class,
    is_plugin_class,
)


class PluginExecutor(PythonRule):
    """A plugin registers `executors`, or a file in the plugins folder defines an executor class
    (a subclass of Airflow's `BaseExecutor`, `CeleryExecutor`, ...).

    MWAA runs only its own CeleryExecutor: `core.executor` is forced by its image, so a custom
    executor, including one shipped in plugins.zip, is never loaded. Whatever it did (submitting
    tasks to a batch system, a cluster scheduler ...) has to become work that Celery tasks start:
    an operator that submits and polls (ideally deferrable), or ECS/EKS tasks.
    """

    code = "MWAA802"
    name = "plugin-executor"
    title = "Custom executor in plugins"
    family = Family.PLUGINS
    severity = Severity.BLOCKER
    why = "MWAA forces core.executor to its CeleryExecutor; custom executors are never loaded."
    remedy = "Turn the executor's job into operators run by Celery workers (submit-and-poll, deferrable), or run on ECS/EKS."
    sources = (
        "aws/amazon-mwaa-docker-images python/mwaa/config/airflow.py (essential core.executor)",
        "shared/mwaa-facts.md §6 (custom executors in plugins do not take effect)",
    )
    node_types = (ast.ClassDef,)
    needles = ("AirflowPlugin", "Executor")
    examples = (
        Example("from airflow.plugins_manager import AirflowPlugin\nfrom batch import BatchExecutor\n\n\n"
                "class BatchPlugin(AirflowPlugin):\n    name = 'batch'\n    executors = [BatchExecutor]\n",
                expect_lines=(7,), filename="plugins/batch_plugin.py"),
        Example("from airflow.executors.base_executor import BaseExecutor\n\n\nclass BatchExecutor(BaseExecutor):\n"
                "    def sync(self):\n        pass\n", expect_lines=(4,), filename="plugins/batch_executor.py"),
        Example("from airflow.executors.base_executor import BaseExecutor\n\n\nclass BatchExecutor(BaseExecutor):\n"
                "    pass\n", filename="tests/fake_executor.py", note="not in the plugins folder"),
        Example("from airflow.plugins_manager import AirflowPlugin\n\n\nclass P(AirflowPlugin):\n    name = 'p'\n"
                "    executors = []\n", filename="plugins/p.py"),
    )

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        assert isinstance(node, ast.ClassDef)
        if is_plugin_class(node, module):
            for name, statement in class_attributes(node):
                if name == "executors" and not is_empty_collection(statement):
                    yield self.finding(
                        module.location_at(statement.lineno, statement.col_offset + 1),
                        f"plugin {node.name} registers executors; MWAA only runs its CeleryExecutor",
                    )
        elif module.is_plugin_path and is_executor_class(node, module):
            yield self.finding(
                module.location_at(node.lineno, node.col_offset + 1),
                f"{node.name} is a custom executor; MWAA never loads it",
            )
