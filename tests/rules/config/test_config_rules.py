"""Config rules: the one-fate-per-option decision, target versions, and secrets staying out of findings."""

from __future__ import annotations

import pytest

from migrator.inputs.airflow_cfg import parse_airflow_cfg, parse_env_file
from migrator.knowledge.versions import resolve
from migrator.rules import registry
from migrator.rules.base import ConfigRule, Rule
from migrator.rules.config.carry_over import Fate, carry_over, carry_over_config

SECRET = "FAKE-not-a-real-secret"
CONFIG_RULES = [r for r in registry.all_rules() if issubclass(r, ConfigRule)]
FATE_CODES = {
    Fate.EXECUTOR: "MWAA601", Fate.FORCED: "MWAA602", Fate.RESERVED_ENV: "MWAA603", Fate.MOVE: "MWAA604",
    Fate.CELERY_QUEUE: "MWAA605", Fate.UNSUPPORTED: "MWAA606", Fate.REMOVED_IN_AIRFLOW3: "MWAA608",
    Fate.HOST_SPECIFIC: "MWAA609", Fate.REJECTED_BY_API: "MWAA610", Fate.UNKNOWN: "MWAA611",
}  # fmt: skip


def _parse(text: str, filename: str, target: str | None):  # type: ignore[no-untyped-def]
    parse = parse_env_file if filename.endswith(".env") else parse_airflow_cfg
    return parse(text, filename, target=resolve(target))


@pytest.mark.parametrize(
    ("rule", "index"),
    [(rule, i) for rule in CONFIG_RULES for i in range(len(rule.examples)) if rule.code != "MWAA607"],
    ids=lambda v: v.code if isinstance(v, type) else str(v + 1),
)
def test_examples_on_their_target(rule: type[Rule], index: int) -> None:
    """Each example, judged against its own target version (the engine hands the target to the parser)."""
    example = rule.examples[index]
    config = _parse(example.source, example.filename, example.target)
    assert isinstance(rule, type) and issubclass(rule, ConfigRule)
    lines = sorted({f.location.line for f in rule().check_config(config)})
    assert lines == sorted(set(example.expect_lines))


def fate(text: str, target: str = "3.3.1", filename: str = "airflow.cfg") -> Fate:
    config = _parse(text, filename, target)
    return carry_over(config.entries[0], resolve(target)).fate


@pytest.mark.parametrize(
    ("text", "target", "expected"),
    [
        ("[core]\nexecutor = KubernetesExecutor\n", "2.10.3", Fate.EXECUTOR),
        ("[core]\nexecutor = airflow.executors.celery_executor.CeleryExecutor\n", "2.10.3", Fate.FORCED),
        ("[core]\nmulti_team = True\n", "3.2.1", Fate.UNSUPPORTED),
        ("[core]\nmulti_team = True\n", "3.0.6", Fate.MOVE),  # the option is new in 3.2
        ("[celery]\ndefault_queue = heavy\n", "2.10.3", Fate.CELERY_QUEUE),
        ("[celery]\ndefault_queue = default\n", "2.10.3", Fate.FORCED),
        ("[webserver]\ncookie_secure = True\n", "2.11.2", Fate.FORCED),
        ("[webserver]\ncookie_secure = True\n", "3.3.1", Fate.MOVE),  # fab.cookie_secure, default False
        ("[core]\nparallelism = 32\n", "2.10.3", Fate.DEFAULT),
        ("[core]\nparallelism = 32.0\n", "2.10.3", Fate.DEFAULT),
        ("[core]\nparallelism = 33\n", "2.10.3", Fate.MOVE),
        ("[core]\ndags_folder = /home/airflow/airflow/dags\n", "2.10.3", Fate.HOST_SPECIFIC),
        (
            "[core]\nremote_logging = True\n",
            "2.10.3",
            Fate.HOST_SPECIFIC,
        ),  # 1.10 name of logging.remote_logging
        ("[core]\ncheck_slas = False\n", "3.0.6", Fate.REMOVED_IN_AIRFLOW3),
        ("[core]\ncheck_slas = False\n", "2.11.2", Fate.MOVE),
        ("[core]\nexecute_tasks_new_python_interpreter = True\n", "2.10.3", Fate.DEFAULT),  # MWAA's value
        ("[core]\nexecute_tasks_new_python_interpreter = False\n", "2.10.3", Fate.MOVE),  # Airflow's default!
        ("[custom]\nanything = yes\n", "2.10.3", Fate.MOVE),
        ("[core]\nno_such_option = 1\n", "2.10.3", Fate.UNKNOWN),
        ("[core]\ndefault_timezone = Europe/Zürich\n", "2.10.3", Fate.REJECTED_BY_API),
    ],
)
def test_fates(text: str, target: str, expected: Fate) -> None:
    assert fate(text, target) is expected


