from __future__ import annotations

from migrator.findings import Severity
from migrator.rules.base import Example
from migrator.rules.secrets.base import SourceRule


class UnreadableSecretsSource(SourceRule):
    """A connections/variables source cannot be read: the file does not parse as JSON or YAML, a
    line of an ENV export is not `conn_id=value`, or the metadata database has no connection and
    variable tables or refuses the connection. Nothing from that source (or line) is migrated;
    the other sources still are."""

    code = "MWAA1006"
    name = "unreadable-secrets-source"
    title = "Connections/variables source cannot be read"
    severity = Severity.BLOCKER
    why = "Items in an unreadable source are not migrated."
    remedy = "Re-export with `airflow connections export` / `airflow variables export`, or fix the file."
    examples = (
        Example('{\n  "db": {"conn_type": "postgres",\n}\n', expect_lines=(3,), filename="connections.json"),
        Example("db=postgres://u@db.example.com/x\nthis line has no equals sign\n", expect_lines=(2,),
                filename="connections.env"),
        Example('{"db": {"conn_type": "postgres", "host": "db.example.com"}}\n', filename="connections.json"),
    )  # fmt: skip
