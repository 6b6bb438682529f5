"""Requirements rules on their target versions, their data for `bundle`, and secrets kept out."""

from __future__ import annotations

import pytest

from migrator.findings import Finding
from migrator.inputs.requirements import parse_requirements
from migrator.knowledge import mwaa_packages
from migrator.knowledge.versions import resolve, supported_versions
from migrator.rules import registry
from migrator.rules.base import RequirementsRule, Rule

SECRET = "FAKE-not-a-real-secret"
REQUIREMENTS_RULES = [r for r in registry.all_rules() if issubclass(r, RequirementsRule)]


def check(code: str, text: str, target: str = "3.3.1") -> list[Finding]:
    rule = registry.get(code)
    assert issubclass(rule, RequirementsRule)
    return list(
        rule().check_requirements(parse_requirements(text, "requirements.txt", target=resolve(target)))
    )


@pytest.mark.parametrize(
    ("rule", "index"),
    [(rule, i) for rule in REQUIREMENTS_RULES for i in range(len(rule.examples))],
    ids=lambda v: v.code if isinstance(v, type) else str(v + 1),
)
def test_examples_on_their_target(rule: type[Rule], index: int) -> None:
    example = rule.examples[index]
    lines = sorted({f.location.line for f in check(rule.code, example.source, example.target or "3.3.1")})
    assert lines == sorted(set(example.expect_lines))


@pytest.mark.parametrize(
    ("line", "target", "severity"),
    [
        ("flask-appbuilder==5.2.2", "3.3.1", "info"),
        ("flask-appbuilder==4.5.2", "3.3.1", "blocker"),
        ("flask-appbuilder>=5,<6", "3.3.1", "warning"),
        ("flask-appbuilder<5", "3.3.1", "blocker"),
        ("flask-appbuilder", "3.3.1", "warning"),
        ("SQLAlchemy==1.4.54", "2.10.3", "info"),
        ("SQLAlchemy==1.4.54", "3.3.1", "blocker"),
        ("SQLAlchemy==1.4.54", "2.8.1", "warning"),  # no published image: only the names are known
        ("kombu==5.5.4", "3.0.6", "info"),
    ],
)
def test_mwaa_pin_severity(line: str, target: str, severity: str) -> None:
    (finding,) = check("MWAA702", line + "\n", target)
    assert finding.severity.label == severity


def test_airflow_extras_become_provider_packages() -> None:
    (finding,) = check("MWAA701", "apache-airflow[gcp,kubernetes,ssh,postgres]==1.10.15\n", "3.3.1")
    adds = (finding.detail("adds") or "").split(",")
    assert adds == [
        "apache-airflow-providers-cncf-kubernetes",
        "apache-airflow-providers-google",
        "apache-airflow-providers-ssh",
    ]  # fmt: skip  (postgres ships with MWAA)
    assert "cncf-kubernetes" in finding.remedy


def test_native_remedy_data_for_bundle() -> None:
    findings = {f.location.line: f for f in check("MWAA703", "pyodbc==5.1.0\ncx-Oracle==8.3.0\nGDAL\n")}
    assert findings[1].detail("remedy_kind") == "startup-script" and findings[1].fixable
    assert findings[1].detail("startup_lines") == "sudo yum -y install unixODBC"
    assert findings[1].detail("components") == "scheduler,worker"
    assert findings[2].detail("replacement") == "oracledb" and not findings[2].fixable
    assert findings[3].detail("remedy_kind") == "run-elsewhere" and findings[3].severity.label == "blocker"


def test_missing_constraint_names_the_target_url() -> None:
    for version in supported_versions():
        (finding,) = check("MWAA708", "requests==2.31.0\n", version.airflow)
        assert finding.location.line == 0
        assert finding.detail("constraints_url") == (
            f"https://raw.githubusercontent.com/apache/airflow/constraints-{version.airflow}/constraints-{version.python}.txt"
        )
    assert check("MWAA708", "# only a comment\n") == []


def test_python2_fix_kinds() -> None:
    findings = {
        f.location.line: f for f in check("MWAA706", "MySQL-python==1.2.5\nfutures\nBeautifulSoup\ntyping\n")
    }
    assert (
        findings[1].detail("bundle_fix") == "replace" and findings[1].detail("replacement") == "mysqlclient"
    )
    assert findings[2].detail("bundle_fix") == "drop"
    assert not findings[3].fixable and findings[3].severity.label == "blocker"
    assert findings[4].severity.label == "warning"


def test_unpinned_severity() -> None:
    found = {f.location.line: f.severity.label for f in check("MWAA704", "a\nb>=1\nc~=1.4\nd==1.0\n")}
    assert found == {1: "warning", 2: "info", 3: "info"}


TEXT = f"""\
--index-url https://deploy:{SECRET}@pypi.acme.example/simple
--extra-index-url https://{SECRET}@mirror.acme.example/simple
git+https://bot:{SECRET}@github.example.com/acme/lib.git@v1#egg=acme-lib
acme-sdk @ https://user:{SECRET}@downloads.acme.example/acme_sdk-1.2-py3-none-any.whl
-e git+https://{SECRET}@github.example.com/acme/tool.git#egg=tool
-r ../shared/requirements-base.txt
apache-airflow[aws]==2.7.3
not valid {SECRET}
"""


@pytest.mark.parametrize("target", ["2.7.2", "3.3.1"])
def test_no_secret_in_any_finding(target: str) -> None:
    requirements = parse_requirements(TEXT, "requirements.txt", target=resolve(target))
    findings = [f for rule in REQUIREMENTS_RULES for f in rule().check_requirements(requirements)]
    assert {f.code for f in findings} >= {"MWAA701", "MWAA705", "MWAA707", "MWAA711"}
    for finding in findings:
        blob = " ".join([finding.message, finding.remedy, *(v for _, v in finding.data)])
        assert SECRET not in blob, (finding.code, blob)
    assert sum(f.code == "MWAA711" for f in findings) == 5


def test_every_supported_version_has_package_facts() -> None:
    for version in supported_versions():
        pins = mwaa_packages.essential_pins(version)
        assert "apache-airflow" in pins and "celery" in pins and "flask-appbuilder" in pins
        shipped = mwaa_packages.preinstalled(version)
        assert {"apache-airflow-providers-amazon", "apache-airflow-providers-postgres", "boto3"} <= set(
            shipped
        )
        if not mwaa_packages.uses_fallback_image(version):
            assert pins["apache-airflow"] == version.airflow
            assert shipped["apache-airflow"] == version.airflow


def test_package_tables_are_consistent() -> None:
    for native in mwaa_packages.native_packages():
        assert native.remedy and native.source and native.library
        assert native.severity in {"blocker", "warning", "info"} and native.when in {"install", "import"}
        if native.startup_lines:
            assert native.components and all(
                line.startswith("sudo yum -y install ") for line in native.startup_lines
            )
        assert not (native.bundle_can_fix and native.kind.value in {"run-elsewhere", "ship-files"})
    for name in ("psycopg2", "mysqlclient", "lxml"):
        assert mwaa_packages.native_package(name) is None
    assert mwaa_packages.airflow_extra_distributions("aws") == ("apache-airflow-providers-amazon",)
    assert mwaa_packages.airflow_extra_distributions("all") == ()
