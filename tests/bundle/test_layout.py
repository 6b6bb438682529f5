"""plugins.zip, dags/ with .airflowignore, startup.sh, determinism and the command line's refusals."""

from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path

import pytest

from migrator.bundle.dags import ignore_pattern
from migrator.bundle.startup import guard_components
from migrator.knowledge import mwaa_config, mwaa_packages
from migrator.knowledge.versions import resolve
from tests.bundle.conftest import FIXTURES, bundle, tree_bytes, write_tree, zip_infos

DAG = "from datetime import datetime\nfrom airflow import DAG\nwith DAG('{id}', start_date=datetime(2024, 1, 1), schedule=None):\n    pass\n"
PLUGIN = """from airflow.plugins_manager import AirflowPlugin
from operators.warehouse import WarehouseOperator  # nested package, no __init__.py


class WarehousePlugin(AirflowPlugin):
    name = "warehouse"
"""
NESTED = {
    "dags/daily.py": DAG.format(id="daily") + "from helpers.dates import first_day\n",
    "dags/.airflowignore": "scratch/\n",
    "dags/common/__init__.py": "",
    "dags/common/alerts.py": "from airflow.hooks.base import BaseHook  # a dag helper\n",
    "dags/factory_dags.py": "# builds DAGs from YAML; mentions airflow and dag\nfrom common.alerts import *\n",
    "plugins/warehouse_plugin.py": PLUGIN,
    "plugins/operators/warehouse.py": "from airflow.models import BaseOperator\n\nclass WarehouseOperator(BaseOperator):\n    pass\n",
    "plugins/operators/sql/merge.sql": "MERGE INTO t USING s ON (t.id = s.id);\n",
    "plugins/helpers/dates.py": "def first_day(ds):\n    return ds[:8] + '01'\n",
    "plugins/templates/warehouse/page.html": "<h1>warehouse</h1>\n",
}


@pytest.fixture()
def nested(tmp_path: Path) -> Path:
    root = write_tree(tmp_path / "home", NESTED)
    (root / "plugins" / "operators" / "warehouse.py").chmod(0o755)
    return root


def test_plugins_zip_layout_opened_and_listed(nested: Path, tmp_path: Path) -> None:
    result = bundle(nested, tmp_path / "out", "3.0.6")
    assert result.returncode == 0, result.stderr
    infos = {info.filename: info for info in zip_infos(tmp_path / "out" / "plugins.zip")}
    assert sorted(infos) == [
        "operators/", "operators/__init__.py", "operators/sql/", "operators/sql/merge.sql", "operators/warehouse.py",
        "templates/", "templates/warehouse/", "templates/warehouse/page.html", "warehouse_plugin.py",
    ]  # fmt: skip
    # contents at the root (no plugins/ folder), folders 755, files 644 (755 when executable)
    for name, info in infos.items():
        mode = info.external_attr >> 16
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        if name.endswith("/"):
            assert stat.S_ISDIR(mode) and stat.S_IMODE(mode) == 0o755, name
        else:
            expected = 0o755 if name == "operators/warehouse.py" else 0o644
            assert stat.S_ISREG(mode) and stat.S_IMODE(mode) == expected, name
    # the helper nobody's plugin imports moved to dags/, with a package marker, listed in .airflowignore
    out = tmp_path / "out"
    assert (out / "dags" / "helpers" / "dates.py").is_file() and (out / "dags" / "helpers" / "__init__.py").is_file()
    ignore = (out / "dags" / ".airflowignore").read_text()
    options = (out / "airflow_configuration_options.json").read_text()
    assert '"core.lazy_load_plugins": "False"' in options
    # Airflow 3 reads glob by default, but the user's own .airflowignore was written for regexp
    assert '"core.dag_ignore_file_syntax": "regexp"' in options
    assert "^helpers/dates\\.py$" in ignore.splitlines() and "scratch/" in ignore.splitlines()


