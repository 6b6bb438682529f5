"""Collects every Rule subclass under migrator.rules.* once; codes are unique and stable."""

from __future__ import annotations

import functools
import importlib
import pkgutil

import migrator.rules as rules_package
from migrator.rules.base import ConfigRule, DeploymentRule, EngineRule, PythonRule, RequirementsRule, Rule

_ABSTRACT = {Rule, EngineRule, PythonRule, ConfigRule, RequirementsRule, DeploymentRule}


def _import_all_rule_modules() -> None:
    for info in pkgutil.walk_packages(rules_package.__path__, prefix=f"{rules_package.__name__}."):
        importlib.import_module(info.name)


def _concrete_subclasses(cls: type[Rule]) -> list[type[Rule]]:
    found: list[type[Rule]] = []
    for sub in cls.__subclasses__():
        if sub not in _ABSTRACT and "code" in sub.__dict__:
            found.append(sub)
        found.extend(_concrete_subclasses(sub))
    return found


@functools.cache
def all_rules() -> tuple[type[Rule], ...]:
    """Every rule class, sorted by code. Raises if two rules share a code."""
    _import_all_rule_modules()
    by_code: dict[str, type[Rule]] = {}
    for rule in _concrete_subclasses(Rule):
        if rule.code in by_code and by_code[rule.code] is not rule:
            raise RuntimeError(f"rule code {rule.code} used by {by_code[rule.code].__name__} and {rule.__name__}")
        by_code[rule.code] = rule
    return tuple(by_code[c] for c in sorted(by_code))


def get(code: str) -> type[Rule]:
    wanted = code.strip().upper()
    for rule in all_rules():
        if rule.code == wanted or rule.name == code.strip():
            return rule
    raise KeyError(code)
