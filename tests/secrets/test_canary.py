"""No secret value ever reaches stdout, stderr, the files in --out, finding messages or error texts.

Canary values are planted in every place a secret can live (passwords, extra fields, keyfile JSON,
variables, env files, an encrypted metadata DB, the Fernet key, a database URL), then plan, apply,
apply against a store that fails every write with an error echoing the request (which carries the
value), a wrong Fernet key, and usage errors are run; every output is searched for every canary.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from tests.secrets.conftest import REGION, FaultProxy, boto_client, cli_env, run_cli
from tests.secrets.legacy_db import build_legacy_db

pytestmark = pytest.mark.aws


def _canary(tag: str) -> str:
    return f"CANARY{tag}{secrets.token_hex(6)}"


C = {name: _canary(name) for name in (
    "pw", "token", "custom", "keyfile", "var1", "var2", "envpw", "envvar", "bad", "skip", "big", "dbpw", "dbvar",
    "dbextra", "urlpw", "fernetjunk", "login",
)}  # fmt: skip
FERNET_KEY = Fernet.generate_key().decode()
CANARIES = [*C.values(), FERNET_KEY]


@pytest.fixture
def planted(tmp_path: Path) -> dict[str, Path]:
    conns = {
        "warehouse": {"conn_type": "postgres", "host": "db.example.com", "login": "etl", "password": C["pw"],
                      "extra": json.dumps({"token": C["token"], "custom_field": C["custom"],
                                           "key_file": "/home/airflow/.ssh/id_rsa"})},
        "gcp": {"conn_type": "google_cloud_platform",
                "extra": {"keyfile_dict": json.dumps({"private_key": C["keyfile"]}), "project": "p"}},
        "bad id": {"conn_type": "http", "host": "localhost", "password": C["skip"]},
        "aws_default": {"conn_type": "aws", "login": "AKIA", "password": C["skip"] + "x"},
        "broken": {"conn_type": "http", "port": "not-a-port", "password": C["bad"]},
    }  # fmt: skip
    (tmp_path / "connections.json").write_text(json.dumps(conns, indent=2))
    variables = {"v1": C["var1"], "v2": {"nested": C["var2"]}, "huge": C["big"] + "x" * 70000}
    (tmp_path / "variables.json").write_text(json.dumps(variables, indent=2))
    (tmp_path / "airflow.env").write_text(
        f"AIRFLOW_CONN_SLACK='slackwebhook://:{C['envpw']}@hooks.slack.com'\n"
        f"AIRFLOW_VAR_ENVVAR={C['envvar']}\n"
        f"AIRFLOW_CONN_MALFORMED='postgres://u:{C['bad']}x@h:nope/x'\n"
    )
    rows = [{"conn_id": "db_conn", "conn_type": "mysql", "host": "m.example.com", "login": "root",
             "password": C["dbpw"], "extra": json.dumps({"ssl": {"key": C["dbextra"]}})}]  # fmt: skip
    build_legacy_db(tmp_path / "airflow.db", FERNET_KEY, rows, {"dbvar": C["dbvar"]})
    return {
        name: tmp_path / name for name in ("connections.json", "variables.json", "airflow.env", "airflow.db")
    }


def _sources(files: dict[str, Path]) -> list[str]:
    return ["--export-file", str(files["connections.json"]), "--export-file", str(files["variables.json"]),
            "--env-file", str(files["airflow.env"]), "--metadata-db", f"sqlite:///{files['airflow.db']}"]  # fmt: skip


def _search(texts: dict[str, str]) -> list[str]:
    leaks = []
    for where, text in texts.items():
        for canary in CANARIES:
            if canary in text:
                leaks.append(f"{canary[:12]}... in {where}")
    return leaks


def test_no_canary_anywhere(moto: str, planted: dict[str, Path], tmp_path: Path) -> None:
    outputs: dict[str, str] = {}
    sources = _sources(planted)
    common = ["--endpoint-url", moto, "--region", REGION]
    runs = {
        "plan": (["secrets", "plan", *sources, "--fernet-key", FERNET_KEY, *common, "--out", str(tmp_path / "o1")], None),
        # the key from the environment instead of the command line
        "apply": (["secrets", "apply", *sources, *common, "--format", "json", "--out", str(tmp_path / "o2")],
                  {"MWAA_MIGRATOR_FERNET_KEY": FERNET_KEY}),
        "apply-again": (["secrets", "apply", *sources, "--fernet-key", FERNET_KEY, *common, "--format", "json",
                         "--out", str(tmp_path / "o3")], None),
        "wrong-key": (["secrets", "plan", *sources, "--fernet-key", Fernet.generate_key().decode(), *common,
                       "--out", str(tmp_path / "o4")], None),
        "no-key": (["secrets", "apply", *sources, *common, "--to", "ssm", "--out", str(tmp_path / "o5")], None),
        "bad-fernet": (["secrets", "plan", *sources, "--fernet-key", f"{FERNET_KEY},{C['fernetjunk']}", *common,
                        "--out", str(tmp_path / "o6")], None),
        "db-url": (["secrets", "plan", "--metadata-db", f"postgresql+nodriver://u:{C['urlpw']}@127.0.0.1:1/a",
                    *common, "--out", str(tmp_path / "o7")], None),
    }  # fmt: skip
    for name, (args, extra_env) in runs.items():
        result = run_cli(args, env=cli_env(extra_env))
        outputs[f"{name} stdout"] = result.stdout
        outputs[f"{name} stderr"] = result.stderr
        assert "Traceback" not in result.stderr, (name, result.stderr[-2000:])
    assert run_cli(runs["apply"][0], env=cli_env(runs["apply"][1])).returncode == 1  # broken items: exit 1
    for path in sorted(tmp_path.glob("o*/*")):
        outputs[str(path.relative_to(tmp_path))] = path.read_text(encoding="utf-8")
    assert len([k for k in outputs if k.startswith("o")]) >= 20
    assert _search(outputs) == []

    # Positive control: the canaries did go where they belong, so the search above was not vacuous.
    client = boto_client(moto, "secretsmanager")
    assert C["pw"] in client.get_secret_value(SecretId="airflow/connections/warehouse")["SecretString"]
    assert C["dbpw"] in client.get_secret_value(SecretId="airflow/connections/db_conn")["SecretString"]
    assert client.get_secret_value(SecretId="airflow/variables/dbvar")["SecretString"] == C["dbvar"]
    ssm = boto_client(moto, "ssm")
    assert (
        ssm.get_parameter(Name="/airflow/variables/envvar", WithDecryption=True)["Parameter"]["Value"]
        == C["envvar"]
    )


def test_store_errors_echoing_the_value_are_scrubbed(moto: str, planted: dict[str, Path], tmp_path: Path,
                                                      fault_proxy: FaultProxy) -> None:  # fmt: skip
    # Every write fails with an error message that quotes the whole request, secret included.
    fault_proxy.fail_when = {'"SecretString"': "ValidationException"}
    result = run_cli(["secrets", "apply", *_sources(planted), "--fernet-key", FERNET_KEY, "--endpoint-url",
                      fault_proxy.endpoint, "--region", REGION, "--out", str(tmp_path / "out")])  # fmt: skip
    assert result.returncode == 1
    report = json.loads((tmp_path / "out" / "secrets-apply.json").read_text())
    failed = [i for i in report["items"] if i["result"].startswith("failed: ValidationException")]
    assert len(failed) >= 6
    assert any("***" in i["result"] for i in failed)  # the echoed value was there, and was replaced
    texts = {"stdout": result.stdout, "stderr": result.stderr}
    texts.update({p.name: p.read_text() for p in (tmp_path / "out").iterdir()})
    assert _search(texts) == []
