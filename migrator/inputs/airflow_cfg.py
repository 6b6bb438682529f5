"""airflow.cfg and `AIRFLOW__SECTION__KEY` env files, read with line numbers (configparser has none)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from migrator.findings import Location
from migrator.masking import mask_value

_SECTION = re.compile(r"^\s*\[(?P<name>[^\]]+)\]\s*$")
_OPTION = re.compile(r"^(?P<key>[^=:\s][^=:]*?)\s*[=:]\s?(?P<value>.*)$")
_ENV = re.compile(r"^\s*(?:export\s+)?AIRFLOW__(?P<section>[A-Z0-9_]+?)__(?P<key>[A-Z0-9_]+)\s*=\s*(?P<value>.*)$")


@dataclass(frozen=True, slots=True)
class ConfigEntry:
    """One option. `origin` is "cfg" for airflow.cfg lines and "env" for AIRFLOW__X__Y variables."""

    section: str
    key: str
    value: str
    line: int
    origin: str

    @property
    def dotted(self) -> str:
        """The MWAA `airflow_configuration_options` spelling: section.key."""
        return f"{self.section}.{self.key}"

    @property
    def env_name(self) -> str:
        return f"AIRFLOW__{self.section.upper()}__{self.key.upper()}"

    @property
    def shown_value(self) -> str:
        return mask_value(self.key, self.value)


@dataclass(slots=True)
class AirflowConfig:
    path: str
    entries: list[ConfigEntry] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)

    def get(self, section: str, key: str) -> ConfigEntry | None:
        """The effective entry: env variables override airflow.cfg, later lines override earlier."""
        found = None
        for entry in self.entries:
            if entry.section == section and entry.key == key:
                if found is None or entry.origin == "env" or found.origin == entry.origin:
                    found = entry
        return found

    def location(self, entry: ConfigEntry) -> Location:
        return Location(self.path, entry.line, 1)


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def parse_env_file(text: str, path: str) -> AirflowConfig:
    config = AirflowConfig(path)
    for number, line in enumerate(text.splitlines(), start=1):
        match = _ENV.match(line)
        if match:
            config.entries.append(
                ConfigEntry(match["section"].lower(), match["key"].lower(), _unquote(match["value"]), number, "env")
            )
    return config


def parse_airflow_cfg(text: str, path: str) -> AirflowConfig:
    """Section/option lines with their numbers; continuation lines extend the previous value."""
    config = AirflowConfig(path)
    section: str | None = None
    last: ConfigEntry | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped[0] in "#;":
            continue
        if raw[0] in " \t" and last is not None:  # continuation of a multi-line value
            last = ConfigEntry(last.section, last.key, f"{last.value}\n{stripped}", last.line, last.origin)
            config.entries[-1] = last
            continue
        if match := _SECTION.match(raw):
            section = match["name"].strip().lower()
            last = None
            continue
        match = _OPTION.match(stripped)
        if match is None or section is None:
            config.problems.append((number, "line is neither a [section] header nor a key = value option"))
            last = None
            continue
        last = ConfigEntry(section, match["key"].strip().lower(), match["value"].strip(), number, "cfg")
        config.entries.append(last)
    return config
