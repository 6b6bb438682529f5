"""Typed view over `context_variables.toml`: removed task-context keys and their replacements."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from migrator.knowledge import load
from migrator.knowledge.lifecycle import Lifecycle


@dataclass(frozen=True, slots=True)
class ContextVariable:
    """A context key Airflow removed; `jinja`/`python` are "" when there is no drop-in replacement."""

    name: str
    lifecycle: Lifecycle
    jinja: str
    python: str
    requires: tuple[str, ...]
    exact: bool
    condition: str

    @property
    def has_replacement(self) -> bool:
        return bool(self.jinja)


@dataclass(frozen=True, slots=True)
class ContextAttribute:
    """An attribute of a context object (e.g. `dag_run.external_trigger`) Airflow removed."""

    owners: tuple[str, ...]
    name: str
    lifecycle: Lifecycle
    jinja: str
    python: str
    exact: bool
    condition: str


@functools.cache
def removed_context_variables() -> dict[str, ContextVariable]:
    """By key name, in table order."""
    rows = load("context_variables")["variable"]
    return {
        row["name"]: ContextVariable(
            name=row["name"],
            lifecycle=Lifecycle(removed_in=row["removed_in"]),
            jinja=row["jinja"],
            python=row["python"],
            requires=tuple(row["requires"]),
            exact=bool(row["exact"]),
            condition=row["condition"],
        )
        for row in rows
    }


@functools.cache
def removed_context_attributes() -> tuple[ContextAttribute, ...]:
    return tuple(
        ContextAttribute(
            owners=tuple(row["owners"]),
            name=row["name"],
            lifecycle=Lifecycle(removed_in=row["removed_in"]),
            jinja=row["jinja"],
            python=row["python"],
            exact=bool(row["exact"]),
            condition=row["condition"],
        )
        for row in load("context_variables")["attribute"]
    )


def removed_attribute(owner: str, name: str) -> ContextAttribute | None:
    for attribute in removed_context_attributes():
        if attribute.name == name and owner in attribute.owners:
            return attribute
    return None


def removed_in() -> str:
    """The version in which the whole set went away (all entries share it today)."""
    value: str = load("context_variables")["removed_in"]
    return value
