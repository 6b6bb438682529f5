"""Sort a DagBag import error into what the user must do about it.

- migration: the file uses an Airflow API that does not exist on the target (convert, or rewrite by hand);
- dependency: a third-party package or provider is missing (add the named distribution to requirements);
- code: anything else (a bug in the DAG file, a failing top-level call).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NO_MODULE = re.compile(r"No module named '([^']+)'")
_CANNOT_IMPORT = re.compile(r"cannot import name '([^']+)' from '([^']+)'")


@dataclass(frozen=True, slots=True)
class ImportProblem:
    path: str
    kind: str  # migration | dependency | code
    summary: str  # the exception line
    module: str = ""
    distribution: str = ""  # for dependency problems: what to add to requirements.txt


def last_exception_line(traceback_text: str) -> str:
    lines = [line for line in traceback_text.strip().splitlines() if line.strip()]
    for line in reversed(lines):
        if not line.startswith((" ", "\t")) and ":" in line and not line.startswith("Traceback"):
            return line.strip()
    return lines[-1].strip() if lines else ""


def _knowledge_lookup(module_name: str, function: str, key: str) -> str:
    """Ask a knowledge accessor if it exists; the fallbacks below cover the common naming."""
    import importlib

    try:
        lookup = getattr(importlib.import_module(module_name), function)
    except (ImportError, AttributeError):
        return ""
    return str(lookup(key) or "")


def provider_distribution(module: str) -> str:
    """airflow.providers.amazon.aws.x -> apache-airflow-providers-amazon, using the provider table
    when it knows the module, else the usual one- or two-segment naming."""
    known = _knowledge_lookup("migrator.knowledge.symbols", "provider_for_module", module)
    if known:
        return known
    parts = module.split(".")[2:]
    two_level = {"apache", "microsoft", "common", "cncf", "dbt", "atlassian", "jenkins"}
    if len(parts) >= 2 and parts[0] in two_level:
        return f"apache-airflow-providers-{parts[0]}-{parts[1]}".replace("_", "-")
    return f"apache-airflow-providers-{parts[0]}".replace("_", "-") if parts else ""


def third_party_distribution(module: str) -> str:
    top = module.split(".", 1)[0]
    known = _knowledge_lookup("migrator.knowledge.import_distributions", "distribution_for_import", top)
    if known:
        return known
    return top.replace("_", "-")


def classify(path: str, traceback_text: str, installed: frozenset[str]) -> ImportProblem:
    line = last_exception_line(traceback_text)
    missing = _NO_MODULE.search(line)
    if missing:
        module = missing[1]
        if module.startswith("airflow.providers."):
            dist = provider_distribution(module)
            if dist and dist not in installed:
                return ImportProblem(path, "dependency", line, module, dist)
            return ImportProblem(path, "migration", line, module)
        if module == "airflow" or module.startswith("airflow."):
            return ImportProblem(path, "migration", line, module)
        return ImportProblem(path, "dependency", line, module, third_party_distribution(module))
    cannot = _CANNOT_IMPORT.search(line)
    if cannot:
        module = cannot[2]
        if module.startswith("airflow"):
            return ImportProblem(path, "migration", line, module)
        return ImportProblem(path, "dependency", line, module, third_party_distribution(module))
    if "airflow" in traceback_text and re.search(r"(AirflowException|TypeError|AttributeError|DeprecationWarning)", line):
        return ImportProblem(path, "migration", line)
    return ImportProblem(path, "code", line)
