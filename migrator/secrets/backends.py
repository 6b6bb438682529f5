"""The typed view over knowledge/secrets_backends.toml: where each backend looks and what it accepts."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from migrator.knowledge import load

STORES = ("secretsmanager", "ssm")
FORMATS = ("uri", "json")


@dataclass(frozen=True, slots=True)
class BackendSpec:
    store: str
    backend_class: str
    name_pattern: re.Pattern[str]
    name_max_length: int
    value_max_bytes: int
    leading_slash: bool
    read_actions: tuple[str, ...]
    list_actions: tuple[str, ...]
    resource_arn: str
    kms_via_service: str
    ambiguous_suffix: re.Pattern[str] | None = None
    max_hierarchy_levels: int = 0
    reserved_first_segments: tuple[str, ...] = ()
    advanced_value_max_bytes: int = 0

    def secret_name(self, prefix: str, item_id: str) -> str:
        """The name the provider's backend builds: `<prefix>/<id>`; SSM adds a leading slash."""
        name = f"{normalize_prefix(prefix)}/{item_id}"
        if self.leading_slash and not name.startswith("/"):
            name = "/" + name
        return name

    def name_problems(self, name: str) -> list[str]:
        """Why the store would refuse `name` (empty when it accepts it)."""
        problems = []
        if len(name) > self.name_max_length:
            problems.append(f"is {len(name)} characters, over the limit of {self.name_max_length}")
        if not self.name_pattern.match(name):
            bad = sorted(
                {ch for ch in name if not self.name_pattern.match(("/" if self.leading_slash else "") + ch)}
            )
            shown = " ".join(repr(ch) for ch in bad[:8]) or "its form"
            problems.append(f"has characters the store does not accept ({shown})")
        if self.max_hierarchy_levels and name.count("/") > self.max_hierarchy_levels:
            problems.append(f"has more than {self.max_hierarchy_levels} hierarchy levels")
        first = name.lstrip("/").split("/", 1)[0].lower()
        if any(first.startswith(reserved) for reserved in self.reserved_first_segments):
            problems.append(f"starts with a reserved prefix ({', '.join(self.reserved_first_segments)})")
        return problems

    def name_is_ambiguous(self, name: str) -> bool:
        return bool(self.ambiguous_suffix and self.ambiguous_suffix.search(name))

    def value_limit(self) -> int:
        return max(self.value_max_bytes, self.advanced_value_max_bytes)


def normalize_prefix(prefix: str) -> str:
    """The provider strips a trailing separator from its prefixes."""
    return prefix.rstrip("/")


@functools.cache
def spec(store: str) -> BackendSpec:
    data: dict[str, Any] = load("secrets_backends")["backend"][store]
    suffix = data.get("ambiguous_suffix_pattern")
    return BackendSpec(
        store=store,
        backend_class=data["backend_class"],
        name_pattern=re.compile(data["name_pattern"]),
        name_max_length=int(data["name_max_length"]),
        value_max_bytes=int(data["value_max_bytes"]),
        leading_slash=bool(data["leading_slash"]),
        read_actions=tuple(data["read_actions"]),
        list_actions=tuple(data["list_actions"]),
        resource_arn=data["resource_arn"],
        kms_via_service=data["kms_via_service"],
        ambiguous_suffix=re.compile(suffix) if suffix else None,
        max_hierarchy_levels=int(data.get("max_hierarchy_levels", 0)),
        reserved_first_segments=tuple(data.get("reserved_first_segments", ())),
        advanced_value_max_bytes=int(data.get("advanced_value_max_bytes", 0)),
    )


@functools.cache
def defaults() -> dict[str, Any]:
    return dict(load("secrets_backends")["defaults"])


def default_prefixes() -> tuple[str, str]:
    data = defaults()
    return str(data["connections_prefix"]), str(data["variables_prefix"])


@functools.cache
def connection_type_distributions() -> dict[str, str]:
    table = dict(load("secrets_backends")["connection_types"])
    table.pop("source", None)
    return {str(k): str(v) for k, v in table.items()}


def preinstalled_providers(major: int) -> frozenset[str]:
    return frozenset(load("secrets_backends")["preinstalled_providers"].get(str(major), ()))


def core_connection_types(major: int) -> frozenset[str]:
    return frozenset(load("secrets_backends")["core_connection_types"].get(str(major), ()))


def section(name: str) -> dict[str, Any]:
    return dict(load("secrets_backends")[name])
