"""The import rules called directly on parsed modules: category, severity by target, data, guards."""

from __future__ import annotations

import ast
import time

import pytest

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule
from migrator.knowledge.versions import resolve
from migrator.rules import registry
from migrator.rules.imports.base import ImportRule


def import_rules() -> list[ImportRule]:
    return [rule() for rule in registry.all_rules() if issubclass(rule, ImportRule)]


def check(source: str, target: str, path: str = "dags/dag.py") -> list[Finding]:
    tree = ast.parse(source)
    module = PythonModule(path, source, tree, resolve(target))
    findings: list[Finding] = []
    rules = import_rules()
    for node in ast.walk(tree):
        for rule in rules:
            if isinstance(node, rule.node_types):
                findings.extend(rule.check_node(node, module))
    for rule in rules:
        findings.extend(rule.check_module(module))
    return sorted(findings, key=Finding.sort_key)


def one(source: str, target: str) -> Finding:
    findings = check(source, target)
    assert len(findings) == 1, [(f.code, f.message) for f in findings]
    return findings[0]


def test_codes_are_the_imports_family_range() -> None:
    codes = sorted(rule.code for rule in registry.all_rules() if issubclass(rule, ImportRule))
    assert codes == [f"MWAA{n}" for n in range(101, 110)]
    for rule in import_rules():
        assert rule.family is Family.IMPORTS and rule.needles == ("airflow",)
        assert len(rule.examples) >= 2 and any(e.expect_lines for e in rule.examples)
        assert any(e.is_valid for e in rule.examples)


def test_contrib_severity_follows_the_target() -> None:
    source = "from airflow.contrib.hooks.aws_hook import AwsHook\n"
    on_2 = one(source, "2.10.3")
    on_3 = one(source, "3.0.6")
    assert on_2.code == on_3.code == "MWAA101"
    assert on_2.severity is Severity.WARNING and on_3.severity is Severity.BLOCKER
    assert on_2.fixable and on_3.fixable
    assert "airflow.providers.amazon.aws.hooks.base_aws.AwsBaseHook" in on_3.message
    assert "apache-airflow-providers-amazon" in on_3.message
    assert on_3.detail("new") == "airflow.providers.amazon.aws.hooks.base_aws.AwsBaseHook"
    assert on_3.detail("distribution") == "apache-airflow-providers-amazon"
    assert on_3.detail("local") == "AwsHook"
    assert "requirements.txt" in on_3.remedy


def test_legacy_module_chains_to_the_target_generation() -> None:
    source = "from airflow.operators.bash_operator import BashOperator as Bash\n"
    on_2 = one(source, "2.7.2")
    on_3 = one(source, "3.3.1")
    assert (on_2.code, on_2.severity) == ("MWAA102", Severity.WARNING)
    assert on_2.detail("new") == "airflow.operators.bash.BashOperator"
    assert (on_3.code, on_3.severity) == ("MWAA102", Severity.BLOCKER)
    assert on_3.detail("new") == "airflow.providers.standard.operators.bash.BashOperator"
    assert on_3.detail("local") == "Bash"


def test_two_to_three_rules_stay_quiet_on_2x() -> None:
    source = (
        "from airflow import DAG\n"
        "from airflow.operators.python import PythonOperator\n"
        "from airflow.utils.dates import days_ago\n"
        "from airflow.models import Variable\n"
    )
    assert check(source, "2.10.3") == []
    codes = [(f.location.line, f.code, f.severity) for f in check(source, "3.0.6")]
    assert codes == [
        (1, "MWAA106", Severity.INFO),
        (2, "MWAA106", Severity.WARNING),
        (3, "MWAA104", Severity.BLOCKER),
        (4, "MWAA106", Severity.INFO),
    ]


def test_since_3_1_is_respected() -> None:
    source = "from airflow.utils.timezone import utcnow\n"
    assert check(source, "3.0.6") == []
    finding = one(source, "3.2.1")
    assert finding.code == "MWAA106" and finding.detail("new") == "airflow.sdk.timezone.utcnow"


def test_renamed_classes() -> None:
    dummy = one("from airflow.operators.dummy import DummyOperator\n", "3.0.6")
    assert dummy.code == "MWAA107" and dummy.severity is Severity.BLOCKER
    assert dummy.detail("new") == "airflow.providers.standard.operators.empty.EmptyOperator"
    http = one("from airflow.providers.http.operators.http import SimpleHttpOperator\n", "3.0.6")
    assert (
        http.code == "MWAA107" and http.detail("new") == "airflow.providers.http.operators.http.HttpOperator"
    )
    assert "4.13.3" in http.message


def test_not_drop_in_replacements_are_not_fixable() -> None:
    finding = one("from airflow.contrib.operators.bigquery_operator import BigQueryOperator\n", "2.10.3")
    assert finding.code == "MWAA101" and not finding.fixable
    assert "BigQueryInsertJobOperator" in finding.message and "different arguments" in finding.message
    assert finding.detail("drop_in") == "false"


def test_plugin_magic_imports() -> None:
    source = (
        "from airflow.operators.my_plugin import MyOperator\n"
        "from airflow.operators import MyOtherOperator\n"
        "import airflow.sensors.my_sensors\n"
        "from airflow.macros.my_macros import fiscal_quarter\n"
        "from airflow.operators import bash\n"
        "from airflow.macros import ds_add\n"
        "from airflow.operators.bash import BashOperator\n"
    )
    findings = check(source, "2.10.3")
    assert [(f.location.line, f.code) for f in findings] == [
        (1, "MWAA103"),
        (2, "MWAA103"),
        (3, "MWAA103"),
        (4, "MWAA103"),
    ]
    assert all(f.severity is Severity.BLOCKER and not f.fixable for f in findings)
    assert findings[0].detail("plugin") == "my_plugin" and findings[0].detail("symbol") == "MyOperator"


