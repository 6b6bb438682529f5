"""airflow_configuration_options.json: the options that can move, as MWAA keys.

Each airflow.cfg / AIRFLOW__X__Y entry already has one Fate (rules/config/carry_over.py, the decision
the MWAA6xx rules report): MOVE goes in, a reserved variable MWAA lets you set as an option goes in,
everything else stays out with the code of the rule that explains why. Later entries win (env over
airflow.cfg, as in Airflow). Values of sensitive options are never written. A secrets options file
(from `mwaa-migrator secrets`) is merged last, keeping MWAA's exclusion of `aws_default` from the
backend lookups.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from migrator.bundle.model import Note, Topic, where_key
from migrator.findings import Severity
from migrator.inputs.airflow_cfg import AirflowConfig
from migrator.knowledge import mwaa_config
from migrator.knowledge.versions import TargetVersion
from migrator.masking import is_sensitive_key, mask_value
from migrator.rules.config.carry_over import CarryOver, Fate, carry_over_config

LAZY_LOAD_PLUGINS = "core.lazy_load_plugins"
IGNORE_FILE_SYNTAX = "core.dag_ignore_file_syntax"
BACKEND = "secrets.backend"
BACKEND_KWARGS = "secrets.backend_kwargs"
LOOKUP_PATTERN = "connections_lookup_pattern"


def _fate_codes() -> dict[Fate, str]:
    """Fate -> the code of the rule that reports it (carry_over.py: one rule per fate)."""
    from migrator.rules.config.airflow3_config_change import Airflow3ConfigChange
    from migrator.rules.config.forced_option import ForcedOption
    from migrator.rules.config.host_specific_option import HostSpecificOption
    from migrator.rules.config.movable_option import MovableOption
    from migrator.rules.config.multiple_celery_queues import MultipleCeleryQueues
    from migrator.rules.config.non_celery_executor import NonCeleryExecutor
    from migrator.rules.config.obsolete_option import ObsoleteOption
    from migrator.rules.config.option_rejected_by_api import OptionRejectedByApi
    from migrator.rules.config.reserved_env_variable import ReservedEnvVariable
    from migrator.rules.config.unsupported_option import UnsupportedOption

    return {
        Fate.EXECUTOR: NonCeleryExecutor.code, Fate.FORCED: ForcedOption.code,
        Fate.RESERVED_ENV: ReservedEnvVariable.code, Fate.MOVE: MovableOption.code,
        Fate.CELERY_QUEUE: MultipleCeleryQueues.code, Fate.UNSUPPORTED: UnsupportedOption.code,
        Fate.REMOVED_IN_AIRFLOW3: Airflow3ConfigChange.code, Fate.HOST_SPECIFIC: HostSpecificOption.code,
        Fate.REJECTED_BY_API: OptionRejectedByApi.code, Fate.UNKNOWN: ObsoleteOption.code,
    }  # fmt: skip


_WHY_LEFT_OUT = {
    Fate.EXECUTOR: "MWAA runs the CeleryExecutor only",
    Fate.FORCED: "MWAA sets it itself",
    Fate.RESERVED_ENV: "MWAA reserves the variable",
    Fate.CELERY_QUEUE: "MWAA has a single Celery queue",
    Fate.UNSUPPORTED: "unsupported on MWAA",
    Fate.REMOVED_IN_AIRFLOW3: "removed in Airflow 3",
    Fate.HOST_SPECIFIC: "describes the old host",
    Fate.REJECTED_BY_API: "the MWAA API refuses it as written",
    Fate.UNKNOWN: "the target Airflow does not know it",
}


@dataclass(frozen=True, slots=True)
class MovedOption:
    key: str
    shown: str  # masked value
    where: str
    renamed_from: str = ""


@dataclass(frozen=True, slots=True)
class LeftOut:
    option: str
    where: str
    why: str
    code: str = ""


@dataclass(slots=True)
class OptionsPlan:
    options: dict[str, str] = field(default_factory=dict)
    moved: list[MovedOption] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    defaults: int = 0  # options equal to Airflow's (or MWAA's) default: nothing to carry
    notes: list[Note] = field(default_factory=list)
    added: dict[str, str] = field(default_factory=dict)  # key -> why the bundle set it

    def shown(self) -> dict[str, str]:
        return {key: mask_value(key.split(".", 1)[-1], value) for key, value in sorted(self.options.items())}

    def set(self, key: str, value: str, why: str) -> None:
        self.options[key] = value
        self.added[key] = why


def plan_options(configs: list[AirflowConfig], target: TargetVersion) -> OptionsPlan:
    plan = OptionsPlan()
    codes = _fate_codes()
    moves: dict[str, tuple[CarryOver, str]] = {}
    # airflow.cfg first, then env files: Airflow reads AIRFLOW__X__Y over airflow.cfg.
    ordered = sorted(configs, key=lambda c: (c.origin == "env", c.path))
    for config in ordered:
        judged = dataclasses.replace(config, target=target)
        for item in carry_over_config(judged):
            entry = item.entry
            where = f"{config.path}:{entry.line}"
            movable = item.fate is Fate.MOVE or (item.fate is Fate.RESERVED_ENV and item.option_instead)
            if item.fate is Fate.DEFAULT:
                plan.defaults += 1
                continue
            if not movable:
                why = item.detail or _WHY_LEFT_OUT.get(item.fate, item.fate.value)
                plan.left_out.append(LeftOut(entry.dotted, where, why, codes.get(item.fate, "")))
                continue
            if is_sensitive_key(entry.key):
                plan.left_out.append(LeftOut(entry.dotted, where, "the value is sensitive and is never written to a "
                                             "file: set it on the environment yourself, or move it to Secrets Manager",
                                             codes[Fate.MOVE]))  # fmt: skip
                plan.notes.append(Note(Topic.OPTIONS, Severity.WARNING, f"{item.mwaa_key} holds a sensitive value and "
                                       "was left out of airflow_configuration_options.json", (codes[Fate.MOVE],), where))  # fmt: skip
                continue
            if item.mwaa_key in moves:
                earlier = moves[item.mwaa_key][1]
                plan.notes.append(Note(Topic.OPTIONS, Severity.INFO, f"{item.mwaa_key} from {earlier} is overridden "
                                       f"by {where}", where=where))  # fmt: skip
            moves[item.mwaa_key] = (item, where)
    for key in sorted(moves):
        item, where = moves[key]
        plan.options[key] = item.value
        plan.moved.append(MovedOption(key, mask_value(item.entry.key, item.value), where,
                                      item.entry.dotted if item.renamed else ""))  # fmt: skip
    plan.left_out.sort(key=lambda o: (*where_key(o.where), o.option))
    return plan


def require_plugins_loading(plan: OptionsPlan) -> None:
    """MWAA loads plugins at process start only with core.lazy_load_plugins False ([UG])."""
    current = plan.options.get(LAZY_LOAD_PLUGINS)
    if current is not None and current.strip().lower() == "false":
        return
    if current is not None:
        plan.notes.append(Note(Topic.OPTIONS, Severity.WARNING, f"{LAZY_LOAD_PLUGINS} was {current}; set to False "
                               "because plugins.zip holds Airflow plugins, which MWAA only loads that way"))  # fmt: skip
    plan.set(
        LAZY_LOAD_PLUGINS,
        "False",
        "plugins.zip holds Airflow plugins; MWAA loads them only with lazy loading off",
    )


# --------------------------------------------------------------------------- secrets options


class SecretsConfigError(ValueError):
    """The --secrets-config file is not a JSON object of string options."""


def read_secrets_config(path: Path) -> dict[str, str]:
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SecretsConfigError(f"cannot read {path} ({exc.strerror})") from None
    except ValueError as exc:
        raise SecretsConfigError(f"{path} is not JSON ({exc})") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise SecretsConfigError(f'{path} must hold a JSON object of "section.key": "value" options')
    return {
        key: value if isinstance(value, str) else json.dumps(value, sort_keys=True)
        for key, value in data.items()
    }


def _amazon_backends() -> frozenset[str]:
    from migrator.secrets.backends import STORES, spec

    return frozenset(spec(store).backend_class for store in STORES)


def mwaa_lookup_pattern(target: TargetVersion) -> str | None:
    """The connections_lookup_pattern of MWAA's own default backend kwargs (keeps aws_default out)."""
    default = mwaa_config.opinionated_defaults(target).get(BACKEND_KWARGS)
    if default is None:
        return None
    try:
        value = json.loads(default.value).get(LOOKUP_PATTERN)
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def _mwaa_supplied_connections() -> tuple[str, ...]:
    from migrator.secrets.backends import defaults

    return tuple(defaults().get("mwaa_supplied_connections", ("aws_default",)))