def test_no_plugins_no_zip_and_no_plugin_option(tmp_path: Path) -> None:
    src = write_tree(tmp_path / "home", {"dags/d.py": DAG.format(id="d")})
    assert bundle(src, tmp_path / "out", "2.10.3").returncode == 0
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["BUNDLE.md", "airflow_configuration_options.json", "dags", "requirements.txt"]
    assert (tmp_path / "out" / "airflow_configuration_options.json").read_text() == "{}\n"


@pytest.mark.parametrize("target", ["2.10.3", "3.0.6"])
def test_airflowignore_lists_every_python_file_that_defines_no_dag(nested: Path, tmp_path: Path, target: str) -> None:
    (nested / "dags" / ".airflowignore").unlink()
    assert bundle(nested, tmp_path / "out", target).returncode == 0
    dags = tmp_path / "out" / "dags"
    syntax = "glob" if target.startswith("3") else "regexp"
    lines = [line for line in (dags / ".airflowignore").read_text().splitlines() if line and not line.startswith("#")]
    listed = sorted(lines)
    expected = ["common/__init__.py", "common/alerts.py", "helpers/__init__.py", "helpers/dates.py"]
    assert listed == sorted(ignore_pattern(path, syntax) for path in expected)
    python_files = sorted(p.relative_to(dags).as_posix() for p in dags.rglob("*.py"))
    # daily.py defines a DAG; factory_dags.py mentions both words, defines none and nobody imports it
    assert sorted(set(python_files) - set(expected)) == ["daily.py", "factory_dags.py"]
    assert "factory_dags.py stays visible" in (tmp_path / "out" / "BUNDLE.md").read_text()


def test_ignore_patterns_match_exactly_one_path() -> None:
    tricky = "odd [name] (v1)+#2.py"
    regexp = ignore_pattern(f"pkg/{tricky}", "regexp")
    assert "#" not in regexp and re.search(regexp, f"pkg/{tricky}") and not re.search(regexp, f"xpkg/{tricky}")
    assert ignore_pattern("a/b.py", "glob") == "/a/b.py" and ignore_pattern("a*b?.py", "glob") == "/a\\*b\\?.py"


@pytest.mark.airflow
@pytest.mark.parametrize(("target", "syntax"), [("2.10.3", "regexp"), ("3.0.6", "glob"), ("3.0.6", "regexp")])
def test_real_airflow_skips_exactly_the_listed_files(nested: Path, tmp_path: Path, target: str, syntax: str) -> None:
    """Airflow's own DAG-folder walk (airflow.utils.file) over the generated dags/ and .airflowignore."""
    from migrator.airflow_env import airflow_environ, ensure_airflow, run_python

    if syntax == "glob":
        (nested / "dags" / ".airflowignore").unlink()  # no user file: the target's default syntax is used
    assert bundle(nested, tmp_path / "out", target).returncode == 0
    dags = tmp_path / "out" / "dags"
    assert f"Pattern syntax: {syntax}" in (dags / ".airflowignore").read_text()
    python = ensure_airflow(target)
    script = (
        "import sys\nfrom airflow.utils.file import find_path_from_directory\n"
        "root = sys.argv[1]\n"
        "for path in sorted(find_path_from_directory(root, '.airflowignore', sys.argv[2])):\n"
        "    print(path[len(root) + 1:])\n"
    )
    home = tmp_path / "airflow-home"
    home.mkdir()
    result = run_python(python, script, [str(dags), syntax], env=airflow_environ(home))
    assert result.returncode == 0, result.stderr[-2000:]
    seen = [line for line in result.stdout.splitlines() if line.endswith(".py")]
    assert seen == ["daily.py", "factory_dags.py"]


