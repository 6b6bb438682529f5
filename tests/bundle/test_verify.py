"""--verify for real: a throwaway virtualenv of the target's Python, pip against PyPI, real imports.

The fixture's package set is kept tiny (xmltodict and iso8601: pure Python, no dependencies) so the
whole run stays within seconds; the real constraints file is unreachable here, so a small one in
Airflow's format stands in through --constraints-file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from migrator.bundle.interpreters import find_python
from migrator.bundle.verify import verification_requirements
from migrator.knowledge.versions import resolve
from tests.bundle.conftest import bundle, write_tree

DAG = """from datetime import datetime

import iso8601
import xmltodict
import yaml
from airflow import DAG
from airflow.operators.python import PythonOperator

from helpers.parse import parse_feed

with DAG("feeds", start_date=datetime(2024, 1, 1), schedule=None):
    PythonOperator(task_id="parse", python_callable=parse_feed)
"""
FILES = {
    "dags/feeds.py": DAG,
    "dags/helpers/__init__.py": "",
    "dags/helpers/parse.py": "import xmltodict\n\ndef parse_feed():\n    return xmltodict.parse('<a>1</a>')\n",
    "requirements.txt": "xmltodict==0.12.0\n",
}


def test_verify_resolves_installs_and_imports_for_real(tmp_path: Path, constraints_file: Path) -> None:
    src = write_tree(tmp_path / "home", FILES)
    result = bundle(src, tmp_path / "out", "3.0.6", "--verify", "--constraints-file", str(constraints_file), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp_path / "out"
    requirements = (out / "requirements.txt").read_text()
    # the user's pin contradicted the constraints (0.13.0): relaxed; iso8601 added (in the constraints)
    assert "\nxmltodict\n" in requirements and "\niso8601\n" in requirements
    readme = (out / "BUNDLE.md").read_text()
    python = find_python("3.12")
    assert f"Python 3.12 at `{python.path}`" in readme and "not** the target's" not in readme
    assert "- Resolution: **ok**, 2 distribution(s)." in readme and "- Install: **ok**." in readme
    assert "| `iso8601` | ok | home/dags/feeds.py |" in readme
    assert "| `xmltodict` | ok | home/dags/feeds.py, home/dags/helpers/parse.py |" in readme
    assert "Not imported here because MWAA's image ships them: yaml." in readme
    assert "verify: ok (Python 3.12)" in result.stdout


def test_verify_reports_what_fails_and_why_on_a_3_11_target(tmp_path: Path) -> None:
    """2.10.3 runs Python 3.11. A constraint pins a version PyPI does not have, and a DAG imports a
    module nothing provides: both must be reported, and the run exits 1."""
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("xmltodict==0.0.1\n")
    files = dict(FILES, **{"dags/other.py": "from airflow import DAG\nimport surely_not_a_module_xyz\n"})
    src = write_tree(tmp_path / "home", files)
    result = bundle(src, tmp_path / "out", "2.10.3", "--verify", "--constraints-file", str(constraints), cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "verify: FAILED (resolution)" in result.stdout and "(Python 3.11)" in result.stdout
    readme = (tmp_path / "out" / "BUNDLE.md").read_text()
    assert "- Resolution: **failed**." in readme and "xmltodict" in readme.split("- Resolution: **failed**.")[1]


def test_verify_flags_a_module_no_requirement_installs(tmp_path: Path, constraints_file: Path) -> None:
    files = dict(FILES, **{"dags/other.py": "from airflow import DAG\nimport surely_not_a_module_xyz\n"})
    src = write_tree(tmp_path / "home", files)
    result = bundle(src, tmp_path / "out", "3.3.1", "--verify", "--constraints-file", str(constraints_file), cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "verify: FAILED (1 import(s))" in result.stdout
    readme = (tmp_path / "out" / "BUNDLE.md").read_text()
    assert "| `surely_not_a_module_xyz` | failed: ModuleNotFoundError: No module named 'surely_not_a_module_xyz' |" in readme


def test_verification_requirements_point_at_local_copies(tmp_path: Path) -> None:
    target = resolve("3.0.6")
    text = f'# header\n--constraint "{target.constraints_url}"\n--find-links /usr/local/airflow/plugins\nrequests\n'
    local = verification_requirements(text, target, tmp_path / "c.txt", tmp_path / "wheels")
    assert local.splitlines() == ["# header", f'--constraint "{tmp_path / "c.txt"}"',
                                  f'--find-links "{tmp_path / "wheels"}"', "requests"]  # fmt: skip
    assert "--constraint" not in verification_requirements(text, target, None, tmp_path)
    assert len(verification_requirements(text, target, None, tmp_path).splitlines()) == 4


@pytest.mark.parametrize("version", ["3.11", "3.12"])
def test_the_targets_python_is_found_here(version: str) -> None:
    found = find_python(version)
    assert found.exact and found.version == version


def test_verify_lists_conflicts_with_the_packages_mwaa_pins(tmp_path: Path, constraints_file: Path) -> None:
    """amqp 2.6.1 needs vine<5; MWAA's essential constraints pin vine 5.1.0 (the image's own install
    would fail the same way)."""
    files = dict(FILES, **{"requirements.txt": "xmltodict\namqp==2.6.1\n"})
    src = write_tree(tmp_path / "home", files)
    result = bundle(src, tmp_path / "out", "3.0.6", "--verify", "--constraints-file", str(constraints_file), cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    readme = (tmp_path / "out" / "BUNDLE.md").read_text()
    conflicts = readme.split("- Conflicts with packages MWAA pins:")[1].splitlines()[0]
    assert "amqp 2.6.1 depends on vine<5.0.0a1" in conflicts and "vine==5.1.0" in conflicts
