"""When an Airflow API element was deprecated and removed, judged against a target version."""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass

from migrator.knowledge.versions import TargetVersion, parse_version


@functools.cache
def version_at_least(airflow: str, version: str) -> bool:
    """`TargetVersion.at_least` without re-parsing: rules ask this for every node they see."""
    return parse_version(airflow) >= parse_version(version)


def target_at_least(target: TargetVersion, version: str) -> bool:
    return version_at_least(target.airflow, version)


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
        if self.removed_in and version_at_least(target.airflow, self.removed_in):
            return Status.REMOVED
        if self.deprecated_in and version_at_least(target.airflow, self.deprecated_in):
            return Status.DEPRECATED
        return Status.CURRENT
