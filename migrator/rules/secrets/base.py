"""The base of the secrets rules: they see one connection or variable at a time, with the context
of the migration (target store, prefixes, format, the provider distributions MWAA will have).

Examples are whole source files (a connections export, an env file), read by the same readers the
command uses; `migrator.secrets.checks.example_findings` runs them (tests/secrets run every one).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from migrator.findings import Family, Finding, Location, Severity
from migrator.knowledge.versions import TargetVersion
from migrator.rules.base import InputKind, Rule
from migrator.secrets.model import Connection, Variable


@dataclass(frozen=True, slots=True)
class SecretsContext:
    target: TargetVersion
    store: str
    fmt: str
    connections_prefix: str
    variables_prefix: str
    # Canonical names of the distributions MWAA will have: its preinstalled providers plus the
    # requirements given to the command.
    distributions: frozenset[str]


def item_data(kind: str, item_id: str, *, skip: bool = False) -> tuple[tuple[str, str], ...]:
    """Finding.data tying a finding to its item; `skip` keeps the item out of the plan's writes."""
    data = (("item_kind", kind), ("item_id", item_id))
    return (*data, ("skip", "true")) if skip else data


class SecretsRule(Rule):
    """Looks at one connection or variable. Never puts a secret value in a finding."""

    input_kind = InputKind.ANY
    family = Family.SECRETS
    # True when the rule's findings mean the item is not written (the plan shows it as skip).
    skips_item: ClassVar[bool] = False
    # The engine reads files, not connections: tests/secrets runs these examples through the
    # secrets readers instead (migrator.secrets.checks.example_findings).
    examples_run_by_engine: ClassVar[bool] = False

    def check_connection(self, conn: Connection, context: SecretsContext) -> Iterator[Finding]:
        return iter(())

    def check_variable(self, variable: Variable, context: SecretsContext) -> Iterator[Finding]:
        return iter(())

    @classmethod
    def item_finding(
        cls,
        location: Location,
        kind: str,
        item_id: str,
        message: str,
        *,
        severity: Severity | None = None,
        skip: bool | None = None,
    ) -> Finding:
        return cls.finding(
            location,
            message,
            severity=severity,
            data=item_data(kind, item_id, skip=cls.skips_item if skip is None else skip),
        )


class SourceRule(SecretsRule):
    """Raised by the readers while reading a source (file, env file, database): no check method."""
