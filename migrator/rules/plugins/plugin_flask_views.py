import ast
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule
from migrator.rules.base import Example, PythonRule
from migrator.rules.plugins.plugin_class import registered_attributes

_ATTRIBUTES = ("flask_blueprints", "appbuilder_views", "appbuilder_menu_items")

_PLUGIN = """from airflow.plugins_manager import AirflowPlugin
from flask import Blueprint

quality = Blueprint("quality", __name__)


class QualityPlugin(AirflowPlugin):
    name = "quality"
    flask_blueprints = [quality]
    appbuilder_menu_items = [{"name": "Docs", "href": "https://wiki.example.com"}]
"""


class PluginFlaskViews(PythonRule):
    """For an Airflow 3 target: a plugin adds Flask blueprints, Flask-AppBuilder views or menu items.

    Airflow 3 replaced the Flask web server with a FastAPI API server and a React UI. Flask
    extensions only keep working through the FAB provider's compatibility layer (MWAA 3.x runs the
    FAB auth manager and ships `apache-airflow-providers-fab`), served under the legacy Flask app:
    test each view on the target. The Airflow 3 way is `fastapi_apps` / `fastapi_root_middlewares`
    for server-side endpoints and `external_views` / `react_apps` for UI pages. Remember that plugins
    on MWAA need `core.lazy_load_plugins = False`.
    """

    code = "MWAA803"
    name = "plugin-flask-views"
    title = "Plugin adds Flask views (Airflow 3 UI is FastAPI/React)"
    family = Family.PLUGINS
    severity = Severity.WARNING
    why = "Airflow 3's UI no longer runs on Flask; Flask views only work through the FAB provider's compatibility layer."
    remedy = "Test the view on the target; rewrite it as a FastAPI app (fastapi_apps) or an external/React view for Airflow 3."
    sources = (
        "Apache Airflow 3 release notes: plugins (fastapi_apps, external_views, react_apps; Flask via FAB provider)",
        "aws/amazon-mwaa-docker-images 3.x: FabAuthManager forced, apache-airflow-providers-fab in the BOM",
    )
    node_types = (ast.ClassDef,)
    needles = ("AirflowPlugin",)
    examples = (
        Example(_PLUGIN, expect_lines=(9, 10), filename="plugins/quality_plugin.py", target="3.3.1"),
        Example(_PLUGIN, filename="plugins/quality_plugin.py", target="2.11.2"),
        Example("from airflow.plugins_manager import AirflowPlugin\n\n\nclass P(AirflowPlugin):\n    name = 'p'\n"
                "    appbuilder_views = []\n", filename="plugins/p.py", target="3.3.1"),
    )

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        assert isinstance(node, ast.ClassDef)
        if module.target.major < 3:
            return
        for name, statement in registered_attributes(node, module, _ATTRIBUTES):
            yield self.finding(
                module.location_at(statement.lineno, statement.col_offset + 1),
                f"plugin {node.name} adds {name}, which Airflow 3 only serves through the FAB provider",
                data=(("attribute", name),),
            )
