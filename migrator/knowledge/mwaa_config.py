"""What MWAA does with Airflow configuration: the typed view over `mwaa_config.toml`."""

from __future__ import annotations

import enum
import functools
import re
from dataclasses import dataclass
from typing import Any

from migrator.knowledge import load
from migrator.knowledge.versions import TargetVersion, parse_version


def applies(row: dict[str, Any], target: TargetVersion) -> bool:
    """Whether a table row with optional `since`/`before` versions applies to `target`."""
    since = row.get("since") or ""
    before = row.get("before") or ""
    if since and target.key < parse_version(since):
        return False
    return not (before and target.key >= parse_version(before))


@dataclass(frozen=True, slots=True)
class ForcedOption:
    """An option MWAA's image always sets ("essential"); user values never win."""

    option: str  # section.key, or section.* for a whole section
    value: str | None  # None when MWAA generates the value per environment
    what: str
    source: str
    confidence: str
    except_options: tuple[str, ...] = ()
    merged: bool = False  # the user's value is merged into MWAA's (celery.extra_celery_config)
    condition: str = ""
    note: str = ""

    def matches(self, option: str) -> bool:
        if self.option.endswith(".*"):
            return option.startswith(self.option[:-1]) and option not in self.except_options
        return option == self.option

    def same_value(self, value: str) -> bool:
        """The user's value is what MWAA sets anyway (booleans compared case-insensitively; a class
        given by its full dotted path matches the class name MWAA sets)."""
        if self.value is None:
            return False
        given = _normal(value)
        return given == _normal(self.value) or given.endswith(f".{self.value}")


@dataclass(frozen=True, slots=True)
class UnsupportedOption:
    option: str
    blocking_value: str
    why: str
    source: str

    def blocks(self, value: str) -> bool:
        return _normal(value) == _normal(self.blocking_value)


class HostReason(enum.StrEnum):
    """Why an option describes the old host rather than the workflow (closed set)."""

    PATHS = "paths"
    LOGGING = "logging"
    WEB_SERVER = "web-server"
    AUTHENTICATION = "authentication"
    BROKER = "broker"
    EXECUTOR = "executor"
    COMMAND = "command"  # an `_cmd` option: a shell command run on the old host


@dataclass(frozen=True, slots=True)
class HostSpecific:
    reason: HostReason
    why: str
    source: str
    confidence: str


class ExecutorKind(enum.StrEnum):
    CELERY = "celery"
    KUBERNETES = "kubernetes"
    LOCAL = "local"
    OTHER_BUILTIN = "other-builtin"
    CUSTOM = "custom"


@dataclass(frozen=True, slots=True)
class ExecutorAdvice:
    kind: ExecutorKind
    remedy: str
    source: str


@dataclass(frozen=True, slots=True)
class DocumentedOption:
    option: str
    note: str
    source: str


@dataclass(frozen=True, slots=True)
class OpinionatedDefault:
    option: str
    value: str
    note: str
    source: str


def _normal(value: str) -> str:
    text = value.strip()
    return text.lower() if text.lower() in {"true", "false"} else text


@functools.cache
def _data() -> dict[str, Any]:
    return load("mwaa_config")


@functools.cache
def forced_options(target: TargetVersion) -> tuple[ForcedOption, ...]:
    return tuple(
        ForcedOption(
            option=row["option"],
            value=None if row.get("generated") else row.get("value"),
            what=row["what"],
            source=row["source"],
            confidence=row.get("confidence", "H"),
            except_options=tuple(row.get("except", ())),
            merged=bool(row.get("merged")),
            condition=row.get("condition", ""),
            note=row.get("note", ""),
        )
        for row in _data()["forced"]
        if applies(row, target)
    )


def forced(option: str, target: TargetVersion) -> ForcedOption | None:
    for row in forced_options(target):
        if row.matches(option):
            return row
    return None


@functools.cache
def _unsupported(target: TargetVersion) -> dict[str, UnsupportedOption]:
    return {
        row["option"]: UnsupportedOption(row["option"], row["blocking_value"], row["why"], row["source"])
        for row in _data()["unsupported"]
        if applies(row, target)
    }


def unsupported(option: str, target: TargetVersion) -> UnsupportedOption | None:
    return _unsupported(target).get(option)


@functools.cache
def _reserved(target: TargetVersion) -> tuple[frozenset[str], frozenset[str]]:
    """(reserved on target, reserved only from some version on but not on target)."""
    table = _data()
    names = set(table["reserved_env"]["names"])
    not_yet: set[str] = set()
    for row in table["reserved_env_versioned"]:
        (names if applies(row, target) else not_yet).add(row["name"])
    return frozenset(names), frozenset(not_yet)


def is_reserved_env(name: str, target: TargetVersion) -> bool:
    """Documented reserved variables ([UG]) plus the ones the image protects ([IMG]). A variable the
    User Guide reserves only from a later version (PYTHONPATH from 2.9) is free before it, even
    though every published image (2.9.2+) protects it."""
    reserved, not_yet = _reserved(target)
    if name in not_yet:
        return False
    return name in reserved or is_protected_env(name)


