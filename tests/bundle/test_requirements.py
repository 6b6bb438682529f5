"""requirements.txt: the constraint line, what is removed, what is added, every native remedy, bad lines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from migrator.bundle.constraints import Constraints, load_constraints, parse_constraints
from migrator.bundle.requirements import BuiltWheel, WheelRequest, plan_requirements
from migrator.bundle.wheels import WheelMaker, loads_on_mwaa
from migrator.inputs.requirements import parse_requirements
from migrator.knowledge import mwaa_packages
from migrator.knowledge.mwaa_packages import NativePackage, RemedyKind
from migrator.knowledge.versions import TargetVersion, resolve, supported_versions
from tests.bundle.conftest import SECRET_MARK, active_requirements, bundle, write_tree, zip_infos

# shared/mwaa-facts.md §1 (MWAA User Guide, airflow-versions): the Python of each MWAA version, written
# out here on purpose so the knowledge table is checked against the facts, not against itself.
PYTHON_OF = {
    "2.7.2": "3.11", "2.8.1": "3.11", "2.9.2": "3.11", "2.10.1": "3.11", "2.10.3": "3.11",
    "2.11.0": "3.12", "2.11.2": "3.12", "3.0.6": "3.12", "3.2.1": "3.12", "3.3.1": "3.12",
}  # fmt: skip
DAG = "from datetime import datetime\nfrom airflow import DAG\nwith DAG('d', start_date=datetime(2024, 1, 1), schedule=None):\n    pass\n"


def _plan(text: str, target: TargetVersion, tmp_path: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    requirements = parse_requirements(text, "requirements.txt")
    return plan_requirements([requirements], target, kwargs.pop("constraints", None), base_dir=tmp_path, **kwargs)  # type: ignore[arg-type]


def _lines(plan) -> list[str]:  # type: ignore[no-untyped-def]
    return [line.text for block in plan.blocks for line in block.lines if line.text and not line.text.startswith("#")]


@pytest.mark.parametrize("version", [v.airflow for v in supported_versions()])
def test_constraint_line_names_the_target_airflow_and_python(version: str, tmp_path: Path) -> None:
    src = write_tree(tmp_path / "home", {"dags/d.py": DAG, "requirements.txt": "requests\n"})
    result = bundle(src, tmp_path / "out", version)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "out" / "requirements.txt").read_text()
    first = next(line for line in text.splitlines() if line and not line.startswith("#"))
    python = PYTHON_OF[version]
    assert first == (f'--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-{version}/'
                     f'constraints-{python}.txt"')  # fmt: skip
    # MWAA's image decides with this regex whether the file brings its own constraint
    assert re.search(r"-c |--constraint ", first)
    assert [line.name for line in active_requirements(tmp_path / "out" / "requirements.txt")] == ["requests"]


@pytest.mark.parametrize("target", supported_versions(), ids=str)
def test_airflow_and_every_mwaa_pinned_package_are_removed(target: TargetVersion, tmp_path: Path) -> None:
    pins = mwaa_packages.essential_pins(target)
    text = "apache-airflow[slack,amazon]==1.10.15\n" + "".join(f"{name}<0.1\n" for name in sorted(pins)) + "tabulate\n"
    plan = _plan(text, target, tmp_path)
    written = _lines(plan)
    names = [re.split(r"[<>=!~;\[ ]", line, maxsplit=1)[0] for line in written]
    assert not any(mwaa_packages.is_airflow(n) or n in pins for n in names)
    # what the extras installed comes back, minus what MWAA ships (the amazon provider)
    assert "apache-airflow-providers-slack" in names and "apache-airflow-providers-amazon" not in names
    assert "tabulate" in names
    comments = "\n".join(c for block in plan.blocks for line in block.lines for c in line.comments)
    assert "MWAA701" not in comments  # no findings were given: the comment cites none, but explains
    assert f"MWAA pins sqlalchemy=={pins['sqlalchemy']} itself" in comments


def test_pins_the_constraints_contradict_are_relaxed_and_explained(tmp_path: Path, constraints_file: Path) -> None:
    target = resolve("3.0.6")
    known = load_constraints(target, constraints_file)
    assert isinstance(known, Constraints) and known.pin("Pandas") == "2.1.4"
    plan = _plan("pandas==1.1.5\nnumpy>=1.20,<2\nboto3[crt]==1.17.112 ; python_version >= '3'\nrich==13.0\n",
                 target, tmp_path, constraints=known)  # fmt: skip
    assert _lines(plan) == ["pandas", "numpy>=1.20,<2", 'boto3[crt]; python_version >= "3"', "rich==13.0"]
    reasons = [c for block in plan.blocks for line in block.lines for c in line.comments]
    assert any("constraints pin pandas==2.1.4" in r for r in reasons)
    assert [c.before for c in plan.changes] == ["pandas==1.1.5", "boto3[crt]==1.17.112 ; python_version >= '3'"]


def test_without_constraints_pins_stay_and_the_bundle_says_what_it_could_not_check(tmp_path: Path) -> None:
    src = write_tree(tmp_path / "home", {"dags/d.py": DAG, "requirements.txt": "pandas==1.1.5\n"})
    result = bundle(src, tmp_path / "out", "3.0.6")
    assert result.returncode == 0
    assert "NOT checked against Airflow's constraints" in result.stdout
    readme = (tmp_path / "out" / "BUNDLE.md").read_text()
    assert "Not checked against Airflow's constraints" in readme and "--constraints-file FILE" in readme
    assert [r.raw for r in active_requirements(tmp_path / "out" / "requirements.txt")] == ["pandas==1.1.5"]


def test_without_constraints_pins_of_packages_mwaa_ships_follow_the_image(tmp_path: Path) -> None:
    target = resolve("2.10.3")
    shipped = mwaa_packages.preinstalled(target)["apache-airflow-providers-amazon"]
    plan = _plan("apache-airflow-providers-amazon==8.10.0\napache-airflow-providers-http>=4\n", target, tmp_path)
    assert _lines(plan) == ["apache-airflow-providers-amazon", "apache-airflow-providers-http>=4"]
    assert f"ships apache-airflow-providers-amazon=={shipped}" in plan.changes[0].why


def test_constraints_are_read_from_the_cache_before_any_download(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MWAA_MIGRATOR_CACHE", str(tmp_path / "cache"))
    target = resolve("2.10.3")
    from migrator.bundle.constraints import cache_path

    cached = cache_path(target)
    assert cached == tmp_path / "cache" / "constraints" / "constraints-2.10.3" / "constraints-3.11.txt"
    assert not isinstance(load_constraints(target, None, download=False), Constraints)
    cached.parent.mkdir(parents=True)
    cached.write_text("requests==2.32.3\n")
    found = load_constraints(target, None, download=False)
    assert isinstance(found, Constraints) and found.origin == "cache" and found.pin("requests") == "2.32.3"


def test_parse_constraints_reads_only_pins() -> None:
    assert parse_constraints("# c\n-c other.txt\nFoo_Bar==1.0\nbaz===2\nqux>=3\n") == {"foo-bar": "1.0", "baz": "2"}


# --------------------------------------------------------------------------- native remedies


def test_startup_script_remedy_keeps_the_package_and_adds_its_install_step(tmp_path: Path) -> None:
    plan = _plan("pyodbc==5.1.0\n", resolve("3.0.6"), tmp_path)
    assert _lines(plan) == ["pyodbc==5.1.0"]
    entry = mwaa_packages.native_package("pyodbc")
    assert entry is not None and entry.kind is RemedyKind.STARTUP_SCRIPT
    assert [(s.package, s.commands) for s in plan.startup] == [("pyodbc", entry.startup_lines)]
    assert any(n.source == entry.source for n in plan.notes)


def test_package_swap_replaces_the_package_when_the_table_says_bundle_can(tmp_path: Path) -> None:
    """No table entry is a fixable swap today (psycopg2 ships preinstalled): a test entry in the
    table's own shape stands in, for a source-only package and its binary twin."""
    swap = NativePackage(("acme-fast",), "libacme (build)", "install", "blocker", RemedyKind.PACKAGE_SWAP,
                         "use the binary wheel", "test table", "M", replacement="acme-fast-binary", bundle_can_fix=True)  # fmt: skip
    plan = _plan("acme-fast==2.9.9\n", resolve("3.0.6"), tmp_path,
                 native_lookup=lambda name: swap if name == "acme-fast" else None)  # fmt: skip
    assert _lines(plan) == ["acme-fast-binary"]
    assert [(c.before, c.after) for c in plan.changes] == [("acme-fast==2.9.9", "acme-fast-binary")]


