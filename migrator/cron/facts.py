"""Typed view over knowledge/cron.toml: what each cron flavour does, and what MWAA/Airflow offer."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from migrator.knowledge import load

FLAVORS = ("debian", "cronie", "vixie")


@dataclass(frozen=True, slots=True)
class Flavor:
    """Behaviour switches of one cron implementation (see knowledge/cron.toml for the sources)."""

    name: str
    title: str
    default_shell: str
    default_path: str
    reversed_range: str  # "empty" | "rejected"
    dow_zero_high_end_is_seven: bool
    trailing_junk: str  # "ignored" | "rejected"
    tilde_random: bool
    cron_tz: bool
    random_delay: bool
    command_options: tuple[str, ...]
    leading_dash_no_log: bool
    backslash_collapse_in_command: bool
    cron_d_name_pattern: str
    cron_d_skip_suffixes: tuple[str, ...]
    cron_d_skip_prefixes: tuple[str, ...]

    def cron_d_name_ignored(self, name: str) -> str | None:
        """Why the daemon never reads /etc/cron.d/`name`, or None when it does."""
        if self.cron_d_name_pattern and not re.fullmatch(self.cron_d_name_pattern, name):
            return f"{self.title} only reads /etc/cron.d files whose names match {self.cron_d_name_pattern}"
        for prefix in self.cron_d_skip_prefixes:
            if name.startswith(prefix):
                return f"{self.title} skips /etc/cron.d files whose names start with {prefix!r}"
        for suffix in self.cron_d_skip_suffixes:
            if name.endswith(suffix):
                return f"{self.title} skips /etc/cron.d files whose names end with {suffix!r}"
        return None


@dataclass(frozen=True, slots=True)
class Keyword:
    name: str
    fields: str
    flags: frozenset[str]


@dataclass(frozen=True, slots=True)
class RunPartsTime:
    schedule: str
    via: str


def _data() -> dict[str, Any]:
    return load("cron")


@functools.cache
def flavor(name: str) -> Flavor:
    row = _data()["flavor"][name]
    return Flavor(
        name=name,
        title=row["title"],
        default_shell=row["default_shell"],
        default_path=row["default_path"],
        reversed_range=row["reversed_range"],
        dow_zero_high_end_is_seven=row["dow_zero_high_end_is_seven"],
        trailing_junk=row["trailing_junk"],
        tilde_random=row["tilde_random"],
        cron_tz=row["cron_tz"],
        random_delay=row["random_delay"],
        command_options=tuple(row["command_options"]),
        leading_dash_no_log=row["leading_dash_no_log"],
        backslash_collapse_in_command=row["backslash_collapse_in_command"],
        cron_d_name_pattern=row["cron_d_name_pattern"],
        cron_d_skip_suffixes=tuple(row["cron_d_skip_suffixes"]),
        cron_d_skip_prefixes=tuple(row["cron_d_skip_prefixes"]),
    )


@functools.cache
def keywords() -> dict[str, Keyword]:
    return {
        name: Keyword(name, row["fields"], frozenset(row["flags"]))
        for name, row in _data()["keyword"].items()
    }


@functools.cache
def limits() -> dict[str, int]:
    return dict(_data()["limits"])


def run_parts_time(flavor_name: str, period: str) -> RunPartsTime:
    row = _data()["run_parts"][flavor_name][period]
    return RunPartsTime(row["schedule"], row["via"])


def run_parts_name_rules(flavor_name: str) -> tuple[str, tuple[str, ...]]:
    row = _data()["run_parts"][flavor_name]
    return row["name_pattern"], tuple(row["skip_suffixes"])


def anacron_start(flavor_name: str) -> tuple[int, int, str]:
    """(hour, minute, default START_HOURS_RANGE) at which anacron first runs on a `flavor_name` host."""
    row = _data()["anacron"][flavor_name]
    hour, minute = (int(part) for part in row["start"].split(":"))
    return hour, minute, row["default_start_hours_range"]


def multiple_cron_since() -> str:
    return str(_data()["airflow"]["multiple_cron_trigger_timetable_since"])


def airflow_imports(major: int) -> dict[str, str]:
    return dict(_data()["airflow"]["imports"][str(major)])


def bash_template_ext() -> tuple[str, ...]:
    return tuple(_data()["airflow"]["bash_operator"]["template_ext"])


def jinja_openers() -> tuple[str, ...]:
    return tuple(_data()["airflow"]["bash_operator"]["jinja_openers"])


@functools.cache
def mwaa_worker() -> dict[str, tuple[str, ...]]:
    row = _data()["mwaa_worker"]
    return {key: tuple(value) for key, value in row.items()}


def representative_zones() -> tuple[str, ...]:
    return tuple(_data()["dst"]["representative_zones"])
