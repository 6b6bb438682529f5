"""Sources -> one set of connections and variables -> the secrets rules -> findings.

Also runs a rule's Examples the way the command reads its inputs, for tests/secrets.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

from migrator.findings import Finding
from migrator.knowledge.versions import TargetVersion, resolve
from migrator.rules import registry
from migrator.rules.base import Example, Rule
from migrator.rules.secrets.base import SecretsContext, SecretsRule, SourceRule, item_data
from migrator.secrets.backends import default_prefixes, preinstalled_providers
from migrator.secrets.model import Connection, Variable
from migrator.secrets.sources import SourceData, read_env_text, read_export_text


@dataclass(slots=True)
class Inventory:
    """What will be migrated, after merging every source; sorted by id."""

    connections: list[Connection] = field(default_factory=list)
    variables: list[Variable] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def secret_strings(self) -> list[str]:
        strings = [s for c in self.connections for s in c.secret_strings()]
        strings.extend(s for v in self.variables for s in v.secret_strings())
        return strings


def merge(sources: Iterable[SourceData]) -> Inventory:
    """Later sources win (callers pass them in Airflow's lookup order, lowest precedence first);
    a later duplicate with a different value is reported."""
    from migrator.rules.secrets.duplicate_id import DuplicateSecretId

    connections: dict[str, Connection] = {}
    variables: dict[str, Variable] = {}
    out = Inventory()
    for source in sources:
        out.findings.extend(source.findings)
        for conn in source.connections:
            earlier = connections.get(conn.conn_id)
            if earlier is not None and (earlier.fields(), earlier.description) != (
                conn.fields(),
                conn.description,
            ):
                out.findings.append(DuplicateSecretId.finding(
                    conn.location,
                    f"connection {conn.conn_id!r} is also defined at {earlier.location}; this definition is used",
                    data=item_data("connection", conn.conn_id),
                ))  # fmt: skip
            connections[conn.conn_id] = conn
        for variable in source.variables:
            earlier_var = variables.get(variable.key)
            if earlier_var is not None and earlier_var.value != variable.value:
                out.findings.append(DuplicateSecretId.finding(
                    variable.location,
                    f"variable {variable.key!r} is also defined at {earlier_var.location}; this definition is used",
                    data=item_data("variable", variable.key),
                ))  # fmt: skip
            variables[variable.key] = variable
    out.connections = [connections[k] for k in sorted(connections)]
    out.variables = [variables[k] for k in sorted(variables)]
    return out


@functools.cache
def item_rules() -> tuple[SecretsRule, ...]:
    return tuple(
        rule()
        for rule in registry.all_rules()
        if issubclass(rule, SecretsRule) and not issubclass(rule, SourceRule)
    )


def check(inventory: Inventory, context: SecretsContext) -> list[Finding]:
    """Every finding: the sources' own plus each rule on each item, sorted."""
    findings = list(inventory.findings)
    for rule in item_rules():
        for conn in inventory.connections:
            findings.extend(rule.check_connection(conn, context))
        for variable in inventory.variables:
            findings.extend(rule.check_variable(variable, context))
    return sorted(findings, key=Finding.sort_key)


def make_context(
    target: TargetVersion,
    *,
    store: str = "secretsmanager",
    fmt: str = "uri",
    connections_prefix: str | None = None,
    variables_prefix: str | None = None,
    requirements: Iterable[str] = (),
) -> SecretsContext:
    conn_default, var_default = default_prefixes()
    return SecretsContext(
        target=target,
        store=store,
        fmt=fmt,
        connections_prefix=conn_default if connections_prefix is None else connections_prefix,
        variables_prefix=var_default if variables_prefix is None else variables_prefix,
        distributions=preinstalled_providers(target.major) | frozenset(requirements),
    )


# --------------------------------------------------------------------------- rule examples


def read_example(example: Example) -> SourceData:
    """An example file read by the reader the command would use: `*.env` files whose name starts
    with `connections` are ENV exports; other `.env` files are environment files."""
    name = PurePath(example.filename).name
    if name.endswith(".env") and not name.startswith("connections"):
        return read_env_text(example.source, example.filename)
    return read_export_text(example.source, example.filename)


def example_findings(rule: type[Rule], example: Example) -> list[Finding]:
    """The findings `rule` reports on `example`, through the same merge and checks as the command."""
    inventory = merge([read_example(example)])
    context = make_context(resolve(example.target))
    return [f for f in check(inventory, context) if f.code == rule.code]
