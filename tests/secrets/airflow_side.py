"""The Airflow side of the round trip, run inside a cached virtualenv with a real apache-airflow:
build a metadata DB with the Airflow CLI, export it, and read secrets back through the Amazon
provider's backend. Nothing here imports Airflow into the test process."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from migrator.airflow_env import airflow_environ, ensure_airflow, run_python

# Provider releases contemporary with each Airflow line (their own `apache-airflow>=` floors allow it).
# Installed without dependencies: resolving the provider's full tree (sagemaker-studio, PyAthena,
# redshift_connector...) takes pip many minutes and the secrets backends need only boto3.
AMAZON_PROVIDER = {"2": "9.1.0", "3": "9.12.0"}
BACKEND_DEPENDENCIES = ("boto3", "jmespath", "inflection", "asgiref")


def airflow_python(version: str) -> Path:
    python = ensure_airflow(version)
    probe = subprocess.run(
        [str(python), "-c", "import airflow.providers.amazon.aws.secrets.secrets_manager"],
        capture_output=True, text=True, env=airflow_environ(python.parent / "probe-home"), check=False,
    )  # fmt: skip
    if probe.returncode != 0:
        pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        provider = AMAZON_PROVIDER[version.split(".")[0]]
        subprocess.run([*pip, "--no-deps", f"apache-airflow-providers-amazon=={provider}"], check=True,
                       capture_output=True)  # fmt: skip
        subprocess.run([*pip, *BACKEND_DEPENDENCIES], check=True, capture_output=True)
    return python


def airflow_cli(python: Path, home: Path, env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(python), "-m", "airflow", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(f"airflow {' '.join(args[:2])} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def metadata_env(home: Path, fernet_key: str) -> dict[str, str]:
    return airflow_environ(
        home,
        {
            "AIRFLOW__CORE__FERNET_KEY": fernet_key,
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
            "AIRFLOW__CORE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        },
    )


def build_metadata_db(
    python: Path, home: Path, fernet_key: str, connections: dict[str, Any], variables: dict[str, str]
) -> dict[str, str]:
    """`airflow db migrate`, then the connections and variables through the CLI. Returns the env."""
    home.mkdir(parents=True, exist_ok=True)
    env = metadata_env(home, fernet_key)
    airflow_cli(python, home, env, "db", "migrate")
    first_id, *rest = sorted(connections)
    first = connections[first_id]
    add = ["connections", "add", first_id, "--conn-type", first["conn_type"]]
    for field in ("host", "login", "password", "schema", "port", "description"):
        if first.get(field) is not None:
            add += [f"--conn-{field}", str(first[field])]
    if first.get("extra") is not None:
        add += ["--conn-extra", first["extra"]]
    airflow_cli(python, home, env, *add)
    conn_file = home / "to-import-connections.json"
    conn_file.write_text(json.dumps({k: connections[k] for k in rest}, indent=2))
    airflow_cli(python, home, env, "connections", "import", str(conn_file))
    first_key, *other_keys = sorted(variables)
    airflow_cli(python, home, env, "variables", "set", first_key, variables[first_key])
    var_file = home / "to-import-variables.json"
    var_file.write_text(json.dumps({k: variables[k] for k in other_keys}, indent=2))
    airflow_cli(python, home, env, "variables", "import", str(var_file))
    conn_file.unlink()
    var_file.unlink()
    return env


def export_files(python: Path, home: Path, env: dict[str, str], out: Path) -> dict[str, Path]:
    """The deployment's own `airflow connections export` (json, yaml, env) and `variables export`."""
    out.mkdir(parents=True, exist_ok=True)
    files = {}
    for suffix in ("json", "yaml", "env"):
        path = out / f"connections.{suffix}"
        airflow_cli(python, home, env, "connections", "export", str(path))
        files[f"connections.{suffix}"] = path
    path = out / "variables.json"
    airflow_cli(python, home, env, "variables", "export", str(path))
    files["variables.json"] = path
    return files


_READ_DB = r"""
import json, sys
from airflow.models import Connection, Variable
from airflow.utils.session import create_session
out = {"connections": {}, "variables": {}}
with create_session() as session:
    for c in session.query(Connection).all():
        out["connections"][c.conn_id] = {"conn_type": c.conn_type, "host": c.host, "login": c.login,
            "password": c.password, "schema": c.schema, "port": c.port, "extra": c.extra,
            "extra_dejson": c.extra_dejson, "is_encrypted": bool(c.is_encrypted)}
    for v in session.query(Variable).all():
        out["variables"][v.key] = {"val": v.val, "is_encrypted": bool(v.is_encrypted)}
print("@@" + json.dumps(out))
"""

_READ_BACKEND = r"""
import json, sys
from airflow.utils.module_loading import import_string
options, endpoint, region, conn_ids, keys = json.loads(sys.argv[1])
kwargs = json.loads(options["secrets.backend_kwargs"])
kwargs.update({"endpoint_url": endpoint, "region_name": region})
backend = import_string(options["secrets.backend"])(**kwargs)
out = {"connections": {}, "variables": {}}
for conn_id in conn_ids:
    c = backend.get_connection(conn_id)
    out["connections"][conn_id] = None if c is None else {"conn_type": c.conn_type, "host": c.host,
        "login": c.login, "password": c.password, "schema": c.schema, "port": c.port, "extra": c.extra,
        "extra_dejson": c.extra_dejson}
for key in keys:
    out["variables"][key] = backend.get_variable(key)
print("@@" + json.dumps(out))
"""


def _json_result(result: subprocess.CompletedProcess[str]) -> Any:
    for line in result.stdout.splitlines():
        if line.startswith("@@"):
            return json.loads(line[2:])
    raise AssertionError(f"script failed:\n{result.stderr[-3000:]}")


def read_metadata(python: Path, env: dict[str, str]) -> Any:
    return _json_result(run_python(python, _READ_DB, env=env))


def read_through_backend(
    python: Path,
    home: Path,
    options: dict[str, str],
    endpoint: str,
    region: str,
    conn_ids: list[str],
    keys: list[str],
) -> Any:
    env = airflow_environ(
        home,
        {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": region,
         "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'backend-probe.db'}"},
    )  # fmt: skip
    payload = json.dumps([options, endpoint, region, conn_ids, keys])
    return _json_result(run_python(python, _READ_BACKEND, [payload], env=env))