def test_package_swap_that_needs_a_code_change_is_kept_with_the_remedy(tmp_path: Path) -> None:
    entry = mwaa_packages.native_package("cx_Oracle")
    assert entry is not None and entry.kind is RemedyKind.PACKAGE_SWAP and entry.code_change
    plan = _plan("cx_Oracle==8.3.0\n", resolve("3.0.6"), tmp_path)
    assert _lines(plan) == ["cx_Oracle==8.3.0"]
    assert any("needs attention" in c and "oracledb" in c for b in plan.blocks for line in b.lines for c in line.comments)


def test_run_elsewhere_package_that_cannot_install_is_commented_out(tmp_path: Path) -> None:
    entry = mwaa_packages.native_package("GDAL")
    assert entry is not None and entry.kind is RemedyKind.RUN_ELSEWHERE and entry.when == "install"
    plan = _plan("GDAL==3.8.4\nrequests\n", resolve("3.3.1"), tmp_path)
    assert _lines(plan) == ["requests"]
    assert any(line.text == "# GDAL==3.8.4" for b in plan.blocks for line in b.lines)
    assert any(n.severity.label == "blocker" and "GDAL" in n.message.upper() for n in plan.notes)


def test_ship_files_remedy_keeps_the_package_and_says_what_to_ship(tmp_path: Path) -> None:
    entry = mwaa_packages.native_package("requests-kerberos")
    assert entry is not None and entry.kind is RemedyKind.SHIP_FILES
    plan = _plan("requests-kerberos==0.15.0\n", resolve("3.0.6"), tmp_path)
    assert _lines(plan) == ["requests-kerberos==0.15.0"]
    assert any("krb5.conf" in n.message for n in plan.notes)