def _excludes(pattern: str, connection_id: str) -> bool:
    """Whether the backend skips `connection_id` (the provider tests ids with re.match)."""
    try:
        return re.match(pattern, connection_id) is None
    except re.error:
        return False


def merge_secrets_options(
    plan: OptionsPlan, secrets: dict[str, str], target: TargetVersion, origin: str
) -> None:
    for key, value in sorted(secrets.items()):
        problem = mwaa_config.api_key_problem(key) or mwaa_config.api_value_problem(value)
        if problem:
            plan.notes.append(
                Note(
                    Topic.OPTIONS, Severity.WARNING, f"{key} from {origin} left out: {problem}", where=origin
                )
            )
            continue
        if mwaa_config.forced(key, target) is not None:
            plan.notes.append(Note(Topic.OPTIONS, Severity.WARNING, f"{key} from {origin} left out: MWAA sets it itself",
                                   where=origin))  # fmt: skip
            continue
        if key in plan.options and plan.options[key] != value:
            plan.notes.append(Note(Topic.OPTIONS, Severity.INFO, f"{key} from {origin} replaces the value carried over "
                                   "from your configuration", where=origin))  # fmt: skip
        plan.set(key, value, f"from {origin}")


def keep_aws_default_exclusion(plan: OptionsPlan, target: TargetVersion) -> None:
    """Setting secrets.backend_kwargs replaces MWAA's default kwargs, whose lookup pattern keeps
    `aws_default` (the execution role, `aws://`) out of the backend. For the Amazon backends, make
    sure the kwargs still exclude it, combining with the user's own pattern when there is one."""
    if BACKEND_KWARGS not in plan.options or plan.options.get(BACKEND, "").strip() not in _amazon_backends():
        return
    pattern = mwaa_lookup_pattern(target)
    if pattern is None:
        return
    try:
        kwargs = json.loads(plan.options[BACKEND_KWARGS])
    except ValueError:
        plan.notes.append(Note(Topic.OPTIONS, Severity.WARNING, f"{BACKEND_KWARGS} is not JSON; the secrets backend "
                               "will fail to start"))  # fmt: skip
        return
    if not isinstance(kwargs, dict):
        return
    mwaa_connections = _mwaa_supplied_connections()
    current = kwargs.get(LOOKUP_PATTERN)
    if isinstance(current, str) and all(_excludes(current, c) for c in mwaa_connections):
        return
    if isinstance(current, str) and current:
        excluded = "|".join(re.escape(c) for c in mwaa_connections)
        combined = f"^(?!(?:{excluded})$)(?:{current})"
        why = f"your lookup pattern, combined with MWAA's exclusion of {', '.join(mwaa_connections)}"
    else:
        combined = pattern
        why = "MWAA's own pattern: aws_default (the execution role) stays out of the backend"
    kwargs[LOOKUP_PATTERN] = combined
    plan.set(BACKEND_KWARGS, json.dumps(kwargs, sort_keys=True), f"{LOOKUP_PATTERN} set to {why}")
    plan.notes.append(Note(Topic.OPTIONS, Severity.INFO, f"{BACKEND_KWARGS}: {LOOKUP_PATTERN} is {why}"))


def validate_options(plan: OptionsPlan) -> None:
    """The last word before writing: every key and value must pass the MWAA API's checks."""
    for key in sorted(plan.options):
        problem = mwaa_config.api_key_problem(key) or mwaa_config.api_value_problem(plan.options[key])
        if problem:
            del plan.options[key]
            plan.notes.append(Note(Topic.OPTIONS, Severity.WARNING, f"{key} left out: {problem}"))
