"""Plugin rules through the real engine: how plugin classes are recognised, where findings land."""

from __future__ import annotations

from pathlib import Path

from migrator.engine import analyse
from migrator.knowledge.versions import resolve

PLUGIN = """\
import airflow.plugins_manager as pm
from airflow.executors import base_executor


class LegacyExecutor(base_executor.BaseExecutor):
    pass


class Everything(pm.AirflowPlugin):
    name = "everything"
    operators: list = [object]
    sensors = (object,)
    hooks = []
    executors = [LegacyExecutor]
    flask_blueprints = [object]
    appbuilder_views = [{"name": "x", "view": object()}]
    admin_views = [object]
    menu_links = [object]


class NotAPlugin:
    operators = [object]
    executors = [object]
"""


def findings(tmp_path: Path, name: str, text: str, target: str) -> set[tuple[str, int]]:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    deployment = analyse([tmp_path], resolve(target), cache=None, jobs=1, cwd=tmp_path)
    return {(f.code, f.location.line) for f in deployment.findings if f.code.startswith("MWAA8")}


def test_every_attribute_lands_on_its_line_for_airflow_3(tmp_path: Path) -> None:
    assert findings(tmp_path, "plugins/everything.py", PLUGIN, "3.3.1") == {
        ("MWAA802", 5), ("MWAA801", 11), ("MWAA801", 12), ("MWAA802", 14), ("MWAA803", 15), ("MWAA803", 16),
        ("MWAA804", 17), ("MWAA804", 18),
    }  # fmt: skip


def test_flask_views_are_fine_on_airflow_2(tmp_path: Path) -> None:
    found = findings(tmp_path, "plugins/everything.py", PLUGIN, "2.11.2")
    assert not {code for code, _ in found} & {"MWAA803"}
    assert ("MWAA801", 11) in found and ("MWAA802", 14) in found


def test_executor_classes_outside_plugins_are_not_plugin_findings(tmp_path: Path) -> None:
    found = findings(tmp_path, "dags/helpers/everything.py", PLUGIN, "3.3.1")
    assert ("MWAA802", 5) not in found and ("MWAA802", 14) in found


def test_plugin_without_name(tmp_path: Path) -> None:
    text = "from airflow.plugins_manager import AirflowPlugin\n\n\nclass Nameless(AirflowPlugin):\n    macros = []\n"
    assert findings(tmp_path, "plugins/nameless.py", text, "3.3.1") == {("MWAA805", 4)}
