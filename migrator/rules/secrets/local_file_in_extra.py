from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from migrator.findings import Finding, Severity
from migrator.masking import mask_value
from migrator.rules.base import Example
from migrator.rules.secrets.base import SecretsContext, SecretsRule
from migrator.secrets.backends import section
from migrator.secrets.model import Connection

_ABSOLUTE = re.compile(r"^(/|~|file://|[A-Za-z]:[\\/])")


def _walk(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key in sorted(value):
            yield from _walk(value[key], f"{path}.{key}" if path else str(key))
    elif isinstance(value, str):
        yield path, value


def local_paths(conn: Connection) -> list[tuple[str, str]]:
    """(where, path) for every absolute local path the connection depends on."""
    data = section("local_files")
    words = tuple(data["path_key_words"])
    suffixes = tuple(data["path_suffixes"])
    shipped = tuple(data["mwaa_paths"])
    found = []
    for where, value in _walk(conn.extra_dict, ""):
        text = value.strip()
        if not _ABSOLUTE.match(text) or "\n" in text or text.startswith(shipped):
            continue
        leaf = where.rsplit(".", 1)[-1].lower()
        if any(word in leaf for word in words) or text.lower().endswith(suffixes):
            found.append((f"extra {where!r}", mask_value(leaf, text)))
    if (
        conn.conn_type == "sqlite"
        and conn.host
        and _ABSOLUTE.match(conn.host)
        and not conn.host.startswith(shipped)
    ):
        found.append(("host", conn.host))
    return found


class LocalFileInExtra(SecretsRule):
    """The connection refers to a file on the old machine: an SSH `key_file`, a Google `key_path`,
    a `kube_config_path`, TLS certificates (`sslcert`, `ssl.ca`, `ca_certs`), a keytab, or an SQLite
    database path. MWAA workers only have what the environment ships: the DAGs folder
    (/usr/local/airflow/dags), plugins.zip (/usr/local/airflow/plugins) and what startup.sh creates."""

    code = "MWAA1002"
    name = "local-file-in-connection"
    title = "Connection points at a local file"
    severity = Severity.WARNING
    why = "The file does not exist on MWAA workers, so the hook fails when it opens it."
    remedy = ("Put the file's content in the secret (e.g. `private_key`, `keyfile_dict`), or ship it under "
              "dags/ and point the path at /usr/local/airflow/dags/...")  # fmt: skip
    sources = ("MWAA User Guide configuring-dag-folder", "Airflow SSH/Google/Postgres connection docs")
    examples = (
        Example('{\n  "bastion": {"conn_type": "ssh", "host": "bastion.example.com",\n'
                '              "extra": "{\\"key_file\\": \\"/home/airflow/.ssh/id_rsa\\"}"},\n'
                '  "gcp": {"conn_type": "google_cloud_platform", "extra": {"key_path": "/etc/gcp/sa.json"}},\n'
                '  "shipped": {"conn_type": "ssh", "host": "h.example.com",\n'
                '              "extra": {"key_file": "/usr/local/airflow/dags/keys/id_rsa"}}\n}\n',
                expect_lines=(2, 4), filename="connections.json"),
        Example("AIRFLOW_CONN_PG='postgres://u@db.example.com/x?sslmode=verify-full&sslrootcert=%2Fetc%2Fssl%2Frds.pem'\n",
                expect_lines=(1,), filename="airflow.env"),
    )  # fmt: skip

    def check_connection(self, conn: Connection, context: SecretsContext) -> Iterator[Finding]:
        for where, path in local_paths(conn):
            yield self.item_finding(
                conn.location,
                "connection",
                conn.conn_id,
                f"connection {conn.conn_id!r}: {where} is the local file {path}",
            )
