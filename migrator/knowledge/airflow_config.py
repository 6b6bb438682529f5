"""Airflow's configuration reference: defaults, old names, and the Airflow 3 changes.

Typed view over `airflow_config_reference.toml` (defaults per major version, 2.x renames) and
`airflow3_config_changes.toml` (what `airflow config lint` knows)."""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from typing import Any

from migrator.knowledge import load
from migrator.knowledge.versions import TargetVersion, parse_version

# A rename can chain (webserver.page_size -> api.page_size -> api.fallback_page_limit); no chain in
# the tables is longer than this, and the bound protects against a cycle slipping into the data.
_MAX_RENAME_HOPS = 5


class ChangeKind(enum.StrEnum):
    RENAMED = "renamed"
    REMOVED = "removed"
    REMOVED_IF = "removed_if"
    INVALID_VALUE = "invalid_value"
    DEFAULT_CHANGED = "default_changed"


@dataclass(frozen=True, slots=True)
class Airflow3Change:
    option: str
    kind: ChangeKind
    renamed_to: str = ""
    value: str = ""
    suggestion: str = ""
    breaking: bool = False
    old_default: str = ""
    new_default: str = ""


@functools.cache
def _reference() -> dict[str, Any]:
    return load("airflow_config_reference")


def renamed_in_2(option: str) -> str:
    """The Airflow 2.x name of an older option (itself when it was never renamed). Renames chain:
    scheduler.statsd_allow_list -> metrics.statsd_allow_list (2.0) -> metrics.metrics_allow_list (2.6)."""
    reference = _reference()
    section, _, key = option.partition(".")
    moved: dict[str, str] | None = reference["renamed_sections_in_2"].get(section)
    if moved:
        option = f"{moved['to']}.{key}"
    for _ in range(_MAX_RENAME_HOPS):
        row: dict[str, str] | None = reference["renamed_in_2"].get(option)
        if row is None:
            break
        option = row["to"]
    return option


@functools.cache
def _sensitive() -> frozenset[str]:
    return frozenset(_reference()["sensitive"]["options"])


def is_sensitive_option(option: str) -> bool:
    """Airflow marks the option's value as a secret (config.yml `sensitive: true`), under its old or new name;
    its `_cmd` / `_secret` variants point at one."""
    for suffix in ("_cmd", "_secret"):
        if option.endswith(suffix):
            option = option[: -len(suffix)]
    return option in _sensitive() or renamed_in_2(option) in _sensitive()


@functools.cache
def _defaults(major: int) -> dict[str, str]:
    defaults: dict[str, str] = _reference()["defaults"].get(str(major), {})
    return defaults


def known_option(option: str, target: TargetVersion) -> bool:
    return option in _defaults(target.major)


@functools.cache
def known_sections(major: int) -> frozenset[str]:
    return frozenset(option.split(".", 1)[0] for option in _defaults(major))


def default_value(option: str, target: TargetVersion) -> str | None:
    """Airflow's default for `option` on the target's major version; None if Airflow has no such option."""
    return _defaults(target.major).get(option)


def is_default(option: str, value: str, target: TargetVersion) -> bool:
    """Whether `value` is what Airflow would use anyway. Templated defaults ({AIRFLOW_HOME}/...) match
    any value with the same tail, because a generated airflow.cfg holds them expanded."""
    default = default_value(option, target)
    if default is None:
        return False
    given = value.strip()
    if "{" in default and "}" in default:
        tail = default.rsplit("}", 1)[-1]
        return given.endswith(tail) if tail else True
    if default.lower() in {"true", "false"}:
        return given.lower() == default.lower()
    if given == default:
        return True
    try:
        return float(given) == float(default)
    except ValueError:
        return False


@functools.cache
def _changes(target: TargetVersion) -> dict[str, tuple[Airflow3Change, ...]]:
    by_option: dict[str, list[Airflow3Change]] = {}
    if target.major < 3:
        return {}
    for row in load("airflow3_config_changes")["change"]:
        since = row.get("since") or ""
        until = row.get("until") or ""
        if since and target.key < parse_version(since):
            continue
        if until and target.key > parse_version(until):
            continue
        change = Airflow3Change(
            option=row["option"],
            kind=ChangeKind(row["kind"]),
            renamed_to=row.get("renamed_to", ""),
            value=row.get("value", ""),
            suggestion=row.get("suggestion", ""),
            breaking=bool(row.get("breaking")),
            old_default=row.get("old_default", ""),
            new_default=row.get("new_default", ""),
        )
        by_option.setdefault(change.option, []).append(change)
    return {option: tuple(changes) for option, changes in by_option.items()}


def airflow3_changes(option: str, target: TargetVersion) -> tuple[Airflow3Change, ...]:
    """The Airflow 3 lint entries for `option` on `target` (empty for 2.x targets)."""
    return _changes(target).get(option, ())


@dataclass(frozen=True, slots=True)
class Airflow3Fate:
    """What Airflow 3 makes of an option: its name there (None if removed) and the entries that decided."""

    name: str | None
    changes: tuple[Airflow3Change, ...]

    @property
    def renamed(self) -> bool:
        return self.name is not None and bool(self.changes)


def airflow3_fate(option: str, value: str, target: TargetVersion) -> Airflow3Fate:
    """Follow renames (and the removal that may end a chain) for a 3.x target."""
    name: str | None = option
    seen: list[Airflow3Change] = []
    for _ in range(_MAX_RENAME_HOPS):
        assert name is not None
        step = None
        for change in airflow3_changes(name, target):
            if change.kind == ChangeKind.RENAMED:
                step = change
                break
            if change.kind == ChangeKind.REMOVED or (
                change.kind == ChangeKind.REMOVED_IF and value.strip() == change.value
            ):
                seen.append(change)
                return Airflow3Fate(None, tuple(seen))
        if step is None:
            break
        seen.append(step)
        name = step.renamed_to
    return Airflow3Fate(name, tuple(seen))


def airflow3_invalid_value(option: str, value: str, target: TargetVersion) -> Airflow3Change | None:
    for change in airflow3_changes(option, target):
        if change.kind == ChangeKind.INVALID_VALUE and value.strip() == change.value:
            return change
    return None
