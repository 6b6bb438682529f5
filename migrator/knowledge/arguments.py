"""Typed view over `arguments.toml`: renamed/removed DAG and operator arguments, trigger-rule renames,
the SLA arguments and the default schedule, each with its Lifecycle."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from migrator.knowledge import load
from migrator.knowledge.lifecycle import Lifecycle


@dataclass(frozen=True, slots=True)
class ArgumentRename:
    old: str
    new: str
    lifecycle: Lifecycle
    operators: tuple[str, ...] = ()  # empty: every operator (or the DAG, for DAG renames)
    in_default_args: bool = False
    source: str = ""

    def applies_to(self, class_name: str | None) -> bool:
        return not self.operators or class_name in self.operators


@dataclass(frozen=True, slots=True)
class RemovedArgument:
    name: str
    scope: str  # "dag" | "operator"
    lifecycle: Lifecycle
    operators: tuple[str, ...]
    in_default_args: bool
    replacement: str
    source: str

    def applies_to(self, class_name: str | None) -> bool:
        return not self.operators or class_name in self.operators


@dataclass(frozen=True, slots=True)
class TriggerRuleRename:
    old: str
    new: str
    enum_old: str
    enum_new: str
    lifecycle: Lifecycle
    source: str


@dataclass(frozen=True, slots=True)
class SlaArguments:
    operator_arguments: tuple[str, ...]
    dag_arguments: tuple[str, ...]
    lifecycle: Lifecycle
    deadline_alerts_in: str
    source: str


@dataclass(frozen=True, slots=True)
class DefaultSchedule:
    before: str
    after: str
    changed_in: str
    source: str


def _lifecycle(row: dict[str, Any]) -> Lifecycle:
    return Lifecycle(deprecated_in=row.get("deprecated_in", ""), removed_in=row.get("removed_in", ""))


def _rename(row: dict[str, Any]) -> ArgumentRename:
    return ArgumentRename(
        old=row["old"],
        new=row["new"],
        lifecycle=_lifecycle(row),
        operators=tuple(row.get("operators", ())),
        in_default_args=bool(row.get("in_default_args", False)),
        source=row.get("source", ""),
    )


@functools.cache
def dag_argument_renames() -> dict[str, ArgumentRename]:
    return {r.old: r for r in map(_rename, load("arguments")["dag_argument_rename"])}


@functools.cache
def operator_argument_renames() -> tuple[ArgumentRename, ...]:
    return tuple(map(_rename, load("arguments")["operator_argument_rename"]))


@functools.cache
def removed_arguments() -> tuple[RemovedArgument, ...]:
    return tuple(
        RemovedArgument(
            name=row["name"],
            scope=row["scope"],
            lifecycle=_lifecycle(row),
            operators=tuple(row["operators"]),
            in_default_args=bool(row["in_default_args"]),
            replacement=row["replacement"],
            source=row["source"],
        )
        for row in load("arguments")["removed_argument"]
    )


@functools.cache
def trigger_rule_renames() -> dict[str, TriggerRuleRename]:
    """By old string value."""
    return {
        row["old"]: TriggerRuleRename(
            old=row["old"],
            new=row["new"],
            enum_old=row["enum_old"],
            enum_new=row["enum_new"],
            lifecycle=_lifecycle(row),
            source=row["source"],
        )
        for row in load("arguments")["trigger_rule_rename"]
    }


@functools.cache
def sla_arguments() -> SlaArguments:
    row = load("arguments")["sla"]
    return SlaArguments(
        operator_arguments=tuple(row["operator_arguments"]),
        dag_arguments=tuple(row["dag_arguments"]),
        lifecycle=Lifecycle(removed_in=row["removed_in"]),
        deadline_alerts_in=row["deadline_alerts_in"],
        source=row["source"],
    )


@functools.cache
def default_schedule() -> DefaultSchedule:
    row = load("arguments")["default_schedule"]
    return DefaultSchedule(row["before"], row["after"], row["changed_in"], row["source"])
