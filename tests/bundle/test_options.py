"""airflow_configuration_options.json against MWAA's forced and reserved lists and the API's format."""

from __future__ import annotations

import gzip
import json
import os
import re
from pathlib import Path
from typing import Any

import botocore
import pytest

from migrator.bundle.options import (
    BACKEND,
    BACKEND_KWARGS,
    OptionsPlan,
    keep_aws_default_exclusion,
    merge_secrets_options,
    mwaa_lookup_pattern,
)
from migrator.knowledge import mwaa_config
from migrator.knowledge.versions import TargetVersion, resolve, supported_versions
from tests.bundle.conftest import FIXTURES, SECRET_MARK, bundle, write_tree

SECRETS_MANAGER = "airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend"


def _api_shapes() -> dict[str, Any]:
    """The MWAA API model botocore ships: the authority on what UpdateEnvironment accepts."""
    path = Path(os.path.dirname(botocore.__file__)) / "data" / "mwaa" / "2020-07-01" / "service-2.json.gz"
    shapes: dict[str, Any] = json.loads(gzip.decompress(path.read_bytes()))["shapes"]
    return shapes


def assert_accepted_by_api(options: dict[str, str]) -> None:
    shapes = _api_shapes()
    key_shape, value_shape = shapes["ConfigKey"], shapes["ConfigValue"]
    for key, value in options.items():
        assert re.fullmatch(key_shape["pattern"], key) and key_shape["min"] <= len(key) <= key_shape["max"], key
        assert "." in key, key  # the service also wants a section: "e.g: core.log_format"
        assert isinstance(value, str) and re.fullmatch(value_shape["pattern"], value), key
        assert value_shape["min"] <= len(value) <= value_shape["max"], key


def _every_forced_and_reserved(target: TargetVersion) -> dict[str, str]:
    cfg: dict[str, list[str]] = {"my_team": ["alert_channel = #data"], "celery": ["worker_concurrency = 24"]}
    for forced in mwaa_config.forced_options(target):
        option = forced.option.replace(".*", ".statsd_host")
        section, key = option.split(".", 1)
        cfg.setdefault(section, []).append(f"{key} = not-what-mwaa-sets-{SECRET_MARK}")
    return {"airflow.cfg": "".join(f"[{section}]\n" + "".join(f"{line}\n" for line in lines) for section, lines in cfg.items())}


@pytest.mark.parametrize("target", supported_versions(), ids=str)
def test_forced_options_and_reserved_variables_never_reach_the_options(target: TargetVersion, tmp_path: Path) -> None:
    files = _every_forced_and_reserved(target)
    reserved = [name for name in mwaa_config._data()["reserved_env"]["names"] if name.startswith("AIRFLOW__")]
    files["airflow.env"] = "".join(f"{name}=1\n" for name in reserved) + "AIRFLOW__CORE__DEFAULT_TASK_RETRIES=3\n"
    src = write_tree(tmp_path / "home", {"dags/d.py": "from airflow import DAG\n", **files})
    result = bundle(src, tmp_path / "out", target.airflow)
    assert result.returncode == 0, result.stderr
    options = json.loads((tmp_path / "out" / "airflow_configuration_options.json").read_text())
    assert_accepted_by_api(options)
    for key in options:
        assert mwaa_config.forced(key, target) is None, key
        variable = "AIRFLOW__" + "__".join(part.upper() for part in key.split(".", 1))
        if mwaa_config.is_reserved_env(variable, target):
            assert mwaa_config.reserved_env_option_instead(variable), key
    assert options["my_team.alert_channel"] == "#data"
    assert options["core.default_task_retries"] == "3"
    assert SECRET_MARK not in (tmp_path / "out" / "BUNDLE.md").read_text() + result.stdout
    readme = (tmp_path / "out" / "BUNDLE.md").read_text()
    assert "`core.executor`" in readme and "(MWAA602)" in readme  # dropped, each with its finding's code


@pytest.mark.parametrize(("fixture", "target"), [("legacy-airflow-1.10", "3.3.1"), ("airflow-2.x", "2.10.3")])
def test_fixture_options_are_valid_and_carry_what_can_move(fixture: str, target: str, tmp_path: Path) -> None:
    assert bundle(FIXTURES / fixture, tmp_path / "out", target).returncode == 0
    options = json.loads((tmp_path / "out" / "airflow_configuration_options.json").read_text())
    assert_accepted_by_api(options)
    assert options["core.parallelism"] == {"legacy-airflow-1.10": "64", "airflow-2.x": "48"}[fixture]  # their airflow.cfg
    assert not any(mwaa_config.forced(key, resolve(target)) for key in options)
    if fixture.startswith("legacy"):
        assert options["core.lazy_load_plugins"] == "False"  # its plugins.zip holds an AirflowPlugin


