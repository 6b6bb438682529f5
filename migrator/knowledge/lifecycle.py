"""When an Airflow API element was deprecated and removed, judged against a target version."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from migrator.knowledge.versions import TargetVersion


class Status(enum.Enum):
    """What an API element is on a given target: usable, usable with a warning, or gone."""

    CURRENT = "current"
    DEPRECATED = "deprecated"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class Lifecycle:
    """`deprecated_in` / `removed_in` are versions like "2.4" or "3.0" ("" = never)."""

    deprecated_in: str = ""
    removed_in: str = ""

    def status(self, target: TargetVersion) -> Status:
        if self.removed_in and target.at_least(self.removed_in):
            return Status.REMOVED
        if self.deprecated_in and target.at_least(self.deprecated_in):
            return Status.DEPRECATED
        return Status.CURRENT
