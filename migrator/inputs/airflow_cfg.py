"""airflow.cfg and `AIRFLOW__SECTION__KEY` env files, read with line numbers (configparser has none).

Read the way Airflow reads them: airflow.cfg through configparser's rules (no inline comments,
indented continuation lines, `%%` for a literal `%`, duplicate options refused), env files the way
docker compose / dotenv read them (`export`, quotes, ` #` comments after unquoted values).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from migrator.findings import Location
from migrator.masking import mask_value

if TYPE_CHECKING:
    from migrator.knowledge.versions import TargetVersion

_SECTION = re.compile(r"^\s*\[(?P<name>[^\]]+)\]\s*$")
_OPTION = re.compile(r"^(?P<key>[^=:\s][^=:]*?)\s*[=:]\s?(?P<value>.*)$")
_ENV = re.compile(r"^\s*(?:export\s+)?AIRFLOW__(?P<section>[A-Z0-9_]+?)__(?P<key>[A-Z0-9_]+)\s*=(?P<value>.*)$")
_ENV_ANY = re.compile(r"^\s*(?:export\s+)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=(?P<value>.*)$")


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

    @property
    def effective_value(self) -> str:
        """The value Airflow uses: configparser turns `%%` into `%` in airflow.cfg; environment
        variables are taken as they are. This is what an MWAA configuration option must hold."""
        return self.value.replace("%%", "%") if self.origin == "cfg" else self.value


@dataclass(frozen=True, slots=True)
class EnvVariable:
    """A variable in an env file that is not an AIRFLOW__SECTION__KEY option (AIRFLOW_CONN_X, PATH, ...)."""

    name: str
    value: str
    line: int

    @property
    def shown_value(self) -> str:
        return mask_value(self.name, self.value)


@dataclass(slots=True)
class AirflowConfig:
    path: str
    entries: list[ConfigEntry] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    variables: list[EnvVariable] = field(default_factory=list)
    origin: str = "cfg"
    # The MWAA Airflow version the run judges against; set by the engine (None: the newest).
    target: TargetVersion | None = None

    def get(self, section: str, key: str) -> ConfigEntry | None:
        """The effective entry: env variables override airflow.cfg, later lines override earlier."""
        found = None
        for entry in self.entries:
            if (entry.section, entry.key) == (section, key) and (
                found is None or entry.origin == "env" or found.origin == entry.origin
            ):
                found = entry
        return found

    def location(self, entry: ConfigEntry | EnvVariable) -> Location:
        return Location(self.path, entry.line, 1)


def _env_value(raw: str) -> str:
    """dotenv rules: quoted values keep everything inside the quotes ("..." understands \\" and \\\\);
    an unquoted value ends at ` #`."""
    value = raw.strip()
    if value[:1] in {'"', "'"}:
        quote = value[0]
        end = 1
        while end < len(value):
            if value[end] == "\\" and quote == '"':
                end += 2
                continue
            if value[end] == quote:
                inner = value[1:end]
                if quote == '"':
                    inner = re.sub(r"\\([\"\\$`])", r"\1", inner).replace("\\n", "\n")
                return inner
            end += 1
        return value  # unterminated quote: keep it as written
    return re.split(r"\s+#", value, maxsplit=1)[0].strip()


def parse_env_file(text: str, path: str, target: TargetVersion | None = None) -> AirflowConfig:
    config = AirflowConfig(path, origin="env", target=target)
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _ENV.match(line)
        if match:
            config.entries.append(
                ConfigEntry(match["section"].lower(), match["key"].lower(), _env_value(match["value"]), number, "env")
            )
            continue
        other = _ENV_ANY.match(line)
        if other:
            config.variables.append(EnvVariable(other["name"], _env_value(other["value"]), number))
            continue
        config.problems.append((number, "line is not a NAME=value assignment"))
    return config


def parse_airflow_cfg(text: str, path: str, target: TargetVersion | None = None) -> AirflowConfig:
    """Section/option lines with their numbers; continuation lines extend the previous value."""
    config = AirflowConfig(path, origin="cfg", target=target)
    section: str | None = None
    last: ConfigEntry | None = None
    seen_options: dict[tuple[str, str], int] = {}
    seen_sections: dict[str, int] = {}
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
            if section in seen_sections:
                config.problems.append(
                    (number, f"section [{section}] appears twice (first on line {seen_sections[section]}); "
                             "Airflow's configparser refuses the file")
                )  # fmt: skip
            seen_sections.setdefault(section, number)
            last = None
            continue
        match = _OPTION.match(stripped)
        if match is None or section is None:
            problem = (
                "option before any [section] header" if match is not None
                else "line is neither a [section] header nor a key = value option"
            )  # fmt: skip
            config.problems.append((number, problem))
            last = None
            continue
        key = match["key"].strip().lower()
        if (section, key) in seen_options:
            config.problems.append(
                (number, f"option {key} appears twice in [{section}] (first on line {seen_options[section, key]}); "
                         "Airflow's configparser refuses the file")
            )  # fmt: skip
        seen_options.setdefault((section, key), number)
        last = ConfigEntry(section, key, match["value"].strip(), number, "cfg")
        config.entries.append(last)
    return config