def test_env_fates() -> None:
    assert fate("AIRFLOW__CORE__PARALLELISM=8\n", filename="airflow.env") is Fate.RESERVED_ENV
    assert fate("AIRFLOW__CORE__EXECUTOR=LocalExecutor\n", filename="airflow.env") is Fate.EXECUTOR
    assert fate("AIRFLOW__LOGGING__LOGGING_CONFIG_CLASS=my.Config\n", filename="airflow.env") is Fate.FORCED
    assert fate("AIRFLOW__CORE__DEFAULT_TASK_RETRIES=3\n", filename="airflow.env") is Fate.MOVE


def test_moved_value_is_what_airflow_reads() -> None:
    config = _parse("[logging]\nlog_format = %%(asctime)s %%(message)s\n", "airflow.cfg", "2.10.3")
    (item,) = carry_over_config(config)
    assert item.fate is Fate.MOVE and item.mwaa_key == "logging.log_format"
    assert item.value == "%(asctime)s %(message)s"


def test_renamed_options_move_under_the_target_name() -> None:
    config = _parse("[scheduler]\nmax_threads = 4\nstatsd_allow_list = a,b\n", "airflow.cfg", "2.10.3")
    assert [(i.fate, i.mwaa_key) for i in carry_over_config(config)] == [
        (Fate.MOVE, "scheduler.parsing_processes"), (Fate.MOVE, "metrics.metrics_allow_list"),
    ]  # fmt: skip
    config = _parse("[scheduler]\nmax_threads = 4\n", "airflow.cfg", "3.3.1")
    assert [i.mwaa_key for i in carry_over_config(config)] == ["dag_processor.parsing_processes"]


BIG_CFG = f"""\
[core]
executor = KubernetesExecutor
fernet_key = {SECRET}
sql_alchemy_conn = postgresql://airflow:{SECRET}@db/airflow
sql_alchemy_conn_cmd = echo {SECRET}
parallelism = 64
dag_concurrency = 32
[celery]
default_queue = etl
broker_url = redis://:{SECRET}@redis:6379/0
[webserver]
secret_key = {SECRET}
base_url = https://airflow.internal
[smtp]
smtp_password = {SECRET}
smtp_user = alerts
[secrets]
backend_kwargs = {{"connections_prefix": "c", "token": "{SECRET}"}}
[my_team]
api_token = {SECRET}
"""

BIG_ENV = f"""\
AIRFLOW__CORE__FERNET_KEY={SECRET}
AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql://a:{SECRET}@db/a
AIRFLOW__MY_TEAM__PASSWORD={SECRET}
AIRFLOW_CONN_WAREHOUSE=postgres://etl:{SECRET}@db:5432/dw
AIRFLOW_VAR_API_KEY={SECRET}
PYTHONPATH=/opt/{SECRET}
"""


@pytest.mark.parametrize("target", ["2.7.2", "2.10.3", "3.0.6", "3.3.1"])
def test_no_secret_in_any_finding(target: str) -> None:
    for text, filename in ((BIG_CFG, "airflow.cfg"), (BIG_ENV, "airflow.env")):
        config = _parse(text, filename, target)
        findings = [f for rule in CONFIG_RULES if rule.code != "MWAA607" for f in rule().check_config(config)]
        assert findings
        for finding in findings:
            blob = " ".join([finding.message, finding.remedy, *(v for _, v in finding.data)])
            assert SECRET not in blob, (finding.code, blob)


@pytest.mark.parametrize("target", ["2.10.3", "3.3.1"])
def test_each_option_gets_one_verdict(target: str) -> None:
    """Apart from MWAA608 (a name changed in Airflow 3), every line is reported by at most one rule, and by
    the rule its fate names."""
    config = _parse(BIG_CFG, "airflow.cfg", target)
    fates = {item.entry.line: item.fate for item in carry_over_config(config)}
    codes: dict[int, set[str]] = {}
    for rule in CONFIG_RULES:
        for finding in rule().check_config(config):
            codes.setdefault(finding.location.line, set()).add(finding.code)
    for line, found in codes.items():
        found.discard("MWAA608")
        expected = FATE_CODES.get(fates[line])
        assert found <= {expected}, (line, fates[line], found)


def test_local_executor_is_a_warning_and_kubernetes_a_blocker() -> None:
    from migrator.rules.config.non_celery_executor import NonCeleryExecutor

    config = _parse("[core]\nexecutor = LocalExecutor\n", "airflow.cfg", "3.3.1")
    (finding,) = NonCeleryExecutor().check_config(config)
    assert finding.severity.label == "warning" and "worker_autoscale" in finding.remedy
    config = _parse("[core]\nexecutor = CeleryKubernetesExecutor\n", "airflow.cfg", "3.3.1")
    (finding,) = NonCeleryExecutor().check_config(config)
    assert finding.severity.label == "blocker" and "KubernetesPodOperator" in finding.remedy


def test_forced_severity_follows_the_value() -> None:
    from migrator.rules.config.forced_option import ForcedOption

    config = _parse("[core]\nload_examples = False\n[logging]\nlogging_config_class = my.Config\n", "airflow.cfg",
                    "3.3.1")  # fmt: skip
    severities = [f.severity.label for f in ForcedOption().check_config(config)]
    assert severities == ["info", "warning"]