def test_sensitive_values_are_never_written(tmp_path: Path) -> None:
    src = write_tree(tmp_path / "home", {
        "dags/d.py": "from airflow import DAG\n",
        "airflow.cfg": f"[smtp]\nsmtp_host = smtp.example.com\nsmtp_password = {SECRET_MARK}\n[my_team]\napi_token = {SECRET_MARK}\n",
    })  # fmt: skip
    result = bundle(src, tmp_path / "out", "2.10.3")
    assert result.returncode == 0, result.stderr
    options = json.loads((tmp_path / "out" / "airflow_configuration_options.json").read_text())
    assert options == {"smtp.smtp_host": "smtp.example.com"}
    readme = (tmp_path / "out" / "BUNDLE.md").read_text()
    assert SECRET_MARK not in readme and "`my_team.api_token`" in readme


def test_secrets_config_is_merged_keeping_aws_default_out_of_the_backend(tmp_path: Path) -> None:
    """The file `mwaa-migrator secrets` writes, made by its own code; then its kwargs as a user might
    trim them (no lookup pattern), which replaces MWAA's default kwargs."""
    from migrator.secrets.generate import configuration_options

    generated = configuration_options("secretsmanager", "airflow/connections", "airflow/variables")
    assert json.loads(generated[BACKEND_KWARGS])["connections_lookup_pattern"] == "^(?!aws_default$).*$"
    trimmed = dict(generated)
    trimmed[BACKEND_KWARGS] = json.dumps({k: v for k, v in json.loads(generated[BACKEND_KWARGS]).items()
                                          if k != "connections_lookup_pattern"})  # fmt: skip
    secrets = tmp_path / "secrets-options.json"
    secrets.write_text(json.dumps(trimmed))
    src = write_tree(tmp_path / "home", {"dags/d.py": "from airflow import DAG\n", "airflow.cfg": "[core]\nparallelism = 8\n"})
    result = bundle(src, tmp_path / "out", "3.0.6", "--secrets-config", str(secrets))
    assert result.returncode == 0, result.stderr
    options = json.loads((tmp_path / "out" / "airflow_configuration_options.json").read_text())
    assert_accepted_by_api(options)
    assert options[BACKEND] == generated[BACKEND] == SECRETS_MANAGER and options["core.parallelism"] == "8"
    kwargs = json.loads(options[BACKEND_KWARGS])
    assert kwargs["connections_prefix"] == "airflow/connections"
    assert kwargs["connections_lookup_pattern"] == mwaa_lookup_pattern(resolve("3.0.6")) == "^(?!aws_default$).*$"


def test_a_users_own_lookup_pattern_is_combined_with_the_exclusion() -> None:
    target = resolve("3.3.1")
    plan = OptionsPlan()
    merge_secrets_options(plan, {
        BACKEND: SECRETS_MANAGER,
        BACKEND_KWARGS: json.dumps({"connections_lookup_pattern": "^(aws_|warehouse_)", "connections_prefix": "c"}),
    }, target, "secrets.json")  # fmt: skip
    keep_aws_default_exclusion(plan, target)
    pattern = json.loads(plan.options[BACKEND_KWARGS])["connections_lookup_pattern"]
    # the provider tests connection ids with re.match
    assert re.match(pattern, "aws_default") is None
    assert re.match(pattern, "aws_glue") and re.match(pattern, "warehouse_pg") and not re.match(pattern, "slack")


def test_other_backends_are_left_alone() -> None:
    target = resolve("3.3.1")
    plan = OptionsPlan()
    vault = {BACKEND: "airflow.providers.hashicorp.secrets.vault.VaultBackend", BACKEND_KWARGS: '{"url": "https://vault"}'}
    merge_secrets_options(plan, vault, target, "secrets.json")
    keep_aws_default_exclusion(plan, target)
    assert plan.options == vault  # VaultBackend takes no connections_lookup_pattern


def test_secrets_config_entries_the_api_refuses_are_left_out() -> None:
    plan = OptionsPlan()
    merge_secrets_options(plan, {"NoSection": "x", "core.fernet_key": "k", "secrets.backend": "é"}, resolve("3.3.1"), "s.json")
    assert plan.options == {}
    assert len(plan.notes) == 3