def test_dags_are_converted_for_the_target(tmp_path: Path) -> None:
    src = write_tree(tmp_path / "home", {"dags/old.py": (
        "from airflow import DAG\nfrom airflow.operators.bash_operator import BashOperator\n"
        "from airflow.utils.dates import days_ago\n\n"
        "with DAG('old', start_date=days_ago(1), schedule_interval='@daily') as dag:\n"
        "    BashOperator(task_id='t', bash_command='echo')\n")})  # fmt: skip
    assert bundle(src, tmp_path / "out", "3.0.6").returncode == 0
    text = (tmp_path / "out" / "dags" / "old.py").read_text()
    assert "airflow.operators.bash_operator" not in text and "airflow.utils.dates" not in text
    assert "schedule='@daily'" in text and "datetime(2026, 11, 21" in text  # days_ago(1) on --reference-date
    assert "convert rewrote 1 file(s)" in (tmp_path / "out" / "BUNDLE.md").read_text()


def test_dags_are_copied_unchanged_when_convert_is_not_installed(tmp_path: Path) -> None:
    """The convert package removed from the import system (as in an install without it)."""
    source = "from airflow import DAG\nfrom airflow.utils.dates import days_ago\nx = days_ago(1)\n"
    src = write_tree(tmp_path / "home", {"dags/old.py": source})
    code = (
        "import sys; sys.modules['migrator.convert'] = None; sys.modules['migrator.convert.pipeline'] = None\n"
        "from migrator.cli import main; sys.argv = ['mwaa-migrator'] + sys.argv[1:]; main()\n"
    )
    import sys as _sys

    result = subprocess.run([_sys.executable, "-c", code, "bundle", str(src), "-t", "3.0.6", "--out",
                             str(tmp_path / "out"), "--no-download"], capture_output=True, text=True, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "dags" / "old.py").read_text() == source
    assert "copied unchanged (convert unavailable)" in result.stdout
    assert "`convert` is not available" in (tmp_path / "out" / "BUNDLE.md").read_text()


# --------------------------------------------------------------------------- startup.sh


STARTUP_DEPLOYMENT = {
    "dags/d.py": DAG.format(id="d") + "import os\nTEAM = os.environ['DATA_TEAM']\nROOT = os.getenv('SHARED_ROOT')\n",
    "requirements.txt": "pyodbc==5.1.0\npython-ldap==3.4.4\n",
    "airflow.env": ("DATA_TEAM=analytics\nSHARED_ROOT=/mnt/shared\nUNUSED_FLAG=1\nAPI_TOKEN=FAKE-not-a-real-secret\n"
                    "AIRFLOW_HOME=/opt/airflow\nPYTHONPATH=/opt/lib\nAWS_REGION=eu-west-1\n"),
}  # fmt: skip


