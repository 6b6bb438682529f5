"""The issue's proof: a metadata DB built by the real Airflow CLI, migrated by the tool to a moto
server, read back through the Amazon provider's own backend, compared field by field.

Airflow metadata schemas tested: 2.10.3 and 3.0.6 (each with its contemporary Amazon provider).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet

from tests.secrets.airflow_side import (
    airflow_python,
    build_metadata_db,
    export_files,
    read_metadata,
    read_through_backend,
)
from tests.secrets.conftest import REGION, run_cli

pytestmark = [pytest.mark.airflow, pytest.mark.aws]

AIRFLOW_VERSIONS = ("2.10.3", "3.0.6")
OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()

CONNECTIONS: dict[str, dict[str, Any]] = {
    "a_postgres": {
        "conn_type": "postgres", "host": "db.abc.eu-west-1.rds.amazonaws.com", "login": "etl user",
        "password": "p@ss:w/rd?#%&= ü+~", "schema": "analytics/prod", "port": 5432,
        "extra": json.dumps({"sslmode": "require", "application_name": "etl"}), "description": "warehouse",
    },
    "b_http_nested_extra": {
        "conn_type": "http", "host": "https://api.example.com", "login": "svc@example.com", "password": "tok en",
        "extra": json.dumps({"headers": {"X-Api": "1"}, "timeout": 30, "verify": False}),
    },
    "c_aws_role": {
        "conn_type": "aws",
        "extra": json.dumps({"region_name": "eu-west-1", "role_arn": "arn:aws:iam::123456789012:role/etl"}),
    },
    "d_port_only": {"conn_type": "mysql", "login": "root", "port": 3306},
    "e_gcp_keyfile": {
        "conn_type": "google_cloud_platform",
        "extra": json.dumps({"keyfile_dict": "{\"private_key\": \"-----BEGIN KEY-----\\nabc\\n-----END KEY-----\\n\"}",
                             "project": "p-1"}),
    },
    "f_plain_extra": {"conn_type": "ssh", "host": "bastion.example.com", "login": "ec2-user",
                      "extra": json.dumps({"compress": True, "conn_timeout": 10, "no_host_key_check": "true"})},
    "aws_default": {"conn_type": "aws", "login": "AKIAOLDKEY", "password": "old-secret"},
}  # fmt: skip
VARIABLES = {
    "a_plain": "hello world",
    "b_json": json.dumps({"threshold": 14, "names": ["x", "y"]}),
    "c_number": "14",
    "d_multiline": "line 1\nline 2\n  indented",
    "e_unicode": "héllo ✓ — ok",
}
NOT_MIGRATED = {"aws_default"}


@pytest.fixture(scope="module", params=AIRFLOW_VERSIONS)
def deployment(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    version = request.param
    python = airflow_python(version)
    home = tmp_path_factory.mktemp(f"airflow-{version}")
    env = build_metadata_db(python, home, OLD_KEY, CONNECTIONS, VARIABLES)
    stored = read_metadata(python, env)
    exports = export_files(python, home, env, home / "exports")
    return {"version": version, "python": python, "home": home, "stored": stored, "exports": exports}


def _migrate(
    args: list[str], endpoint: str, out: Path, mode: str = "apply"
) -> subprocess.CompletedProcess[str]:
    return run_cli(
        ["secrets", mode, *args, "--endpoint-url", endpoint, "--region", REGION, "--out", str(out)]
    )


def _norm(value: Any) -> Any:
    return value if value not in ("", None) else None


def _compare(stored: dict[str, Any], read_back: dict[str, Any], *, exact_variables: bool) -> None:
    for conn_id, original in stored["connections"].items():
        got = read_back["connections"][conn_id]
        if conn_id in NOT_MIGRATED:
            assert got is None, f"{conn_id} must not be found through the backend"
            continue
        assert got is not None, f"{conn_id} not found through the backend"
        for field in ("conn_type", "host", "login", "password", "schema", "port"):
            assert _norm(got[field]) == _norm(original[field]), (conn_id, field)
        assert got["extra_dejson"] == original["extra_dejson"], (conn_id, "extra")
        if not original["extra_dejson"]:
            assert _norm(got["extra"]) == _norm(original["extra"]), (conn_id, "raw extra")
    for key, original in stored["variables"].items():
        got = read_back["variables"][key]
        if exact_variables:
            assert got == original["val"], key
        else:  # `airflow variables export` writes JSON values parsed; Airflow re-serialises on import
            try:
                assert json.loads(got) == json.loads(original["val"]), key
            except ValueError:
                assert got == original["val"], key


def _read_back(deployment: dict[str, Any], out: Path, endpoint: str) -> Any:
    options = json.loads((out / "airflow_configuration_options.json").read_text())
    return read_through_backend(
        deployment["python"], deployment["home"], options, endpoint, REGION,
        sorted(deployment["stored"]["connections"]), sorted(deployment["stored"]["variables"]),
    )  # fmt: skip


def test_airflow_encrypted_what_it_stored(deployment: dict[str, Any]) -> None:
    stored = deployment["stored"]
    assert set(stored["connections"]) == set(CONNECTIONS)
    assert stored["connections"]["a_postgres"]["is_encrypted"]
    assert all(v["is_encrypted"] for v in stored["variables"].values())


@pytest.mark.parametrize("fmt", ["uri", "json"])
@pytest.mark.parametrize("store", ["secretsmanager", "ssm"])
def test_metadata_db_round_trip(
    deployment: dict[str, Any], moto: str, tmp_path: Path, fmt: str, store: str
) -> None:
    db = f"sqlite:///{deployment['home'] / 'airflow.db'}"
    # A rotated key list, as core.fernet_key holds after a rotation: the new key first.
    args = ["--metadata-db", db, "--fernet-key", f"{NEW_KEY},{OLD_KEY}", "--format", fmt, "--to", store]
    first = _migrate(args, moto, tmp_path / "out")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "create" in first.stdout
    _compare(deployment["stored"], _read_back(deployment, tmp_path / "out", moto), exact_variables=True)
    again = _migrate(args, moto, tmp_path / "out2")
    assert again.returncode == 0
    data = json.loads((tmp_path / "out2" / "secrets-apply.json").read_text())
    assert data["counts"]["create"] == data["counts"]["update"] == 0
    assert data["counts"]["unchanged"] == len(CONNECTIONS) + len(VARIABLES) - len(NOT_MIGRATED)


@pytest.mark.parametrize("export", ["connections.json", "connections.yaml", "connections.env"])
def test_export_file_round_trip(deployment: dict[str, Any], moto: str, tmp_path: Path, export: str) -> None:
    files = deployment["exports"]
    args = ["--export-file", str(files[export]), "--export-file", str(files["variables.json"])]
    result = _migrate(args, moto, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    _compare(deployment["stored"], _read_back(deployment, tmp_path / "out", moto), exact_variables=False)


def test_wrong_fernet_key_is_a_finding_per_item(
    deployment: dict[str, Any], moto: str, tmp_path: Path
) -> None:
    db = f"sqlite:///{deployment['home'] / 'airflow.db'}"
    result = _migrate(["--metadata-db", db, "--fernet-key", NEW_KEY], moto, tmp_path / "out", mode="plan")
    assert result.returncode == 1
    report = json.loads((tmp_path / "out" / "secrets-plan.json").read_text())
    undecryptable = [f for f in report["findings"] if f["code"] == "MWAA1008"]
    # every variable and every connection with a password or extra is encrypted, so each is reported
    assert len(undecryptable) >= len(VARIABLES) + 5
    assert OLD_KEY not in result.stdout + result.stderr and NEW_KEY not in result.stdout + result.stderr
    # what has no encrypted field (d_port_only) is still planned
    assert any(item["id"] == "d_port_only" and item["action"] == "create" for item in report["items"])
