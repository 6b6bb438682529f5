"""startup.sh: the native-package install steps, guarded per component, and the environment
variables the DAGs read. Written only when there is something to run.

MWAA sources the script with bash before it installs requirements.txt, on every component, and
never checks its exit status; it needs the shell to reach the end (or `exit`) to save the exported
variables, so the script must not use `set -e` (facts in mwaa_config.toml [startup_script]).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass, field

from migrator.bundle.model import Note, Topic
from migrator.bundle.requirements import StartupStep
from migrator.findings import Severity
from migrator.inputs.airflow_cfg import AirflowConfig
from migrator.knowledge import mwaa_config
from migrator.knowledge.versions import TargetVersion
from migrator.masking import is_sensitive_key, mask_urls

_SECRET_PREFIXES = ("AIRFLOW_CONN_", "AIRFLOW_VAR_")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")


@dataclass(frozen=True, slots=True)
class StartupGroup:
    """Steps that run on the same components; `components` empty means every component."""

    components: tuple[str, ...]
    steps: tuple[StartupStep, ...]

    @property
    def guard(self) -> str:
        variable = mwaa_config.startup_script_facts().component_variable
        return " || ".join(f'"${{{variable}}}" == "{c}"' for c in self.components)


@dataclass(frozen=True, slots=True)
class EnvExport:
    name: str
    line: str  # `export NAME=value`, shell-quoted
    where: str
    enabled: bool  # False: written commented out, for the user to review
    why: str = ""


@dataclass(slots=True)
class StartupPlan:
    groups: list[StartupGroup] = field(default_factory=list)
    exports: list[EnvExport] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def needed(self) -> bool:
        return bool(self.groups) or any(e.enabled for e in self.exports)

    @property
    def commands(self) -> int:
        return sum(len(step.commands) for group in self.groups for step in group.steps)


def guard_components(components: Iterable[str]) -> tuple[str, ...]:
    """The MWAA_AIRFLOW_COMPONENT values a step must run on; () when it is all of them. A step for the
    scheduler or the worker also runs in the `hybrid` container (mw1.micro), which is both."""
    facts = mwaa_config.startup_script_facts()
    wanted = set(components)
    if wanted & set(facts.hybrid_runs):
        wanted.add("hybrid")
    if not wanted or wanted >= set(facts.components):
        return ()
    return tuple(c for c in facts.components if c in wanted)


def _group(steps: Iterable[StartupStep]) -> list[StartupGroup]:
    by_guard: dict[tuple[str, ...], list[StartupStep]] = {}
    for step in steps:
        by_guard.setdefault(guard_components(step.components), []).append(step)
    return [
        StartupGroup(components, tuple(sorted(grouped, key=lambda s: s.package)))
        for components, grouped in sorted(by_guard.items())
    ]


def _host_specific(value: str) -> bool:
    if _URL.match(value):
        return False
    tokens = re.split(r"[:\s,;]+", value)
    return any(t.startswith(("/", "~")) for t in tokens)


def _referenced(name: str, texts: list[str]) -> bool:
    quoted = (f'"{name}"', f"'{name}'")
    return any(q in text for text in texts for q in quoted)


def _exports(configs: list[AirflowConfig], target: TargetVersion, code_texts: list[str],
             notes: list[Note]) -> list[EnvExport]:  # fmt: skip
    exports: dict[str, EnvExport] = {}
    for config in sorted(configs, key=lambda c: c.path):
        for variable in config.variables:
            name, where = variable.name, f"{config.path}:{variable.line}"
            if name.startswith(_SECRET_PREFIXES) or mwaa_config.is_reserved_env(name, target):
                continue  # MWAA612 (move to Secrets Manager) and MWAA603 (reserved) say what to do
            if is_sensitive_key(name) or mask_urls(variable.value) != variable.value:
                notes.append(Note(Topic.STARTUP, Severity.WARNING, f"{name} looks like a secret and is not written to "
                                  "startup.sh (a plain file in S3): read it from Secrets Manager instead", where=where))  # fmt: skip
                continue
            if not _referenced(name, code_texts):
                notes.append(Note(Topic.STARTUP, Severity.INFO, f"{name} is not exported: no DAG or plugin names it; "
                                  f"add `export {name}=...` to startup.sh if something reads it", where=where))  # fmt: skip
                continue
            line = f"export {name}={shlex.quote(variable.value)}"
            if _host_specific(variable.value):
                exports[name] = EnvExport(
                    name, line, where, False, "the value names a path of the old machines"
                )
                notes.append(Note(Topic.STARTUP, Severity.WARNING, f"{name} holds a path of the old machines; its "
                                  "export is commented out in startup.sh for you to adapt", where=where))  # fmt: skip
            else:
                exports[name] = EnvExport(name, line, where, True)
    return [exports[name] for name in sorted(exports)]


def plan_startup(steps: list[StartupStep], configs: list[AirflowConfig], target: TargetVersion,
                 code_texts: list[str]) -> StartupPlan:  # fmt: skip
    notes: list[Note] = []
    plan = StartupPlan(_group(steps), _exports(configs, target, code_texts, notes), notes)
    facts = mwaa_config.startup_script_facts()
    if plan.commands:
        plan.notes.append(Note(
            Topic.STARTUP, Severity.INFO,
            f"startup.sh runs {plan.commands} install command(s); MWAA stops the script after "
            f"{facts.max_seconds} seconds, so time them on an Amazon Linux 2023 host if you add more",
            source=facts.source,
        ))  # fmt: skip
    return plan