def test_plugins_wheel_remedy_downloads_a_manylinux_wheel_for_the_target(tmp_path: Path) -> None:
    """Real `pip download` from PyPI for CPython 3.12 on manylinux x86_64."""
    target = resolve("3.3.1")
    entry = NativePackage(("ujson",), "a compiler (test entry)", "install", "warning", RemedyKind.PLUGINS_WHEEL,
                          "ship the binary wheel", "test table", "M", bundle_can_fix=True)  # fmt: skip
    maker = WheelMaker(target, tmp_path / "wheels")
    plan = _plan("ujson==5.10.0\n", target, tmp_path, build_wheel=maker,
                 native_lookup=lambda name: entry if name == "ujson" else None)  # fmt: skip
    assert _lines(plan) == ["ujson==5.10.0"]
    [wheel] = plan.wheels
    assert wheel.filename.startswith("ujson-5.10.0-cp312-cp312-manylinux") and wheel.path.is_file()
    assert loads_on_mwaa(wheel.filename, target) is None
    assert loads_on_mwaa(wheel.filename, resolve("2.10.3")) is not None  # a 3.12 wheel on 3.11: refused


def test_without_wheels_a_plugins_wheel_package_is_kept_with_a_hint(tmp_path: Path) -> None:
    entry = NativePackage(("ujson",), "a compiler", "install", "warning", RemedyKind.PLUGINS_WHEEL,
                          "ship the binary wheel", "test table", "M", bundle_can_fix=True)  # fmt: skip
    plan = _plan("ujson\n", resolve("3.3.1"), tmp_path, native_lookup=lambda name: entry)
    assert _lines(plan) == ["ujson"] and not plan.wheels
    assert any("--wheels" in n.message for n in plan.notes)


# --------------------------------------------------------------------------- lines pip cannot use on MWAA

BAD_LINES = f"""requests==2.32.3
this is not a requirement ==
-e ./libs/common
git+https://deploy:{SECRET_MARK}@git.example.com/team/utils.git@v1#egg=team-utils
git+https://github.com/acme/public-utils.git@v2#egg=public-utils
./vendor/partner_sdk
https://downloads.example.com/acme_sdk-1.2-py3-none-any.whl
--index-url https://user:{SECRET_MARK}@pypi.example.com/simple
--extra-index-url https://pypi.example.com/simple
--find-links ./wheels
--no-index
-r requirements-missing.txt
-c https://raw.githubusercontent.com/apache/airflow/constraints-2.7.3/constraints-3.11.txt
--frobnicate
requests==2.31
MySQL-python==1.2.5
enum34==1.1.10
"""


def test_unusable_lines_become_comments_and_findings_not_crashes(tmp_path: Path) -> None:
    src = write_tree(tmp_path / "home", {"dags/d.py": DAG, "requirements.txt": BAD_LINES})
    result = bundle(src, tmp_path / "out", "3.0.6")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    text = (out / "requirements.txt").read_text()
    everything = text + (out / "BUNDLE.md").read_text() + result.stdout + result.stderr
    assert SECRET_MARK not in everything
    parsed = parse_requirements(text, "requirements.txt")
    assert not [line for line in parsed.lines if line.kind == "invalid"]
    installed = [(line.kind, line.name or line.argument) for line in parsed.lines if line.kind not in {"comment", "option"}]
    assert installed == [("requirement", "requests"), ("vcs", "public-utils"),
                         ("url", "https://downloads.example.com/acme_sdk-1.2-py3-none-any.whl")]  # fmt: skip
    options = [line.raw for line in parsed.lines if line.kind == "option"]
    assert options == [f'--constraint "{resolve("3.0.6").constraints_url}"',
                       "--extra-index-url https://pypi.example.com/simple"]  # fmt: skip
    for code in ("MWAA705", "MWAA706", "MWAA707", "MWAA710", "MWAA711"):
        assert f"({code}" in text or f", {code}" in text, code
    assert "# this is not a requirement ==" in text and "# --frobnicate" in text
    assert "# git+https://deploy:***@git.example.com/team/utils.git@v1#egg=team-utils" in text
    assert "requests is already listed at" in text  # the second requests line