def is_protected_env(name: str) -> bool:
    protected = _data()["protected_env"]
    return name in protected["names"] or name.startswith(tuple(protected["prefixes"]))


def reserved_env_option_instead(name: str) -> bool:
    """Reserved as a raw variable, but settable through airflow_configuration_options."""
    return name in _data()["reserved_env"]["option_instead"]


@functools.cache
def _host_specific() -> tuple[dict[str, HostSpecific], dict[str, HostSpecific]]:
    options: dict[str, HostSpecific] = {}
    sections: dict[str, HostSpecific] = {}
    for row in _data()["host_specific"]:
        entry = HostSpecific(HostReason(row["reason"]), row["why"], row["source"], row.get("confidence", "M"))
        for option in row.get("options", ()):
            options[option] = entry
        for section in row.get("sections", ()):
            sections[section] = entry
    return options, sections


def host_specific(option: str) -> HostSpecific | None:
    options, sections = _host_specific()
    return options.get(option) or sections.get(option.split(".", 1)[0])


def executor_advice(value: str) -> ExecutorAdvice:
    """What to do about `core.executor = value` (last dotted part decides; custom paths fall through)."""
    rows = _data()["executor"]
    name = value.strip().rsplit(".", 1)[-1]
    builtin = "." not in value.strip() or value.strip().startswith("airflow.")
    for row in rows:
        if name in row["match"] and (builtin or row["kind"] == "custom"):
            return ExecutorAdvice(ExecutorKind(row["kind"]), row["remedy"], row.get("source", ""))
    custom = next(row for row in rows if row["kind"] == "custom")
    return ExecutorAdvice(ExecutorKind.CUSTOM, custom["remedy"], custom.get("source", ""))


def celery_queue_options() -> tuple[str, ...]:
    return tuple(_data()["celery_queues"]["options"])


def default_queue_name() -> str:
    return str(_data()["celery_queues"]["airflow_default"])


@functools.cache
def documented_options(target: TargetVersion) -> dict[str, DocumentedOption]:
    return {
        row["option"]: DocumentedOption(row["option"], row.get("note", ""), row["source"])
        for row in _data()["documented_option"]
        if applies(row, target)
    }


@functools.cache
def opinionated_defaults(target: TargetVersion) -> dict[str, OpinionatedDefault]:
    return {
        row["option"]: OpinionatedDefault(row["option"], row["value"], row.get("note", ""), row["source"])
        for row in _data()["opinionated"]
        if applies(row, target)
    }


def obsolete_section(section: str) -> str | None:
    for row in _data()["obsolete_section"]:
        if row["section"] == section:
            return str(row["why"])
    return None


@functools.cache
def _api() -> tuple[re.Pattern[str], int, re.Pattern[str], int]:
    api = _data()["api"]
    return (re.compile(api["key_pattern"]), api["key_max_length"], re.compile(api["value_pattern"]),
            api["value_max_length"])  # fmt: skip


def api_key_problem(key: str) -> str | None:
    """Why the MWAA API would reject `key` as an AirflowConfigurationOptions key, or None."""
    pattern, max_length, _, _ = _api()
    if "." not in key:
        return "a key needs a `section.` part"
    if len(key) > max_length:
        return f"a key is at most {max_length} characters ({len(key)} here)"
    if not pattern.match(key):
        return "a key may only hold lower-case letters, digits, `.` and `_`"
    return None


def api_value_problem(value: str) -> str | None:
    """Why the MWAA API would reject `value`, or None. Never quotes the value (it may be a secret)."""
    _, _, pattern, max_length = _api()
    if not value:
        return "an empty value is not accepted (1 character at least)"
    if len(value) > max_length:
        return f"a value is at most {max_length} characters ({len(value)} here)"
    if "\n" in value:
        return "a value must be one line (this one continues over several lines)"
    if not pattern.match(value):
        return "a value may only hold printable ASCII characters"
    return None


def mwaa_key(option: str) -> str:
    """section.key as MWAA spells it: lower case."""
    return option.lower()


@dataclass(frozen=True, slots=True)
class StartupScriptFacts:
    """How MWAA runs startup.sh (the `[startup_script]` table)."""

    max_seconds: int
    shell: str
    runs_as: str
    exit_status_checked: bool
    env_capture_file: str
    component_variable: str
    components: tuple[str, ...]
    hybrid_runs: tuple[str, ...]
    runs_before_requirements: bool
    source: str


@functools.cache
def startup_script_facts() -> StartupScriptFacts:
    row = _data()["startup_script"]
    return StartupScriptFacts(
        max_seconds=int(row["max_seconds"]),
        shell=row["shell"],
        runs_as=row["runs_as"],
        exit_status_checked=bool(row["exit_status_checked"]),
        env_capture_file=row["env_capture_file"],
        component_variable=row["component_variable"],
        components=tuple(row["components"]),
        hybrid_runs=tuple(row["hybrid_runs"]),
        runs_before_requirements=bool(row["runs_before_requirements"]),
        source=row["source"],
    )