def test_1_10_package_aliases_are_not_mistaken_for_plugins() -> None:
    finding = one("from airflow.operators import BashOperator\n", "2.10.3")
    assert finding.code == "MWAA102" and finding.detail("new") == "airflow.operators.bash.BashOperator"


def test_compatibility_fallbacks_are_not_reported() -> None:
    source = (
        "try:\n"
        "    from airflow.providers.standard.operators.bash import BashOperator\n"
        "except (ImportError, AttributeError):\n"
        "    from airflow.operators.bash import BashOperator\n"
        "try:\n"
        "    from airflow.operators.python import PythonOperator\n"
        "except ModuleNotFoundError:\n"
        "    from airflow.providers.standard.operators.python import PythonOperator\n"
    )
    assert check(source, "3.0.6") == []
    unguarded = "try:\n    from airflow.operators.bash import BashOperator\nexcept ImportError:\n    pass\n"
    assert [f.code for f in check(unguarded, "3.0.6")] == ["MWAA106"]


def test_attribute_chains_through_module_imports() -> None:
    source = (
        "import airflow\n"
        "from airflow.utils import dates, timezone\n"
        "a = dates.days_ago(1)\n"
        "b = airflow.utils.dates.days_ago(2)\n"
        "c = timezone.utcnow()\n"
    )
    assert check(source, "2.10.3") == []
    assert [(f.location.line, f.code) for f in check(source, "3.0.6")] == [(3, "MWAA104"), (4, "MWAA104")]
    # on 3.1+ the whole airflow.utils.timezone module moved to airflow.sdk.timezone: reported once,
    # at the import, not again at each use
    assert [(f.location.line, f.code) for f in check(source, "3.2.1")] == [
        (2, "MWAA106"),
        (3, "MWAA104"),
        (4, "MWAA104"),
    ]


def test_module_imports_of_reported_modules_are_not_reported_twice() -> None:
    source = "import airflow.contrib.hooks.aws_hook\nh = airflow.contrib.hooks.aws_hook.AwsHook()\n"
    assert [(f.location.line, f.code) for f in check(source, "3.0.6")] == [(1, "MWAA101")]


def test_relative_and_unrelated_imports_are_ignored() -> None:
    source = "from . import contrib\nfrom .operators import x\nimport os\nfrom airflowlike import thing\n"
    assert check(source, "3.0.6") == []


def test_star_imports_of_moved_modules() -> None:
    finding = one("from airflow.operators.bash_operator import *\n", "3.0.6")
    assert finding.code == "MWAA102" and finding.detail("local") == "*"


def test_every_example_target_is_an_mwaa_version() -> None:
    for rule in import_rules():
        for example in rule.examples:
            assert example.target is not None
            resolve(example.target)


@pytest.mark.parametrize("target", ["2.7.2", "3.0.6", "3.3.1"])
def test_import_rules_are_cheap(target: str) -> None:
    """1,000 typical DAG files through all import rules well inside the 2,000 files/s budget."""
    source = (
        "from datetime import datetime, timedelta\n"
        "from airflow import DAG\n"
        "from airflow.operators.bash import BashOperator\n"
        "from airflow.operators.python import PythonOperator\n"
        "from airflow.providers.amazon.aws.hooks.s3 import S3Hook\n"
        "from airflow.utils.task_group import TaskGroup\n"
        "import pendulum\n"
        "with DAG('d', start_date=datetime(2024, 1, 1), schedule='@daily') as dag:\n"
        + "".join(f"    t{i} = BashOperator(task_id='t{i}', bash_command='echo {i}')\n" for i in range(30))
    )
    trees = [ast.parse(source) for _ in range(1000)]
    rules = import_rules()
    mwaa = resolve(target)

    def run(batch: list[ast.Module]) -> None:
        for tree in batch:
            module = PythonModule("dags/d.py", source, tree, mwaa)
            for node in tree.body:
                if isinstance(node, ast.Import | ast.ImportFrom):
                    for rule in rules:
                        list(rule.check_node(node, module))
            for rule in rules:
                list(rule.check_module(module))

    run(trees[:1])  # loads the tables once per process, like the engine's first file
    start = time.perf_counter()
    run(trees)
    elapsed = time.perf_counter() - start
    # measured ~0.1-0.2 ms per file on this 2-core machine; the whole-run budget is 1 ms per file per core
    assert elapsed < 0.5, elapsed


def test_names_removed_at_the_end_of_the_chain_have_no_replacement() -> None:
    # subdag_operator (1.10) -> airflow.operators.subdag (2.x) -> removed in 3.0
    finding = one("from airflow.operators.subdag_operator import SubDagOperator\n", "3.0.6")
    assert finding.code == "MWAA102" and finding.detail("new") == "" and not finding.fixable
    assert "subdag" in finding.message
    module = one("import airflow.operators.subdag_operator\n", "3.0.6")
    assert module.detail("new") == "" and not module.fixable
    on_2 = one("from airflow.operators.subdag_operator import SubDagOperator\n", "2.10.3")
    assert (
        on_2.detail("new") == "airflow.operators.subdag.SubDagOperator" and on_2.severity is Severity.WARNING
    )


def test_contrib_modules_1_10_had_already_moved() -> None:
    finding = one("from airflow.contrib.kubernetes.secret import Secret\n", "3.0.6")
    assert finding.detail("new") == "airflow.providers.cncf.kubernetes.secret.Secret" and finding.fixable
    volume = one("from airflow.contrib.kubernetes.volume import Volume\n", "3.0.6")
    assert volume.detail("new") == "kubernetes.client.models.V1Volume" and not volume.fixable
