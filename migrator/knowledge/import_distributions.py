"""Which distribution provides an imported module: the typed view over `import_distributions.toml`."""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from typing import Any

from packaging.utils import canonicalize_name

from migrator.knowledge import load


@dataclass(frozen=True, slots=True)
class ImportSource:
    """The distributions that can satisfy an import; the first is the one to install."""

    module: str  # the dotted prefix that decided (e.g. "google.cloud.bigquery", "yaml")
    distributions: tuple[str, ...]
    provider: bool = False  # an apache-airflow-providers-* distribution


@functools.cache
def _data() -> dict[str, Any]:
    return load("import_distributions")


def provider_distribution(module: str) -> str | None:
    """airflow.providers.amazon.aws.hooks.s3 -> apache-airflow-providers-amazon, or None when the
    module is not inside airflow.providers or names no provider."""
    parts = module.split(".")
    if len(parts) < 3 or parts[0] != "airflow" or parts[1] != "providers":
        return None
    table = _data()["airflow_providers"]
    package = parts[2:4] if parts[2] in table["two_level_namespaces"] else parts[2:3]
    if len(package) < (2 if parts[2] in table["two_level_namespaces"] else 1):
        return None
    return canonicalize_name(table["distribution_prefix"] + "-".join(package))


def is_stdlib(module: str) -> bool:
    return module.split(".", 1)[0] in sys.stdlib_module_names


def never_flag(module: str) -> bool:
    return module.split(".", 1)[0] in _data()["never_flag"]["names"]


def distribution_for(module: str) -> ImportSource | None:
    """Who provides `module`; None for the standard library, Airflow itself outside airflow.providers,
    and namespace roots no listed deeper name decides (e.g. a bare `google`)."""
    provider = provider_distribution(module)
    if provider:
        return ImportSource(".".join(module.split(".")[:4]), (provider,), provider=True)
    if is_stdlib(module) or never_flag(module):
        return None
    mapping: dict[str, list[str]] = _data()["modules"]
    parts = module.split(".")
    for length in range(len(parts), 0, -1):
        prefix = ".".join(parts[:length])
        if prefix in mapping:
            return ImportSource(prefix, tuple(canonicalize_name(d) for d in mapping[prefix]))
    root = parts[0]
    if root in _data()["namespace_roots"]["names"] or not root.isidentifier():
        return None
    return ImportSource(root, (canonicalize_name(root),))


def is_listed(module: str) -> bool:
    """Whether the table itself names the distribution for `module` (a provider path or a listed
    prefix), as opposed to the fallback guess that the distribution is called like the module."""
    if provider_distribution(module):
        return True
    mapping: dict[str, list[str]] = _data()["modules"]
    parts = module.split(".")
    return any(".".join(parts[:length]) in mapping for length in range(len(parts), 0, -1))
