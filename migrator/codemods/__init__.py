"""libcst codemods that rewrite DAG code for a target MWAA Airflow version, driven by the tables in
migrator/knowledge/. One module per codemod; `all_codemods()` lists them in the order their hooks
run on a node (see transformer.py: one parse and one traversal for all of them)."""

from __future__ import annotations

import functools
import importlib

from migrator.codemods.base import Codemod

# Order matters where two codemods touch the same node: imports first (they decide the names the
# others see), argument renames before removals, comments last.
_MODULES = (
    "imports",
    "arguments",
    "method_arguments",
    "explicit_schedule",
    "days_ago",
    "sla",
    "context_variables",
    "executor",
    "apply_defaults",
)


@functools.cache
def all_codemods() -> tuple[Codemod, ...]:
    found: list[Codemod] = []
    for module_name in _MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{module_name}":
                continue  # not written yet
            raise
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Codemod)
                and value is not Codemod
                and "name" in vars(value)
            ):
                found.append(value())
    return tuple(found)


def get(name: str) -> Codemod:
    for codemod in all_codemods():
        if codemod.name == name:
            return codemod
    raise KeyError(name)
