from __future__ import annotations

from collections.abc import Iterator

from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.secrets.base import SecretsContext, SecretsRule
from migrator.secrets.backends import connection_type_distributions, core_connection_types
from migrator.secrets.model import Connection


class ProviderNotInstalled(SecretsRule):
    """The connection's `conn_type` belongs to a provider distribution that MWAA does not preinstall
    and that is not in the requirements given to the command. Hooks look their connection type up in
    the installed providers; without the provider, tasks using the connection fail to import or
    the UI shows the connection without its form. Connection types nobody declares are reported as
    info: they may come from a private provider."""

    code = "MWAA1003"
    name = "connection-provider-missing"
    title = "Connection type's provider is not in the requirements"
    severity = Severity.WARNING
    why = "MWAA installs only its preinstalled providers and what requirements.txt lists."
    remedy = "Add the provider distribution to requirements.txt (bundle adds it with the MWAA constraints)."
    sources = (
        "apache/airflow providers/*/provider.yaml connection-types",
        "aws/amazon-mwaa-docker-images BOM",
    )
    examples = (
        Example('{\n  "sf": {"conn_type": "snowflake", "host": "acct.snowflakecomputing.com"},\n'
                '  "pg": {"conn_type": "postgres", "host": "db.example.com"},\n'
                '  "weird": {"conn_type": "acme_internal"}\n}\n', expect_lines=(2, 4), filename="connections.json"),
        Example('{"aws": {"conn_type": "aws"}, "web": {"conn_type": "http", "host": "api.example.com"}}\n',
                filename="connections.json"),
    )  # fmt: skip

    def check_connection(self, conn: Connection, context: SecretsContext) -> Iterator[Finding]:
        conn_type = conn.conn_type
        if not conn_type or conn_type in core_connection_types(context.target.major):
            return
        distribution = connection_type_distributions().get(conn_type)
        if distribution is None:
            yield self.item_finding(
                conn.location, "connection", conn.conn_id,
                f"connection {conn.conn_id!r}: no known provider declares conn_type {conn_type!r}; "
                "make sure the package that does is in requirements.txt",
                severity=Severity.INFO,
            )  # fmt: skip
        elif distribution not in context.distributions:
            yield self.item_finding(
                conn.location, "connection", conn.conn_id,
                f"connection {conn.conn_id!r}: conn_type {conn_type!r} needs {distribution}, which is neither "
                f"preinstalled on MWAA {context.target.airflow} nor in the requirements",
            )  # fmt: skip
