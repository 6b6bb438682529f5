"""Airflow's constraints file for the target: downloaded once and cached, or given with
--constraints-file. Without either, the bundle says what it could not check.

The file pins every package Airflow's release was tested with (`name==version` lines); MWAA installs
requirements.txt with it, so a user pin that disagrees makes pip refuse the whole file.
"""

from __future__ import annotations

import os
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from packaging.utils import canonicalize_name

from migrator.cache import default_cache_dir
from migrator.knowledge.versions import TargetVersion

DOWNLOAD_TIMEOUT_SECONDS = 15
_PIN = re.compile(r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._\-]*)\s*===?\s*(?P<version>[^\s;#]+)")


@dataclass(frozen=True, slots=True)
class Constraints:
    """The pins of one constraints file and where they came from."""

    pins: dict[str, str]  # canonical name -> version
    origin: str  # "file" (--constraints-file) | "cache" | "download"
    location: str  # the path or URL read
    local_path: Path  # a local copy pip can read (for --verify)

    def pin(self, name: str) -> str | None:
        return self.pins.get(canonicalize_name(name))


@dataclass(frozen=True, slots=True)
class ConstraintsUnavailable:
    reason: str


def parse_constraints(text: str) -> dict[str, str]:
    """`name==version` lines (comments, options and anything else ignored), canonical names."""
    pins: dict[str, str] = {}
    for line in text.splitlines():
        match = _PIN.match(line)
        if match and not line.lstrip().startswith(("#", "-")):
            pins.setdefault(canonicalize_name(match["name"]), match["version"])
    return pins


def cache_path(target: TargetVersion) -> Path:
    """~/.cache/mwaa-migrator/constraints/constraints-<airflow>/constraints-<python>.txt (the URL's tail)."""
    return (
        default_cache_dir()
        / "constraints"
        / f"constraints-{target.airflow}"
        / f"constraints-{target.python}.txt"
    )


def _read_local(path: Path, origin: str, location: str) -> Constraints | ConstraintsUnavailable:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return ConstraintsUnavailable(f"{location} cannot be read ({exc.strerror})")
    pins = parse_constraints(text)
    if not pins:
        return ConstraintsUnavailable(
            f"{location} holds no `name==version` line; it is not a constraints file"
        )
    return Constraints(pins, origin, location, path)


def _download(target: TargetVersion, destination: Path) -> str | None:
    """Fetch the constraints URL into `destination`; the reason on failure, None on success."""
    request = urllib.request.Request(target.constraints_url, headers={"User-Agent": "mwaa-migrator"})
    try:
        with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:
            data = response.read()
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", exc)
        return f"{target.constraints_url} could not be downloaded ({reason})"
    if not parse_constraints(data.decode("utf-8", errors="replace")):
        return f"{target.constraints_url} did not return a constraints file"
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_suffix(f".part{os.getpid()}")
    partial.write_bytes(data)
    os.replace(partial, destination)  # atomic: a concurrent run never reads half a file
    return None


def load_constraints(
    target: TargetVersion, constraints_file: Path | None, *, download: bool = True
) -> Constraints | ConstraintsUnavailable:
    """--constraints-file if given, else the cached copy, else a download (then cached)."""
    if constraints_file is not None:
        return _read_local(constraints_file, "file", str(constraints_file))
    cached = cache_path(target)
    if cached.is_file():
        return _read_local(cached, "cache", f"{target.constraints_url} (cached in {cached})")
    if not download:
        return ConstraintsUnavailable("downloading was turned off and no cached copy exists")
    problem = _download(target, cached)
    if problem:
        return ConstraintsUnavailable(problem)
    return _read_local(cached, "download", target.constraints_url)
