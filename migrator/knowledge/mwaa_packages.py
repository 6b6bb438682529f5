"""Python packages on MWAA: the typed view over `mwaa_packages.toml`.

Answers, per target version: which distributions MWAA pins (and to what), which it ships, which
cannot be installed or loaded and what to do instead, which are Python 2 only, and what an
`apache-airflow[extra]` installed."""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from typing import Any

from packaging.utils import canonicalize_name

from migrator.knowledge import load
from migrator.knowledge.versions import TargetVersion


class RemedyKind(enum.StrEnum):
    """How a package that needs something MWAA lacks is made to work (closed set)."""

    STARTUP_SCRIPT = "startup-script"
    PACKAGE_SWAP = "package-swap"
    PLUGINS_WHEEL = "plugins-wheel"
    SHIP_FILES = "ship-files"
    RUN_ELSEWHERE = "run-elsewhere"


@dataclass(frozen=True, slots=True)
class NativePackage:
    names: tuple[str, ...]
    library: str
    when: str  # "install" (pip fails) | "import" (installs, fails when used)
    severity: str  # blocker | warning | info
    kind: RemedyKind
    remedy: str
    source: str
    confidence: str
    startup_lines: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    replacement: str = ""
    code_change: bool = False
    bundle_can_fix: bool = False


@dataclass(frozen=True, slots=True)
class Python2Package:
    name: str
    kind: str  # python2-only | obsolete-backport
    replacement: str
    evidence: str
    source: str
    confidence: str
    bundle_fix: str = ""  # "drop" | "replace" | "" (a human changes the code)
    replacement_distribution: str = ""


@functools.cache
def _data() -> dict[str, Any]:
    return load("mwaa_packages")


def image_for(target: TargetVersion) -> str:
    """The published image version whose facts stand for `target` (itself, or the fallback)."""
    fallback: dict[str, str] = _data()["image_fallback"]
    return fallback.get(target.airflow, target.airflow)


def uses_fallback_image(target: TargetVersion) -> bool:
    return image_for(target) != target.airflow


def _pins(rows: list[dict[str, Any]], image: str, key: str) -> dict[str, str]:
    for row in rows:
        if row["image"] == image:
            return dict(item.split("==", 1) for item in row[key])
    raise KeyError(f"no {key} for image {image} in mwaa_packages.toml")


@functools.cache
def essential_pins(target: TargetVersion) -> dict[str, str]:
    """canonical name -> version MWAA's essential constraints pin on `target`'s image."""
    return _pins(_data()["essential_constraints"], image_for(target), "pins")


def essential_pin(name: str, target: TargetVersion) -> str | None:
    """The version MWAA pins `name` to, or None when MWAA does not pin it."""
    return essential_pins(target).get(canonicalize_name(name))


def is_airflow(name: str) -> bool:
    return canonicalize_name(name) in {"apache-airflow", "apache-airflow-core"}


@functools.cache
def preinstalled(target: TargetVersion) -> dict[str, str]:
    """canonical name -> version installed in `target`'s image (Python-Packages-BOM)."""
    return _pins(_data()["preinstalled"], image_for(target), "distributions")


def is_preinstalled(name: str, target: TargetVersion) -> bool:
    return canonicalize_name(name) in preinstalled(target)


@functools.cache
def _native() -> dict[str, NativePackage]:
    table: dict[str, NativePackage] = {}
    for row in _data()["native"]:
        entry = NativePackage(
            names=tuple(row["names"]),
            library=row["library"],
            when=row["when"],
            severity=row["severity"],
            kind=RemedyKind(row["kind"]),
            remedy=row["remedy"],
            source=row["source"],
            confidence=row.get("confidence", "M"),
            startup_lines=tuple(row.get("startup_lines", ())),
            components=tuple(row.get("components", ())),
            replacement=row.get("replacement", ""),
            code_change=bool(row.get("code_change")),
            bundle_can_fix=bool(row.get("bundle_can_fix")),
        )
        for name in entry.names:
            table[canonicalize_name(name)] = entry
    return table


def native_package(name: str) -> NativePackage | None:
    return _native().get(canonicalize_name(name))


def native_packages() -> tuple[NativePackage, ...]:
    """Every entry once, in table order (for `bundle` and the docs)."""
    seen: dict[int, NativePackage] = {}
    for entry in _native().values():
        seen.setdefault(id(entry), entry)
    return tuple(seen.values())


@functools.cache
def _python2() -> dict[str, Python2Package]:
    return {
        canonicalize_name(row["name"]): Python2Package(
            canonicalize_name(row["name"]), row["kind"], row["replacement"], row["evidence"], row["source"],
            row.get("confidence", "H"), row.get("bundle_fix", ""), row.get("replacement_distribution", ""),
        )
        for row in _data()["python2"]
    }


def python2_package(name: str) -> Python2Package | None:
    return _python2().get(canonicalize_name(name))


def airflow_extra_distributions(extra: str) -> tuple[str, ...]:
    """What `apache-airflow[extra]` installs (resolved), or () for an unknown or catch-all extra."""
    extras: dict[str, list[str]] = _data()["airflow_extras"]
    return tuple(extras.get(canonicalize_name(extra), ()))


def install_facts() -> dict[str, Any]:
    return dict(_data()["install"])


def is_mwaa_path(path: str) -> bool:
    """A path that exists inside MWAA's containers (e.g. a constraints file under dags/)."""
    return path.strip().strip("\"'").startswith(tuple(_data()["install"]["mwaa_paths"]))


@dataclass(frozen=True, slots=True)
class WheelPlatform:
    """What a wheel must be built for to load on MWAA's image (`[wheel_platform]`)."""

    architecture: str
    glibc: str
    platforms: tuple[str, ...]
    implementation: str
    source: str
    confidence: str


@functools.cache
def wheel_platform() -> WheelPlatform:
    row = _data()["wheel_platform"]
    return WheelPlatform(
        row["architecture"], row["glibc"], tuple(row["platforms"]), row["implementation"], row["source"],
        row.get("confidence", "M"),
    )
