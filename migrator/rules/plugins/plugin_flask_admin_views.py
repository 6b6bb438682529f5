import ast
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule
from migrator.rules.base import Example, PythonRule
from migrator.rules.plugins.plugin_class import registered_attributes

_ATTRIBUTES = ("admin_views", "menu_links")


class PluginFlaskAdminViews(PythonRule):
    """A plugin adds `admin_views` or `menu_links`: Airflow 1.10's Flask-Admin UI extensions.
    Airflow 2.0 removed the Flask-Admin UI (only the RBAC Flask-AppBuilder UI remained), so these
    attributes are ignored on every MWAA version and the pages are gone.

    Rewrite them as `appbuilder_views` / `appbuilder_menu_items` for Airflow 2 targets, or as
    `fastapi_apps` / `external_views` for Airflow 3 targets.
    """

    code = "MWAA804"
    name = "plugin-flask-admin-views"
    title = "Plugin adds Flask-Admin views (removed in Airflow 2.0)"
    family = Family.PLUGINS
    severity = Severity.WARNING
    why = "Airflow 2.0 removed the Flask-Admin UI; admin_views and menu_links are ignored."
    remedy = "Rewrite as appbuilder_views/appbuilder_menu_items (Airflow 2) or fastapi_apps/external_views (Airflow 3)."
    sources = ("Apache Airflow 2.0 UPDATING.md: the old Flask-Admin based UI was removed",)
    node_types = (ast.ClassDef,)
    needles = ("admin_views", "menu_links")
    examples = (
        Example("from airflow.plugins_manager import AirflowPlugin\nfrom views import dashboard, docs_link\n\n\n"
                "class Dashboards(AirflowPlugin):\n    name = 'dashboards'\n    admin_views = [dashboard]\n"
                "    menu_links = [docs_link]\n", expect_lines=(7, 8), filename="plugins/dashboards.py", target="2.11.2"),
        Example("from airflow.plugins_manager import AirflowPlugin\n\n\nclass P(AirflowPlugin):\n    name = 'p'\n"
                "    admin_views = []\n", filename="plugins/p.py"),
    )

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        assert isinstance(node, ast.ClassDef)
        for name, statement in registered_attributes(node, module, _ATTRIBUTES):
            yield self.finding(
                module.location_at(statement.lineno, statement.col_offset + 1),
                f"plugin {node.name} adds {name}, a Flask-Admin extension Airflow 2.0 removed",
                data=(("attribute", name),),
            )
