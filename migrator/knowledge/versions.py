"""MWAA target versions: the typed view over `mwaa_versions.toml`."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from migrator.knowledge import load


@functools.cache
def parse_version(text: str) -> tuple[int, ...]:
    """'2.10.3' -> (2, 10, 3). Raises ValueError on anything that is not dotted integers."""
    parts = text.strip().split(".")
    if not parts or not all(p.isdigit() for p in parts):
        raise ValueError(f"not a version: {text!r}")
    return tuple(int(p) for p in parts)


@dataclass(frozen=True, slots=True)
class TargetVersion:
    """One Airflow version MWAA runs, and the Python its image ships."""

    airflow: str
    python: str
    python_build: str
    available: str
    constraints_url: str

    @property
    def key(self) -> tuple[int, ...]:
        return parse_version(self.airflow)

    @property
    def major(self) -> int:
        return self.key[0]

    def at_least(self, version: str) -> bool:
        return self.key >= parse_version(version)

    def __str__(self) -> str:
        return self.airflow


@functools.cache
def supported_versions() -> tuple[TargetVersion, ...]:
    """Every MWAA-supported Airflow version, oldest first."""
    data = load("mwaa_versions")
    template: str = data["constraints_url"]
    versions = [
        TargetVersion(
            airflow=row["airflow"],
            python=row["python"],
            python_build=row["python_build"],
            available=row["available"],
            constraints_url=template.format(airflow=row["airflow"], python=row["python"]),
        )
        for row in data["version"]
    ]
    return tuple(sorted(versions, key=lambda v: v.key))


def newest() -> TargetVersion:
    return supported_versions()[-1]


class UnknownVersionError(ValueError):
    pass


def resolve(text: str | None) -> TargetVersion:
    """The TargetVersion for `text` (None = newest); UnknownVersionError names the valid choices."""
    if text is None:
        return newest()
    for version in supported_versions():
        if version.airflow == text.strip():
            return version
    choices = ", ".join(v.airflow for v in supported_versions())
    raise UnknownVersionError(f"Airflow {text!r} is not an MWAA version; choose one of: {choices}")
