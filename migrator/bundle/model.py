"""What a bundle run decided, in data: notes for BUNDLE.md and the console, and the run's options."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from migrator.findings import Severity


def where_key(where: str) -> tuple[str, int]:
    """ "path:12" sorts by path, then by line as a number."""
    path, _, line = where.rpartition(":")
    return (path, int(line)) if path and line.isdigit() else (where, 0)


class Topic(enum.StrEnum):
    """The part of the bundle a note is about; BUNDLE.md groups notes by it."""

    DAGS = "dags"
    PLUGINS = "plugins"
    REQUIREMENTS = "requirements"
    CONSTRAINTS = "constraints"
    WHEELS = "wheels"
    STARTUP = "startup"
    OPTIONS = "options"
    VERIFY = "verify"


@dataclass(frozen=True, slots=True)
class Note:
    """Something the bundle did, left out, or could not check. Never holds a secret value."""

    topic: Topic
    severity: Severity
    message: str
    codes: tuple[str, ...] = ()  # the findings (rule codes) this note acts on
    where: str = ""  # the input file (and line) it is about
    source: str = ""  # the fact's source, for remedies taken from the knowledge tables

    def sort_key(self) -> tuple[str, int, str, int, str]:
        return (self.topic.value, -int(self.severity), *where_key(self.where), self.message)


@dataclass(frozen=True, slots=True)
class BundleOptions:
    """Run-wide choices; the same options on the same input give the same bytes."""

    out: Path
    constraints_file: Path | None = None
    verify: bool = False
    wheels: bool = False
    secrets_config: Path | None = None
    reference_date: date | None = None  # for convert's days_ago rewrite; None: today (UTC)
    download_constraints: bool = True
    jobs: int | None = None


@dataclass(slots=True)
class Notes:
    items: list[Note] = field(default_factory=list)

    def add(self, topic: Topic, severity: Severity, message: str, *, codes: tuple[str, ...] = (),
            where: str = "", source: str = "") -> None:  # fmt: skip
        self.items.append(Note(topic, severity, message, codes, where, source))

    def extend(self, notes: list[Note]) -> None:
        self.items.extend(notes)

    def sorted(self) -> list[Note]:
        return sorted(set(self.items), key=Note.sort_key)
