from __future__ import annotations

from collections.abc import Iterator

from migrator.findings import Finding, Location, Severity
from migrator.rules.base import Example
from migrator.rules.secrets.base import SecretsContext, SecretsRule
from migrator.secrets.backends import spec
from migrator.secrets.model import Connection, Variable


class InvalidSecretName(SecretsRule):
    """The secret name built from the prefix and the connection id or variable key
    (`airflow/connections/<conn_id>`) is refused by the target store: Secrets Manager accepts
    1-512 characters from letters, digits and `/_+=.@-`; Parameter Store accepts letters, digits and
    `_.-/`, at most 15 levels, and no `aws`/`ssm` first segment. Old metadata databases allowed ids
    with spaces and other characters. Such items are skipped. A Secrets Manager name that ends in a
    hyphen and six characters is accepted but is reported as a warning: it is confused with the
    random suffix of a secret ARN in IAM policies and partial-ARN lookups."""

    code = "MWAA1004"
    name = "invalid-secret-name"
    title = "Id cannot be a secret name in the target store"
    severity = Severity.BLOCKER
    skips_item = True
    why = "The store refuses the name, so the backend can never find this connection or variable."
    remedy = "Rename the connection or variable (and the DAGs that use it) to letters, digits and _ . - only."
    sources = ("AWS Secrets Manager API CreateSecret Name", "AWS SSM API PutParameter Name")
    examples = (
        Example('{\n  "my conn": {"conn_type": "http", "host": "a.example.com"},\n'
                '  "ok_conn": {"conn_type": "http", "host": "a.example.com"},\n'
                '  "etl-abcdef": {"conn_type": "http", "host": "a.example.com"}\n}\n',
                expect_lines=(2, 4), filename="connections.json"),
        Example('{\n  "threshold": "14",\n  "price (eur)": "3"\n}\n', expect_lines=(3,), filename="variables.json"),
        Example('{"ok.conn-1_x": {"conn_type": "http", "host": "a.example.com"}}\n', filename="connections.json"),
    )  # fmt: skip

    def _check(
        self, kind: str, item_id: str, prefix: str, location: Location, store: str
    ) -> Iterator[Finding]:
        backend = spec(store)
        name = backend.secret_name(prefix, item_id)
        problems = backend.name_problems(name) if item_id else ["is empty"]
        if problems:
            yield self.item_finding(
                location, kind, item_id, f"{kind} {item_id!r}: secret name {name!r} {'; '.join(problems)}"
            )
        elif backend.name_is_ambiguous(name):
            yield self.item_finding(
                location, kind, item_id,
                f"{kind} {item_id!r}: secret name {name!r} ends like an ARN's random suffix (-xxxxxx)",
                severity=Severity.WARNING, skip=False,
            )  # fmt: skip

    def check_connection(self, conn: Connection, context: SecretsContext) -> Iterator[Finding]:
        yield from self._check(
            "connection", conn.conn_id, context.connections_prefix, conn.location, context.store
        )

    def check_variable(self, variable: Variable, context: SecretsContext) -> Iterator[Finding]:
        yield from self._check(
            "variable", variable.key, context.variables_prefix, variable.location, context.store
        )
