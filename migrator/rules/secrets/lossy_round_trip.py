from __future__ import annotations

from collections.abc import Iterator

from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.secrets.base import SecretsContext, SecretsRule
from migrator.secrets.model import Connection, ConnectionFormatError, round_trip_losses


class LossyRoundTrip(SecretsRule):
    """Part of the connection does not survive the secret format: Airflow reads `-` in a conn_type
    as `_`, reads `postgresql` as `postgres`, cannot tell an empty field from a missing one in a URI,
    and neither format carries the `description`. The tool checks by serialising the connection and
    parsing it back the way Airflow and the Amazon provider do; anything that differs is listed."""

    code = "MWAA1010"
    name = "lossy-connection-format"
    title = "Connection does not read back identically from the secret"
    severity = Severity.WARNING
    why = "What hooks receive on MWAA would differ from what the connection holds today."
    remedy = "Use --format json, or adjust the connection so it reads back the same (the description stays in the old UI only)."
    sources = ("apache/airflow airflow/models/connection.py get_uri/_parse_from_uri/from_json",)
    examples = (
        Example('{\n  "a": {"conn_type": "google-cloud-platform"},\n'
                '  "b": {"conn_type": "http", "host": "a.example.com", "description": "the API"},\n'
                '  "c": {"conn_type": "http", "host": "a.example.com"}\n}\n',
                expect_lines=(2, 3), filename="connections.json"),
    )  # fmt: skip

    def check_connection(self, conn: Connection, context: SecretsContext) -> Iterator[Finding]:
        try:
            lost = round_trip_losses(conn, context.fmt)
        except ConnectionFormatError as exc:
            lost = [f"everything ({exc})"]
        if not lost:
            return
        severity = Severity.INFO if lost == ["description"] else Severity.WARNING
        yield self.item_finding(
            conn.location, "connection", conn.conn_id,
            f"connection {conn.conn_id!r}: {', '.join(lost)} would not read back as stored ({context.fmt} format)",
            severity=severity,
        )  # fmt: skip
