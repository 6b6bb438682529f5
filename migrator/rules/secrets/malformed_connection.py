from __future__ import annotations

from migrator.findings import Severity
from migrator.rules.base import Example
from migrator.rules.secrets.base import SourceRule


class MalformedConnection(SourceRule):
    """One connection cannot be understood the way Airflow would understand it: a URI with more than
    two `://`, a port that is not a number, unknown fields in an export file. That connection is
    skipped; the others are migrated. The value itself is never quoted in the message."""

    code = "MWAA1007"
    name = "malformed-connection"
    title = "Connection value does not parse"
    severity = Severity.BLOCKER
    why = "Airflow would refuse this connection too; it cannot be migrated as it is."
    remedy = "Fix the connection in the source (the Airflow UI or `airflow connections add --conn-uri`)."
    examples = (
        Example("AIRFLOW_CONN_A='postgres://u:p@db.example.com:notaport/x'\n"
                "AIRFLOW_CONN_B='postgres://u:p@db.example.com:5432/x'\n", expect_lines=(1,), filename="airflow.env"),
        Example('{\n  "a": {"conn_type": "http", "port": "eighty"},\n  "b": {"conn_type": "http", "port": "80"}\n}\n',
                expect_lines=(2,), filename="connections.json"),
    )  # fmt: skip
