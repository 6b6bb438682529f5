"""The one currency every part of the tool trades in: a Finding at a Location, with a Severity."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """Ordered so that `max()` gives the worst; the integer is stable and never shown to users."""

    INFO = 1
    WARNING = 2
    BLOCKER = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}; expected one of blocker, warning, info") from None


class Family(enum.StrEnum):
    """What part of a deployment a rule looks at; also the report's grouping."""

    INPUT = "input"
    IMPORTS = "imports"
    DAG_API = "dag-api"
    PARSE_TIME = "parse-time"
    EXECUTOR = "executor"
    HOST = "host"
    CONFIG = "config"
    REQUIREMENTS = "requirements"
    PLUGINS = "plugins"
    CRON = "cron"
    SECRETS = "secrets"


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in an input file. Lines and columns are 1-based; 0 means "the whole file"."""

    path: str
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0

    def __reduce__(self) -> tuple[type[Location], tuple[str, int, int, int, int]]:
        # Plain constructor arguments: several times faster to pickle than the dataclass default,
        # and worker processes send back a hundred thousand of these on a large repository.
        return (Location, (self.path, self.line, self.column, self.end_line, self.end_column))

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column or 1}"
        return self.path


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing that breaks or changes on MWAA, where it is, and what to do about it.

    `fixable` says whether a later `convert`/`bundle` run fixes it without a human.
    `data` carries machine-readable details (e.g. the replacement import) for the fixers;
    it must never hold a secret value.
    """

    code: str
    severity: Severity
    family: Family
    location: Location
    message: str
    remedy: str
    fixable: bool = False
    data: tuple[tuple[str, str], ...] = field(default=())

    def __reduce__(self) -> tuple[type[Finding], tuple[object, ...]]:
        return (
            Finding,
            (self.code, self.severity, self.family, self.location, self.message, self.remedy, self.fixable, self.data),
        )

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.location.path, self.location.line, self.location.column, self.code, self.message)

    def detail(self, key: str) -> str | None:
        for k, v in self.data:
            if k == key:
                return v
        return None
