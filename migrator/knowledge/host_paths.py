"""Typed view over `host_paths.toml`: which absolute paths exist on MWAA workers and which do not."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from migrator.knowledge import load


@dataclass(frozen=True, slots=True)
class HostPathVerdict:
    """Why a path is host-only, and where the same file lives on MWAA (if it is an AIRFLOW_HOME path)."""

    prefix: str
    reason: str
    mwaa_path: str = ""


@dataclass(frozen=True)
class HostPaths:
    allowed_prefixes: tuple[str, ...]
    airflow_homes: tuple[tuple[str, str], ...]
    host_prefixes: tuple[tuple[str, str], ...]  # (prefix, reason), longest prefix first
    not_path_keywords: frozenset[str]
    prose_keywords: frozenset[str]
    not_path_name_parts: tuple[str, ...]
    prose_name_parts: tuple[str, ...]
    source: str

    @functools.cached_property
    def not_path_name(self) -> re.Pattern[str]:
        """Matches a variable name containing one of `not_path_name_parts` (any case)."""
        return re.compile("|".join(map(re.escape, self.not_path_name_parts)), re.IGNORECASE)

    @functools.cached_property
    def prose_name(self) -> re.Pattern[str]:
        return re.compile("|".join(map(re.escape, self.prose_name_parts)), re.IGNORECASE)

    @property
    def needles(self) -> tuple[str, ...]:
        """Substrings one of which any reported path contains: its prefix without the final slash."""
        prefixes = {p.rstrip("/") for p, _ in self.host_prefixes} | {
            p.rstrip("/") for p, _ in self.airflow_homes
        }
        return tuple(sorted(prefixes))

    def verdict(self, path: str) -> HostPathVerdict | None:
        """None for a path that exists on MWAA workers or is not a known host location."""
        probe = path if path.endswith("/") else path + "/"
        if probe.startswith(self.allowed_prefixes):
            return None
        for prefix, mwaa in self.airflow_homes:
            if probe.startswith(prefix):
                return HostPathVerdict(
                    prefix,
                    f"is under the old AIRFLOW_HOME {prefix}",
                    mwaa + path[len(prefix) :],
                )
        for prefix, reason in self.host_prefixes:
            if probe.startswith(prefix):
                return HostPathVerdict(prefix, reason)
        return None


@functools.cache
def host_paths() -> HostPaths:
    data = load("host_paths")
    host_prefixes = [(p, row["reason"]) for row in data["host_prefix"] for p in row["prefixes"]]
    host_prefixes.sort(key=lambda item: -len(item[0]))
    return HostPaths(
        allowed_prefixes=tuple(data["allowed_prefixes"]),
        airflow_homes=tuple((row["prefix"], row["mwaa"]) for row in data["airflow_home"]),
        host_prefixes=tuple(host_prefixes),
        not_path_keywords=frozenset(data["not_path_keywords"]),
        prose_keywords=frozenset(data["prose_keywords"]),
        not_path_name_parts=tuple(data["not_path_name_parts"]),
        prose_name_parts=tuple(data["prose_name_parts"]),
        source=data["source"],
    )
