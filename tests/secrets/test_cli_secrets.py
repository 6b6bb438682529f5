"""`mwaa-migrator secrets plan|apply` end to end: a child process of the real CLI against a moto
server over HTTP (sometimes through a fault-injecting proxy), checked with a separate boto3 client."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.secrets.conftest import REGION, FaultProxy, boto_client, run_cli

pytestmark = pytest.mark.aws

CONNECTIONS = {
    "warehouse": {"conn_type": "postgres", "host": "db.example.com", "login": "etl", "password": "pw-1",
                  "port": 5432, "schema": "dw", "extra": "{\"sslmode\": \"require\"}"},
    "api": {"conn_type": "http", "host": "https://api.example.com", "password": "tok-2"},
    "aws_default": {"conn_type": "aws", "login": "AKIA", "password": "old"},
    "bad id": {"conn_type": "http", "host": "x.example.com"},
}  # fmt: skip
VARIABLES = {"env": "prod", "limits": {"max": 3}}


@pytest.fixture
def sources(tmp_path: Path) -> list[str]:
    conns = tmp_path / "connections.json"
    conns.write_text(json.dumps(CONNECTIONS, indent=2))
    variables = tmp_path / "variables.json"
    variables.write_text(json.dumps(VARIABLES, indent=2))
    return ["--export-file", str(conns), "--export-file", str(variables)]


def secrets_cli(mode: str, args: list[str], endpoint: str, out: Path):  # type: ignore[no-untyped-def]
    return run_cli(
        ["secrets", mode, *args, "--endpoint-url", endpoint, "--region", REGION, "--out", str(out)]
    )


def _report(out: Path, mode: str = "apply") -> dict:  # type: ignore[type-arg]
    return json.loads((out / f"secrets-{mode}.json").read_text())  # type: ignore[no-any-return]


def _actions(report: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {item["name"]: item["action"] for item in report["items"]}


def test_plan_writes_nothing_and_apply_converges(moto: str, sources: list[str], tmp_path: Path) -> None:
    client = boto_client(moto, "secretsmanager")
    plan = secrets_cli("plan", sources, moto, tmp_path / "plan")
    assert plan.returncode == 1, plan.stderr  # "bad id" cannot be migrated: the exit code says so
    assert client.list_secrets()["SecretList"] == []
    actions = _actions(_report(tmp_path / "plan", "plan"))
    assert actions == {
        "airflow/connections/api": "create", "airflow/connections/aws_default": "skip",
        "airflow/connections/bad id": "skip", "airflow/connections/warehouse": "create",
        "airflow/variables/env": "create", "airflow/variables/limits": "create",
    }  # fmt: skip

    first = secrets_cli("apply", sources, moto, tmp_path / "a1")
    names = sorted(s["Name"] for s in client.list_secrets()["SecretList"])
    assert names == ["airflow/connections/api", "airflow/connections/warehouse", "airflow/variables/env",
                     "airflow/variables/limits"]  # fmt: skip
    assert client.get_secret_value(SecretId="airflow/variables/env")["SecretString"] == "prod"
    assert json.loads(client.get_secret_value(SecretId="airflow/variables/limits")["SecretString"]) == {
        "max": 3
    }
    assert first.returncode == 1  # still the skipped invalid id
    versions = {n: client.describe_secret(SecretId=n)["VersionIdsToStages"] for n in names}

    second = secrets_cli("apply", sources, moto, tmp_path / "a2")
    report = _report(tmp_path / "a2")
    assert report["counts"]["create"] == report["counts"]["update"] == 0
    assert report["counts"]["unchanged"] == 4
    assert {
        n: client.describe_secret(SecretId=n)["VersionIdsToStages"] for n in names
    } == versions  # no new writes
    assert second.returncode == 1


def test_outputs_are_deterministic(moto: str, sources: list[str], tmp_path: Path) -> None:
    secrets_cli("plan", sources, moto, tmp_path / "p1")
    secrets_cli("plan", sources, moto, tmp_path / "p2")
    for name in ("airflow_configuration_options.json", "execution-role-secrets-policy.json", "secrets-plan.json",
                 "secrets-plan.md"):  # fmt: skip
        assert (tmp_path / "p1" / name).read_bytes() == (tmp_path / "p2" / name).read_bytes(), name


def test_changed_value_is_an_update_and_others_stay(moto: str, sources: list[str], tmp_path: Path) -> None:
    client = boto_client(moto, "secretsmanager")
    secrets_cli("apply", sources, moto, tmp_path / "a1")
    client.put_secret_value(SecretId="airflow/variables/env", SecretString="drifted")
    secrets_cli("plan", sources, moto, tmp_path / "p")
    actions = _actions(_report(tmp_path / "p", "plan"))
    assert actions["airflow/variables/env"] == "update"
    assert actions["airflow/connections/warehouse"] == "unchanged"
    secrets_cli("apply", sources, moto, tmp_path / "a2")
    assert client.get_secret_value(SecretId="airflow/variables/env")["SecretString"] == "prod"


def test_interrupted_run_resumes(
    moto: str, sources: list[str], tmp_path: Path, fault_proxy: FaultProxy
) -> None:
    """A run that died after some writes (here: the store refuses the rest) is finished by the next."""
    client = boto_client(moto, "secretsmanager")
    fault_proxy.fail_when = {"airflow/variables/": "ServiceUnavailable"}
    broken = secrets_cli("apply", sources, fault_proxy.endpoint, tmp_path / "a1")
    assert broken.returncode == 1
    report = _report(tmp_path / "a1")
    failed = sorted(item["name"] for item in report["items"] if item["result"].startswith("failed"))
    assert failed == ["airflow/variables/env", "airflow/variables/limits"]
    # the failure of the variables did not stop the connections
    assert sorted(s["Name"] for s in client.list_secrets()["SecretList"]) == [
        "airflow/connections/api", "airflow/connections/warehouse"]  # fmt: skip
    fault_proxy.fail_when = {}
    resumed = secrets_cli("apply", sources, fault_proxy.endpoint, tmp_path / "a2")
    actions = _actions(_report(tmp_path / "a2"))
    assert actions["airflow/variables/env"] == "create" and actions["airflow/connections/api"] == "unchanged"
    assert resumed.returncode == 1  # only the invalid id remains


def test_failure_on_one_write_is_isolated(
    moto: str, sources: list[str], tmp_path: Path, fault_proxy: FaultProxy
) -> None:
    client = boto_client(moto, "secretsmanager")
    # Reads succeed, only the CreateSecret of one connection is refused.
    fault_proxy.fail_when = {'"Name": "airflow/connections/api"': "AccessDeniedException"}
    result = secrets_cli("apply", sources, fault_proxy.endpoint, tmp_path / "a")
    assert result.returncode == 1
    items = {item["name"]: item["result"] for item in _report(tmp_path / "a")["items"]}
    assert items["airflow/connections/api"].startswith("failed: AccessDeniedException")
    assert items["airflow/connections/warehouse"] == "created"
    assert items["airflow/variables/env"] == "created"
    assert "pw-1" not in result.stdout and "tok-2" not in result.stdout + result.stderr
    assert len(client.list_secrets()["SecretList"]) == 3


def test_throttling_is_retried_with_backoff(moto: str, sources: list[str], tmp_path: Path,
                                            fault_proxy: FaultProxy) -> None:  # fmt: skip
    fault_proxy.throttle = 4
    result = secrets_cli("apply", sources, fault_proxy.endpoint, tmp_path / "a")
    assert fault_proxy.throttled == 4
    report = _report(tmp_path / "a")
    assert not [i for i in report["items"] if i["result"].startswith("failed")], result.stdout


def test_ssm_secure_strings_tags_and_kms(moto: str, sources: list[str], tmp_path: Path) -> None:
    kms = boto_client(moto, "kms")
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    args = [
        *sources,
        "--to",
        "ssm",
        "--tag",
        "team=data",
        "--tag",
        "migrated-by=mwaa-migrator",
        "--kms-key-id",
        key_id,
    ]
    secrets_cli("apply", args, moto, tmp_path / "a1")
    ssm = boto_client(moto, "ssm")
    parameter = ssm.get_parameter(Name="/airflow/variables/env", WithDecryption=True)["Parameter"]
    assert parameter["Type"] == "SecureString" and parameter["Value"] == "prod"
    tags = ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId="/airflow/variables/env")[
        "TagList"
    ]
    assert {t["Key"]: t["Value"] for t in tags} == {"team": "data", "migrated-by": "mwaa-migrator"}
    secrets_cli("apply", args, moto, tmp_path / "a2")
    report = _report(tmp_path / "a2")
    assert report["counts"]["unchanged"] == 4 and report["counts"]["update"] == 0, report["items"]
    policy = json.loads((tmp_path / "a2" / "execution-role-secrets-policy.json").read_text())
    statements = {s["Sid"]: s for s in policy["Statement"]}
    assert statements["ReadAirflowSecrets"]["Action"] == ["ssm:GetParameter"]
    assert statements["ReadAirflowSecrets"]["Resource"] == [
        f"arn:aws:ssm:{REGION}:*:parameter/airflow/connections/*",
        f"arn:aws:ssm:{REGION}:*:parameter/airflow/variables/*",
    ]
    assert statements["DecryptAirflowSecrets"]["Resource"] == f"arn:aws:kms:{REGION}:*:key/{key_id}"
    options = json.loads((tmp_path / "a2" / "airflow_configuration_options.json").read_text())
    assert options["secrets.backend"].endswith("SystemsManagerParameterStoreBackend")


def test_tags_added_later_are_an_update(moto: str, sources: list[str], tmp_path: Path) -> None:
    secrets_cli("apply", sources, moto, tmp_path / "a1")
    secrets_cli("apply", [*sources, "--tag", "owner=data"], moto, tmp_path / "a2")
    report = _report(tmp_path / "a2")
    assert report["counts"]["update"] == 4
    client = boto_client(moto, "secretsmanager")
    tags = client.describe_secret(SecretId="airflow/variables/env")["Tags"]
    assert {"Key": "owner", "Value": "data"} in tags


def test_secret_scheduled_for_deletion_is_restored(moto: str, sources: list[str], tmp_path: Path) -> None:
    client = boto_client(moto, "secretsmanager")
    secrets_cli("apply", sources, moto, tmp_path / "a1")
    client.delete_secret(SecretId="airflow/variables/env", RecoveryWindowInDays=7)
    secrets_cli("apply", sources, moto, tmp_path / "a2")
    item = next(i for i in _report(tmp_path / "a2")["items"] if i["name"] == "airflow/variables/env")
    assert item["action"] == "update" and "restored" in item["reason"] and item["result"] == "updated"
    assert client.get_secret_value(SecretId="airflow/variables/env")["SecretString"] == "prod"


def test_configuration_options_keep_aws_default_out(moto: str, sources: list[str], tmp_path: Path) -> None:
    secrets_cli("plan", [*sources, "--connections-prefix", "mwaa/conns/", "--variables-prefix", "mwaa/vars"],
                moto, tmp_path / "p")  # fmt: skip
    options = json.loads((tmp_path / "p" / "airflow_configuration_options.json").read_text())
    kwargs = json.loads(options["secrets.backend_kwargs"])
    assert kwargs == {"connections_prefix": "mwaa/conns", "variables_prefix": "mwaa/vars",
                      "connections_lookup_pattern": "^(?!aws_default$).*$"}  # fmt: skip
    import re

    assert not re.match(kwargs["connections_lookup_pattern"], "aws_default", re.IGNORECASE)
    assert re.match(kwargs["connections_lookup_pattern"], "aws_default_2", re.IGNORECASE)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give at least one source"),
        (["--export-file", "/nonexistent/c.json"], "does not exist"),
        (["--env-file", "{env}", "--to", "vault"], "--to must be one of"),
        (["--env-file", "{env}", "--format", "xml"], "--format must be one of"),
        (["--env-file", "{env}", "--tag", "novalue"], "--tag must be KEY=VALUE"),
        (["--metadata-db", "sqlite:///{tmp}/missing.db"], "does not exist"),
        (["--metadata-db", "not a url"], "not an SQLAlchemy URL"),
        (["--metadata-db", "sqlite:///{tmp}/x.db", "--fernet-key", "not-a-key-SECRETISH"], "Fernet key #1"),
        (["--env-file", "{env}", "--target-airflow", "1.0"], "not an MWAA version"),
        (["--env-file", "{env}", "--profile", "no-such-profile"], "no-such-profile"),
    ],
)
def test_usage_errors_exit_2(moto: str, tmp_path: Path, args: list[str], message: str) -> None:
    env_file = tmp_path / "airflow.env"
    env_file.write_text("AIRFLOW_VAR_X=1\n")
    (tmp_path / "x.db").write_bytes(b"")
    args = [a.replace("{env}", str(env_file)).replace("{tmp}", str(tmp_path)) for a in args]
    result = secrets_cli("plan", args, moto, tmp_path / "out")
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr and "SECRETISH" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_source_file_is_a_finding_not_a_crash(moto: str, tmp_path: Path) -> None:
    broken = tmp_path / "connections.json"
    broken.write_text('{"a": {"conn_type": "http",\n')
    good = tmp_path / "airflow.env"
    good.write_text("AIRFLOW_VAR_X=1\n")
    result = secrets_cli(
        "apply", ["--export-file", str(broken), "--env-file", str(good)], moto, tmp_path / "a"
    )
    assert result.returncode == 1
    assert "MWAA1006" in result.stdout and "Traceback" not in result.stderr
    assert (
        boto_client(moto, "secretsmanager").get_secret_value(SecretId="airflow/variables/x")["SecretString"]
        == "1"
    )


def test_requirements_silence_the_missing_provider_finding(moto: str, tmp_path: Path) -> None:
    env_file = tmp_path / "airflow.env"
    env_file.write_text("AIRFLOW_CONN_SLACK='slackwebhook://:t@hooks.slack.com'\n")
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(
        "--constraint https://example.invalid/c.txt\napache-airflow-providers-slack==9.0.0\n"
    )
    without = secrets_cli("plan", ["--env-file", str(env_file)], moto, tmp_path / "p1")
    assert "MWAA1003" in without.stdout and without.returncode == 0  # a warning does not fail the plan
    with_req = secrets_cli("plan", ["--env-file", str(env_file), "--requirements", str(requirements)], moto,
                           tmp_path / "p2")  # fmt: skip
    assert "MWAA1003" not in with_req.stdout
