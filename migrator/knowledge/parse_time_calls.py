"""Typed view over `parse_time_calls.toml`: calls that do I/O when a DAG file is imported."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from migrator.knowledge import load


@dataclass(frozen=True, slots=True)
class ParseTimeCalls:
    variable_classes: frozenset[str]
    variable_methods: frozenset[str]
    connection_lookups: frozenset[str]
    hook_class_suffix: str
    hook_harmless_methods: frozenset[str]
    network_functions: frozenset[str]
    client_factories: frozenset[str]
    client_harmless_methods: frozenset[str]
    source: str


@functools.cache
def parse_time_calls() -> ParseTimeCalls:
    data = load("parse_time_calls")
    return ParseTimeCalls(
        variable_classes=frozenset(data["variable_classes"]),
        variable_methods=frozenset(data["variable_methods"]),
        connection_lookups=frozenset(data["connection_lookups"]),
        hook_class_suffix=data["hook_class_suffix"],
        hook_harmless_methods=frozenset(data["hook_harmless_methods"]),
        network_functions=frozenset(data["network_functions"]),
        client_factories=frozenset(data["client_factories"]),
        client_harmless_methods=frozenset(data["client_harmless_methods"]),
        source=data["source"],
    )
