"""Typed view over `os_binaries.toml`: programs MWAA worker images lack, and what to do instead."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from migrator.knowledge import load


@dataclass(frozen=True, slots=True)
class MissingBinary:
    name: str
    category: str
    remedy: str
    severity: str  # "" = the rule's default
    covered_by: str  # another rule's code that reports this program instead, or ""


@functools.cache
def missing_binaries() -> dict[str, MissingBinary]:
    """By program name."""
    binaries: dict[str, MissingBinary] = {}
    for row in load("os_binaries")["missing"]:
        for name in row["names"]:
            binaries[name] = MissingBinary(
                name=name,
                category=row["category"],
                remedy=row["remedy"],
                severity=row.get("severity", ""),
                covered_by=row.get("covered_by", ""),
            )
    return binaries


@functools.cache
def present_binaries() -> frozenset[str]:
    return frozenset(load("os_binaries")["present"])


@functools.cache
def binaries_covered_by(code: str) -> frozenset[str]:
    return frozenset(name for name, binary in missing_binaries().items() if binary.covered_by == code)