def test_a_local_package_is_built_into_a_wheel_in_plugins_zip(tmp_path: Path) -> None:
    """--wheels runs the real `pip wheel` on a local source tree and ships the result."""
    src = write_tree(tmp_path / "home", {
        "dags/d.py": DAG + "import partner_sdk\n",
        "requirements.txt": "./libs/partner_sdk\n",
        "libs/partner_sdk/pyproject.toml": ('[build-system]\nrequires = ["setuptools>=68"]\nbuild-backend = '
                                            '"setuptools.build_meta"\n[project]\nname = "partner-sdk"\nversion = "1.4.0"\n'),
        "libs/partner_sdk/partner_sdk/__init__.py": "VERSION = '1.4.0'\n",
    })  # fmt: skip
    result = bundle(src, tmp_path / "out", "3.0.6", "--wheels", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp_path / "out"
    text = (out / "requirements.txt").read_text()
    assert "--find-links /usr/local/airflow/plugins" in text.splitlines()
    assert [line.raw for line in active_requirements(out / "requirements.txt")] == ["partner-sdk==1.4.0"]
    names = [info.filename for info in zip_infos(out / "plugins.zip")]
    assert names == ["partner_sdk-1.4.0-py3-none-any.whl"]


def test_a_wheel_that_cannot_be_built_fails_the_run_but_writes_the_bundle(tmp_path: Path) -> None:
    src = write_tree(tmp_path / "home", {"dags/d.py": DAG, "requirements.txt": "./libs/missing\n"})
    result = bundle(src, tmp_path / "out", "3.0.6", "--wheels", cwd=tmp_path)
    assert result.returncode == 1
    assert "# ./libs/missing" in (tmp_path / "out" / "requirements.txt").read_text()


def test_duplicates_includes_and_developer_files(tmp_path: Path) -> None:
    src = write_tree(tmp_path / "home", {
        "dags/d.py": DAG,
        "requirements.txt": "-r requirements-base.txt\nxmltodict==0.13.0\n",
        "requirements-base.txt": "iso8601==2.1.0\nxmltodict==0.12.0\n",
        "requirements-dev.txt": "pytest==8.0\n",
    })  # fmt: skip
    result = bundle(src, tmp_path / "out", "3.0.6", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    names = [(line.name, line.specifier) for line in active_requirements(tmp_path / "out" / "requirements.txt")]
    assert names == [("iso8601", "==2.1.0"), ("xmltodict", "==0.12.0")]
    text = (tmp_path / "out" / "requirements.txt").read_text()
    assert "its lines are included below, under `from home/requirements-base.txt`" in text
    assert "pytest" not in text


def test_distributions_the_dags_import_are_added_but_never_guessed(tmp_path: Path, constraints_file: Path) -> None:
    src = write_tree(tmp_path / "home", {
        "dags/d.py": DAG + ("from airflow.providers.slack.operators.slack import SlackAPIPostOperator\n"
                            "import yaml\nimport iso8601\nimport kubernetes.client\nimport acme_internal\n"),
    })  # fmt: skip
    result = bundle(src, tmp_path / "out", "3.0.6", "--constraints-file", str(constraints_file), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    added = [line.name for line in active_requirements(tmp_path / "out" / "requirements.txt")]
    # slack: a provider; iso8601: in Airflow's constraints; kubernetes: named by the import table;
    # yaml: MWAA ships pyyaml; acme_internal: only a guess from the module name, so not added
    assert added == ["apache-airflow-providers-slack", "iso8601", "kubernetes"]
    assert "`acme_internal` is imported by" in (tmp_path / "out" / "BUNDLE.md").read_text()


def test_built_wheel_requests_carry_no_secret_in_what_is_shown(tmp_path: Path) -> None:
    seen: list[WheelRequest] = []

    def refuse(request: WheelRequest) -> BuiltWheel | str:
        seen.append(request)
        return "host unreachable"

    _plan(f"git+https://bot:{SECRET_MARK}@git.example.com/x.git#egg=x\n", resolve("3.0.6"), tmp_path, build_wheel=refuse)
    assert len(seen) == 1 and SECRET_MARK in seen[0].argument and SECRET_MARK not in seen[0].shown