def _source_startup(script: Path, component: str, tmp_path: Path) -> tuple[list[str], str]:
    """Source startup.sh the way MWAA's wrapper does, with a stand-in `sudo` that records its calls."""
    bin_dir = tmp_path / f"bin-{component}"
    bin_dir.mkdir()
    log = tmp_path / f"sudo-{component}.log"
    (bin_dir / "sudo").write_text(f'#!/usr/bin/env bash\necho "$*" >> {log}\n')
    (bin_dir / "sudo").chmod(0o755)
    env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "MWAA_AIRFLOW_COMPONENT": component, "HOME": str(tmp_path)}
    result = subprocess.run(["bash", "-c", f'source "{script}"; echo "DATA_TEAM=$DATA_TEAM"'],
                            capture_output=True, text=True, env=env, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    calls = log.read_text().splitlines() if log.exists() else []
    return calls, result.stdout


def test_startup_script_is_guarded_per_component_and_sets_no_reserved_variable(tmp_path: Path) -> None:
    src = write_tree(tmp_path / "home", STARTUP_DEPLOYMENT)
    result = bundle(src, tmp_path / "out", "3.0.6")
    assert result.returncode == 0, result.stderr
    script = tmp_path / "out" / "startup.sh"
    text = script.read_text()
    assert stat.S_IMODE(script.stat().st_mode) == 0o755
    assert subprocess.run(["bash", "-n", str(script)], check=False).returncode == 0
    assert not re.search(r"^\s*set\s+-e", text, re.MULTILINE)
    installs = [line for entry in ("pyodbc", "python-ldap") for line in mwaa_packages.native_package(entry).startup_lines]  # type: ignore[union-attr]
    for component in ("scheduler", "worker", "hybrid", "webserver"):
        calls, stdout = _source_startup(script, component, tmp_path)
        wanted = [] if component == "webserver" else [line.removeprefix("sudo ") for line in installs]
        assert calls == wanted, component
        assert "DATA_TEAM=analytics" in stdout
    exported = re.findall(r"^\s*(?:#\s*)?export\s+([A-Za-z_][A-Za-z0-9_]*)=", text, re.MULTILINE)
    assert exported == ["DATA_TEAM", "SHARED_ROOT"]
    assert not any(mwaa_config.is_reserved_env(name, resolve("3.0.6")) for name in exported)
    assert "# export SHARED_ROOT=/mnt/shared" in text  # a host path: for the user to adapt
    assert "FAKE-not-a-real-secret" not in text and "UNUSED_FLAG" not in text
    limit = mwaa_config.startup_script_facts().max_seconds
    assert f"MWAA stops it after {limit} seconds" in text


def test_guard_components_adds_the_micro_hybrid_container() -> None:
    assert guard_components(["scheduler", "worker"]) == ("scheduler", "worker", "hybrid")
    assert guard_components(["webserver"]) == ("webserver",)
    assert guard_components([]) == () and guard_components(["scheduler", "worker", "webserver"]) == ()


def test_no_startup_script_when_nothing_needs_one(tmp_path: Path) -> None:
    src = write_tree(tmp_path / "home", {"dags/d.py": DAG.format(id="d"), "requirements.txt": "requests\n"})
    assert bundle(src, tmp_path / "out", "3.0.6").returncode == 0
    assert not (tmp_path / "out" / "startup.sh").exists()


# --------------------------------------------------------------------------- determinism and refusals


@pytest.mark.parametrize("fixture", ["legacy-airflow-1.10", "airflow-2.x"])
def test_same_input_same_bytes_and_rerun_is_idempotent(fixture: str, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert bundle(FIXTURES / fixture, first, "3.0.6").returncode == 0
    assert bundle(FIXTURES / fixture, second, "3.0.6").returncode == 0
    assert tree_bytes(first) == tree_bytes(second)
    assert bundle(FIXTURES / fixture, first, "3.0.6").returncode == 0  # over a previous bundle
    assert tree_bytes(first) == tree_bytes(second)


def test_refuses_out_inside_a_source_or_over_foreign_files(nested: Path, tmp_path: Path) -> None:
    for out in (nested / "bundle", nested):
        result = bundle(nested, out, "3.0.6")
        assert result.returncode == 2 and "inside the source" in result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert bundle(nested / "dags", tmp_path, "3.0.6").returncode == 2  # --out contains the source
    foreign = tmp_path / "other"
    write_tree(foreign, {"notes.txt": "mine\n"})
    result = bundle(nested, foreign, "3.0.6")
    assert result.returncode == 2 and "not part of a bundle" in result.stderr
    assert (foreign / "notes.txt").read_text() == "mine\n"


def test_usage_errors_exit_2(nested: Path, tmp_path: Path) -> None:
    assert bundle(nested, tmp_path / "o1", "9.9.9").returncode == 2
    assert bundle(nested, tmp_path / "o2", "3.0.6", "--constraints-file", str(tmp_path / "missing.txt")).returncode == 2
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    result = bundle(nested, tmp_path / "o3", "3.0.6", "--secrets-config", str(bad))
    assert result.returncode == 2 and "JSON object" in result.stderr
    assert not (tmp_path / "o3").exists()
