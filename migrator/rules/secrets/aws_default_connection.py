from __future__ import annotations

from collections.abc import Iterator

from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.secrets.base import SecretsContext, SecretsRule
from migrator.secrets.backends import defaults
from migrator.secrets.model import Connection


class AwsDefaultConnection(SecretsRule):
    """MWAA supplies `aws_default` itself (`AIRFLOW_CONN_AWS_DEFAULT=aws://`: the execution role), and
    the generated `connections_lookup_pattern` keeps the backend from looking it up, exactly as
    MWAA's own default does. A copied `aws_default` would carry the old machine's keys and be ignored,
    so it is not migrated. Grant the execution role what the old credentials could do instead."""

    code = "MWAA1005"
    name = "aws-default-connection"
    title = "aws_default is supplied by MWAA and is not migrated"
    severity = Severity.INFO
    skips_item = True
    why = "MWAA's aws_default is the execution role; a copied one would be shadowed and hold stale keys."
    remedy = "Add the permissions your tasks need to the MWAA execution role; delete stored AWS keys."
    sources = ("MWAA User Guide using-startup-script (AIRFLOW_CONN_AWS_DEFAULT)",
               "aws/amazon-mwaa-docker-images _get_opinionated_airflow_secrets_config")  # fmt: skip
    examples = (
        Example("AIRFLOW_CONN_AWS_DEFAULT=aws://AKIAEXAMPLE:secret@\nAIRFLOW_CONN_AWS_ETL=aws://\n",
                expect_lines=(1,), filename="airflow.env"),
        Example('{"aws_etl": {"conn_type": "aws"}}\n', filename="connections.json"),
    )  # fmt: skip

    def check_connection(self, conn: Connection, context: SecretsContext) -> Iterator[Finding]:
        # The lookup pattern is matched case-insensitively by the provider, so AWS_DEFAULT is out too.
        if conn.conn_id.lower() in defaults()["mwaa_supplied_connections"]:
            yield self.item_finding(
                conn.location, "connection", conn.conn_id,
                f"connection {conn.conn_id!r} is supplied by MWAA (the execution role); it is not migrated",
            )  # fmt: skip
