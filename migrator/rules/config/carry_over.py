"""What becomes of one airflow.cfg option or AIRFLOW__X__Y variable on MWAA: the single decision
every config rule reports from, and that `bundle` follows when it writes
airflow_configuration_options.json. One option gets exactly one Fate (plus, for 3.x targets, the
Airflow 3 renames that led to its name there), so rules never contradict each other or the bundle.
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass

from migrator.inputs.airflow_cfg import AirflowConfig, ConfigEntry
from migrator.knowledge import airflow_config, mwaa_config
from migrator.knowledge.airflow_config import Airflow3Change
from migrator.knowledge.mwaa_config import (
    ExecutorAdvice,
    ExecutorKind,
    ForcedOption,
    HostReason,
    HostSpecific,
    UnsupportedOption,
)
from migrator.knowledge.versions import TargetVersion, newest
from migrator.masking import MASK, is_sensitive_key, mask_value


class Fate(enum.StrEnum):
    """A closed set; each value is reported by exactly one rule (see that rule's module)."""

    EXECUTOR = "executor"  # MWAA601: core.executor other than Celery
    FORCED = "forced"  # MWAA602: MWAA sets it itself
    RESERVED_ENV = "reserved-env"  # MWAA603: a reserved or protected environment variable
    MOVE = "move"  # MWAA604: worth carrying over as an MWAA configuration option
    CELERY_QUEUE = "celery-queue"  # MWAA605: routes tasks to a queue MWAA does not have
    UNSUPPORTED = "unsupported"  # MWAA606: documented as unsupported, set to the blocking value
    REMOVED_IN_AIRFLOW3 = "removed-in-airflow-3"  # MWAA608: gone in the target Airflow 3
    HOST_SPECIFIC = "host-specific"  # MWAA609: describes the old host
    REJECTED_BY_API = "rejected-by-api"  # MWAA610: the MWAA API refuses the key or value
    UNKNOWN = "unknown"  # MWAA611: not an option of the target Airflow (obsolete)
    DEFAULT = "default"  # nothing to do: Airflow (or MWAA) uses this value anyway


_COMMAND_HOST = HostSpecific(
    HostReason.COMMAND,
    "the value is a shell command run on the old host to fetch the real value",
    "Airflow configuration reference: *_cmd options",
    "H",
)


@dataclass(frozen=True, slots=True)
class CarryOver:
    entry: ConfigEntry
    fate: Fate
    option: str  # its name in the target Airflow (after 1.10->2 and, for 3.x, 2->3 renames)
    value: str  # the effective value (what an MWAA configuration option must hold)
    renames_in_airflow3: tuple[Airflow3Change, ...] = ()
    forced: ForcedOption | None = None
    unsupported: UnsupportedOption | None = None
    host: HostSpecific | None = None
    executor: ExecutorAdvice | None = None
    detail: str = ""  # the reason, in words, for REJECTED_BY_API / UNKNOWN / REMOVED_IN_AIRFLOW3
    harmless: bool = False  # FORCED/RESERVED_ENV whose value is what MWAA uses anyway
    option_instead: bool = False  # RESERVED_ENV that can be set as a configuration option instead

    @property
    def mwaa_key(self) -> str:
        return mwaa_config.mwaa_key(self.option)

    @property
    def sensitive(self) -> bool:
        """A secret by Airflow's reference (e.g. secrets.backend_kwargs) or by its name (…_password)."""
        return airflow_config.is_sensitive_option(self.entry.dotted) or is_sensitive_key(self.entry.key)

    @property
    def shown_value(self) -> str:
        """The value as findings may show it: masked when sensitive, URL credentials masked always."""
        return MASK if self.sensitive and self.value else mask_value(self.entry.key, self.value)

    @property
    def renamed(self) -> bool:
        return self.option != self.entry.dotted


def target_of(config: AirflowConfig) -> TargetVersion:
    return config.target or newest()


def carry_over_config(config: AirflowConfig) -> tuple[CarryOver, ...]:
    """Every entry's fate, in file order. Cached per parsed file: six rules ask for the same answer."""
    return _carry_over_entries(tuple(config.entries), target_of(config))


@functools.lru_cache(maxsize=64)
def _carry_over_entries(entries: tuple[ConfigEntry, ...], target: TargetVersion) -> tuple[CarryOver, ...]:
    return tuple(carry_over(entry, target) for entry in entries)


def _name_in_target(option: str, value: str, target: TargetVersion) -> tuple[str | None, tuple[Airflow3Change, ...]]:
    """The option's name on the target (None: removed) and the Airflow 3 lint entries that led there.
    Airflow 3 dropped Airflow 2's mapping of old names, and its lint table lists many 1.10/2.x names
    itself (core.dag_concurrency, core.sql_alchemy_conn): those are looked up as written first."""
    name_in_2 = airflow_config.renamed_in_2(option)
    if target.major < 3:
        return name_in_2, ()
    fate = airflow_config.airflow3_fate(option, value, target)
    if not fate.changes:
        fate = airflow_config.airflow3_fate(name_in_2, value, target)
    return fate.name, fate.changes


def carry_over(entry: ConfigEntry, target: TargetVersion) -> CarryOver:
    """Decide the fate of one option on `target`. Order matters: the most consequential fate wins."""
    raw = entry.dotted
    value = entry.effective_value
    base = raw
    via_command = False
    for suffix in ("_cmd", "_secret"):
        if raw.endswith(suffix) and airflow_config.known_option(
            airflow_config.renamed_in_2(raw[: -len(suffix)]), target
        ):
            base = raw[: -len(suffix)]
            via_command = suffix == "_cmd"
    name, renames = _name_in_target(base, value, target)
    option = name or airflow_config.renamed_in_2(base)

    def result(fate: Fate, **kwargs: object) -> CarryOver:
        return CarryOver(entry, fate, option, value, renames, **kwargs)  # type: ignore[arg-type]

    if option == "core.executor" and not via_command:
        advice = mwaa_config.executor_advice(value)
        if "," in value:
            return result(Fate.EXECUTOR, executor=mwaa_config.executor_advice("custom.MultipleExecutors"),
                          detail="several executors (Airflow 2.10+ multi-executor configuration)")  # fmt: skip
        if advice.kind != ExecutorKind.CELERY:
            return result(Fate.EXECUTOR, executor=advice)
    unsupported = mwaa_config.unsupported(option, target)
    if unsupported is not None and unsupported.blocks(value):
        return result(Fate.UNSUPPORTED, unsupported=unsupported)
    if option in mwaa_config.celery_queue_options() and value.strip() != mwaa_config.default_queue_name():
        return result(Fate.CELERY_QUEUE, forced=mwaa_config.forced(option, target))
    forced = mwaa_config.forced(option, target) or mwaa_config.forced(raw, target)
    harmless = forced is not None and not via_command and (
        forced.same_value(value)
        or (option in mwaa_config.celery_queue_options() and value.strip() == mwaa_config.default_queue_name())
    )
    if entry.origin == "env" and mwaa_config.is_reserved_env(entry.env_name, target):
        option_instead = mwaa_config.reserved_env_option_instead(entry.env_name)
        return result(Fate.RESERVED_ENV, forced=forced, harmless=harmless, option_instead=option_instead)
    if forced is not None and not forced.merged:
        return result(Fate.FORCED, forced=forced, harmless=harmless)
    if via_command:
        return result(Fate.HOST_SPECIFIC, host=_COMMAND_HOST)
    host = mwaa_config.host_specific(option) or mwaa_config.host_specific(raw)
    if host is not None:
        return result(Fate.HOST_SPECIFIC, host=host)
    if name is None:
        last = renames[-1]
        return result(Fate.REMOVED_IN_AIRFLOW3, detail=last.suggestion)
    section = option.split(".", 1)[0]
    obsolete = mwaa_config.obsolete_section(section)
    if obsolete:
        return result(Fate.UNKNOWN, detail=obsolete)
    if section in airflow_config.known_sections(target.major) and not airflow_config.known_option(option, target):
        return result(Fate.UNKNOWN, detail=f"Airflow {target.major} has no option {option}")
    if _is_default(option, value, target):
        return result(Fate.DEFAULT)
    problem = mwaa_config.api_key_problem(mwaa_config.mwaa_key(option)) or mwaa_config.api_value_problem(value)
    if problem:
        return result(Fate.REJECTED_BY_API, detail=problem)
    return result(Fate.MOVE)


def _is_default(option: str, value: str, target: TargetVersion) -> bool:
    """MWAA's own default where it has one (its image default replaces Airflow's), else Airflow's."""
    opinionated = mwaa_config.opinionated_defaults(target).get(option)
    if opinionated is not None:
        return value.strip() == opinionated.value
    return airflow_config.is_default(option, value, target)
