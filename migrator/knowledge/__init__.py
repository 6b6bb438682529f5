"""Facts about MWAA and Airflow, kept as data files beside this module, each with its source.

Logic never hard-codes a fact: it asks this package. Update a TOML file to follow AWS or Airflow;
no code changes needed for a new version, a newly blocked option or a newly moved symbol.
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from typing import Any


@functools.cache
def load(name: str) -> dict[str, Any]:
    """Parse `migrator/knowledge/<name>.toml` once per process."""
    text = resources.files(__name__).joinpath(f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def fingerprint() -> str:
    """A short hash of every knowledge file, so caches keyed on it expire when facts change."""
    import hashlib

    digest = hashlib.blake2b(digest_size=8)
    for entry in sorted(resources.files(__name__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            digest.update(entry.name.encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()
