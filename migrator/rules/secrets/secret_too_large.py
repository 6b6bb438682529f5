from __future__ import annotations

from collections.abc import Iterator

from migrator.findings import Finding, Location, Severity
from migrator.rules.base import Example
from migrator.rules.secrets.base import SecretsContext, SecretsRule
from migrator.secrets.backends import spec
from migrator.secrets.model import Connection, Variable, serialize


class SecretTooLarge(SecretsRule):
    """The serialised value is larger than the target store accepts: 65,536 bytes for a Secrets
    Manager secret, 4,096 bytes for a standard Parameter Store parameter (8,192 in the Advanced
    tier, which the tool then uses and which is charged per parameter). Large variables are
    usually data that belongs in S3."""

    code = "MWAA1009"
    name = "secret-too-large"
    title = "Value is too large for the target store"
    severity = Severity.BLOCKER
    skips_item = True
    why = "The store refuses the value, so the item cannot be migrated as it is."
    remedy = "Move the data to S3 and keep only its location in the variable, or split it."
    sources = ("AWS Secrets Manager quotas (SecretString 65,536 bytes)", "AWS SSM PutParameter Value/Tier")
    examples = (
        Example('{\n  "small": "1",\n  "blob": "' + "x" * 70000 + '"\n}\n', expect_lines=(3,), filename="variables.json"),
        Example('{"small": "' + "x" * 60000 + '"}\n', filename="variables.json"),
    )  # fmt: skip

    def _check(self, kind: str, item_id: str, size: int, location: Location, store: str) -> Iterator[Finding]:
        backend = spec(store)
        if size > backend.value_limit():
            yield self.item_finding(
                location, kind, item_id,
                f"{kind} {item_id!r}: value is {size} bytes; {store} accepts at most {backend.value_limit()}",
            )  # fmt: skip
        elif size > backend.value_max_bytes:
            yield self.item_finding(
                location, kind, item_id,
                f"{kind} {item_id!r}: value is {size} bytes and needs the charged Advanced parameter tier",
                severity=Severity.INFO, skip=False,
            )  # fmt: skip

    def check_connection(self, conn: Connection, context: SecretsContext) -> Iterator[Finding]:
        size = len(serialize(conn, context.fmt).encode("utf-8"))
        yield from self._check("connection", conn.conn_id, size, conn.location, context.store)

    def check_variable(self, variable: Variable, context: SecretsContext) -> Iterator[Finding]:
        yield from self._check("variable", variable.key, len(variable.value.encode("utf-8")), variable.location,
                               context.store)  # fmt: skip
