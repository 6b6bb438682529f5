"""Moved, renamed and removed Airflow names: the typed view over the symbols_*.toml tables.

One question, asked per imported name: "on this MWAA target, what replaces `old`, does `old` still
import, and which provider distribution does the replacement need?" The answer chains the steps a
1.10 or 2.x repository goes through:

  1. symbols_1_10_to_2.toml   1.10 paths and 2.x deprecation shims -> the Airflow 2 name
  2. symbols_2_to_3.toml      (3.x targets, from each row's `since`) -> the Airflow 3 name
  3. symbols_provider_renames.toml   provider names newer provider releases removed -> their successor

and symbols_availability.toml (read from the Airflow wheels of every MWAA version) decides whether the
old name still imports on the target. Everything is loaded once; a lookup is a few dict probes.
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from typing import Any

from migrator.knowledge import load
from migrator.knowledge.versions import TargetVersion, parse_version

PROVIDER_PACKAGE = "airflow.providers."


class Status(enum.StrEnum):
    """What happens to the old name on the target."""

    DEPRECATED = "deprecated"  # still imports (a shim or an old spelling); the replacement is preferred
    REMOVED = "removed"  # fails to import on the target
    PROVIDER_REMOVED = "provider-removed"  # gone from current releases of its provider distribution


class Step(enum.StrEnum):
    """The migration step whose change the old name needs first."""

    AIRFLOW_2 = "airflow-2"  # a 1.10 path, or a name Airflow 2 only keeps as a deprecation shim
    AIRFLOW_3 = "airflow-3"  # a 2.x name Airflow 3 removed, moved or deprecated
    PROVIDER = "provider"  # a provider name a newer provider release removed


class Kind(enum.StrEnum):
    """What replaces the old name. The table rows also use `suggested` and `deprecated` (see
    symbols_2_to_3.toml); a SymbolChange folds those into `moved*` plus its `status`."""

    MOVED = "moved"  # same or renamed object elsewhere in Airflow core / the Task SDK
    MOVED_TO_PROVIDER = "moved_to_provider"  # lives in a provider distribution now
    REMOVED = "removed"  # nothing replaces it
    SUGGESTED = "suggested"  # table rows only: old spelling works, a newer public one exists
    DEPRECATED = "deprecated"  # table rows only: old spelling works through a deprecation shim


@dataclass(frozen=True, slots=True)
class SymbolChange:
    """The answer for one old dotted name on one target."""

    old: str
    new: str | None  # the replacement valid on the target; None when nothing replaces it
    status: Status
    step: Step
    era: str  # "1.10", "2" or "3": the Airflow generation the old spelling belongs to
    since: str  # the Airflow (or provider) version that changed it
    distribution: str | None = None  # provider distribution the replacement needs
    min_version: str | None = None  # lowest release of `distribution` that has the replacement
    message: str = ""  # extra advice from the source tables
    drop_in: bool = True  # the replacement takes the same arguments (a rewrite is safe)
    new_verified: bool = True  # `new` was seen importing (Airflow core on the target / provider wheel)
    suggestion: bool = False  # the old spelling is still public; `new` is merely preferred (ruff AIR311)

    @property
    def kind(self) -> Kind:
        if self.new is None:
            return Kind.REMOVED
        return Kind.MOVED_TO_PROVIDER if self.distribution else Kind.MOVED

    @property
    def old_still_imports(self) -> bool:
        return self.status is Status.DEPRECATED

    @property
    def renamed(self) -> bool:
        """The object's own name changes (DummyOperator -> EmptyOperator), not just its module."""
        return self.new is not None and self.new.rsplit(".", 1)[-1] != self.old.rsplit(".", 1)[-1]

    @property
    def fixable(self) -> bool:
        return self.new is not None and self.drop_in and self.new_verified

    def data(self) -> tuple[tuple[str, str], ...]:
        """Machine-readable details for Finding.data (what the codemods read)."""
        pairs = [
            ("old", self.old),
            ("new", self.new or ""),
            ("status", self.status.value),
            ("step", self.step.value),
            ("kind", self.kind.value),
            ("since", self.since),
        ]
        if self.distribution:
            pairs.append(("distribution", self.distribution))
        if self.min_version:
            pairs.append(("min_version", self.min_version))
        if not self.drop_in:
            pairs.append(("drop_in", "false"))
        return tuple(pairs)


@dataclass(frozen=True, slots=True)
class _Row1:
    new: str
    era: str
    source: str
    drop_in: bool
    shim_new: str | None  # what Airflow 2's own shim points at, when a provider release removed it since


@dataclass(frozen=True, slots=True)
class _Row3:
    kind: Kind
    since: tuple[int, ...]
    since_text: str
    new: str | None
    distribution: str | None
    min_version: str | None
    message: str


@dataclass(frozen=True, slots=True)
class _Rename:
    new: str
    drop_in: bool
    last_seen: str


class _Tables:
    """All symbol tables, parsed once per process."""

    def __init__(self) -> None:
        one: dict[str, Any] = load("symbols_1_10_to_2")
        three: dict[str, Any] = load("symbols_2_to_3")
        renames: dict[str, Any] = load("symbols_provider_renames")
        availability: dict[str, Any] = load("symbols_availability")
        providers: dict[str, Any] = load("providers")
        self.step1 = {
            old: _Row1(
                row["new"],
                row["era"],
                row["source"],
                row.get("drop_in", "true") != "false",
                row.get("shim_new"),
            )
            for old, row in one["symbols"].items()
        }
        self.step1_modules: dict[str, str] = dict(one.get("modules", {}))
        self.step1_module_era = {old.rsplit(".", 1)[0]: row.era for old, row in self.step1.items()}
        # module -> where the names listed under it went (for modules that split up)
        self.module_targets: dict[str, set[str]] = {}
        for old, row in self.step1.items():
            self.module_targets.setdefault(old.rsplit(".", 1)[0], set()).add(row.new.rsplit(".", 1)[0])
        self.step1_prefixes: dict[str, dict[str, str]] = dict(one.get("prefixes", {}))
        self.plugin_namespaces = {
            pkg: frozenset(names) for pkg, names in one.get("plugin_namespaces", {}).items()
        }
        self.step3 = {old: self._row3(row) for old, row in three["symbols"].items()}
        self.step3_prefixes = {old: self._row3(row) for old, row in three.get("prefixes", {}).items()}
        self.renames = {
            old: _Rename(row["new"], bool(row["drop_in"]), row["last_seen"])
            for old, row in renames["renames"].items()
        }
        self.checked = [parse_version(v) for v in availability["checked"]]
        self.checked_text: list[str] = list(availability["checked"])
        self.available = {name: self._spans(pairs) for name, pairs in availability["names"].items()}
        self.unverified = frozenset(availability.get("unverified", {}).get("names", ()))
        self.providers: dict[str, str] = dict(providers["providers"])
        self.retired = frozenset(providers.get("retired", {}).get("distributions", ()))
        for old, row3 in self.step3.items():
            if row3.new:
                self.module_targets.setdefault(old.rsplit(".", 1)[0], set()).add(row3.new.rsplit(".", 1)[0])
        self.step3_modules = {
            old: (new, parse_version(since), since)
            for old, (new, since) in availability.get("modules_moved_in_3", {}).items()
        }

    @staticmethod
    def _row3(row: dict[str, str]) -> _Row3:
        return _Row3(
            kind=Kind(row["kind"]),
            since=parse_version(row["since"]),
            since_text=row["since"],
            new=row.get("new"),
            distribution=row.get("distribution"),
            min_version=row.get("min_version"),
            message=row.get("message", ""),
        )

    @staticmethod
    def _spans(pairs: list[str]) -> tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]:
        return tuple((parse_version(pairs[i]), parse_version(pairs[i + 1])) for i in range(0, len(pairs), 2))

    def checked_version(self, target: TargetVersion) -> tuple[int, ...] | None:
        """The newest checked Airflow version not newer than the target (the one it is judged by)."""
        key = target.key
        best = None
        for version in self.checked:
            if version <= key:
                best = version
        return best

    def imports(self, name: str, target: TargetVersion) -> bool | None:
        """Whether `name` imports on the target's Airflow; None when the tables do not know."""
        spans = self.available.get(name)
        version = self.checked_version(target)
        if spans is None or version is None:
            return None
        return any(first <= version <= last for first, last in spans)

    def distribution(self, dotted: str) -> str | None:
        if not dotted.startswith(PROVIDER_PACKAGE):
            return None
        parts = dotted.split(".")
        for end in range(len(parts), 2, -1):
            found = self.providers.get(".".join(parts[:end]))
            if found:
                return found
        return None


@functools.cache
def _tables() -> _Tables:
    return _Tables()


# --------------------------------------------------------------------------- public API


def lookup(old: str, target: TargetVersion) -> SymbolChange | None:
    """What to do about the dotted name `old` on `target`; None when it needs nothing."""
    if not old.startswith("airflow"):
        return None
    return _lookup(old, target)


@functools.lru_cache(maxsize=16384)
def _lookup(old: str, target: TargetVersion) -> SymbolChange | None:
    tables = _tables()
    row1 = tables.step1.get(old)
    row3 = _applicable(tables.step3.get(old), target)
    if row3 is None and row1 is not None:
        row3 = _applicable(tables.step3.get(row1.new), target)  # chain: 1.10 -> 2 -> 3
    if row1 is None and row3 is None:
        return _provider_rename(old, tables) or _prefix_change(old, target, tables)

    new: str | None = row1.new if row1 else old
    drop_in = row1.drop_in if row1 else True
    distribution = min_version = None
    message = ""
    first3 = row3
    hops = 0
    while row3 is not None and hops < 3:  # 2.x -> 3.0 -> 3.1 (e.g. hooks.base_hook -> hooks.base -> sdk)
        new = row3.new
        distribution, min_version, message = row3.distribution, row3.min_version, row3.message
        row3 = _applicable(tables.step3.get(new), target) if new else None
        hops += 1
    row3 = first3
    if row3 is None and row1 is not None and target.major >= 3:
        gone = _prefix_change(row1.new, target, tables)  # e.g. subdag_operator -> subdag, gone in 3.0
        if gone is not None and gone.step is Step.AIRFLOW_3:
            new, message = None, gone.message
    new, drop_in = _follow_renames(new, drop_in, tables)
    if new is not None and not new.startswith("airflow."):
        drop_in = False  # kubernetes.client.models.V1Volume & co. take their own constructor arguments
    if new is not None and distribution is None:
        distribution = tables.distribution(new)

    works = tables.imports(old, target)
    if works is None:  # provider names and anything the wheels were not asked about
        works = row3 is not None and row3.kind in (Kind.SUGGESTED, Kind.DEPRECATED)
    if row1 is not None:
        step, era, since = Step.AIRFLOW_2, row1.era, "2.0"
    else:
        assert row3 is not None
        step, since = Step.AIRFLOW_3, row3.since_text
        era = "2" if row3.since < (3, 1) else "3"
    if new is None and not message:
        message = f"removed in Airflow {since} with no replacement"
    if works and row1 is not None and row1.shim_new and row3 is None:
        renamed = tables.renames.get(row1.shim_new)
        seen = f" after {renamed.last_seen}" if renamed else ""
        message = (
            f"Airflow's own shim points at {row1.shim_new}, which provider releases{seen} no longer have"
        )
    return SymbolChange(
        old=old,
        new=new,
        status=Status.DEPRECATED if works else Status.REMOVED,
        step=step,
        era=era,
        since=since,
        distribution=distribution,
        min_version=min_version,
        message=message,
        drop_in=drop_in,
        new_verified=_verified(new, target, tables),
        suggestion=bool(works and row1 is None and row3 is not None and row3.kind is Kind.SUGGESTED),
    )


def _applicable(row: _Row3 | None, target: TargetVersion) -> _Row3 | None:
    if row is None or target.major < 3 or target.key < row.since:
        return None
    return row


def _follow_renames(new: str | None, drop_in: bool, tables: _Tables) -> tuple[str | None, bool]:
    hops = 0
    while new is not None and new in tables.renames and hops < 6:
        drop_in = drop_in and tables.renames[new].drop_in
        new = tables.renames[new].new
        hops += 1
    return new, drop_in


def _verified(new: str | None, target: TargetVersion, tables: _Tables) -> bool:
    if new is None or new in tables.unverified:
        return False
    return tables.imports(new, target) is not False


def _provider_rename(old: str, tables: _Tables) -> SymbolChange | None:
    renamed = tables.renames.get(old)
    if renamed is None:
        return None
    new, drop_in = _follow_renames(old, True, tables)
    assert new is not None
    distribution = tables.distribution(new)
    return SymbolChange(
        old=old,
        new=new,
        status=Status.PROVIDER_REMOVED,
        step=Step.PROVIDER,
        era="2",
        since=renamed.last_seen.rpartition(" ")[2],  # the last provider release that still had it
        distribution=distribution,
        drop_in=drop_in,
        new_verified=new not in tables.unverified,
    )


def _prefix_change(old: str, target: TargetVersion, tables: _Tables) -> SymbolChange | None:
    for prefix, row in tables.step1_prefixes.items():
        if old == prefix or old.startswith(prefix + "."):
            return SymbolChange(
                old=old,
                new=None,
                status=Status.REMOVED,
                step=Step.AIRFLOW_2,
                era="1.10",
                since=row.get("since", "2.0"),
                message=row.get("message", ""),
                new_verified=False,
            )
    for prefix, row3 in tables.step3_prefixes.items():
        if (old == prefix or old.startswith(prefix + ".")) and _applicable(row3, target):
            return SymbolChange(
                old=old,
                new=None,
                status=Status.REMOVED,
                step=Step.AIRFLOW_3,
                era="2",
                since=row3.since_text,
                message=row3.message,
                new_verified=False,
            )
    return None


def lookup_module(module: str, target: TargetVersion) -> SymbolChange | None:
    """Like `lookup`, for `import old.module` / `from old import module` where a whole module moved."""
    if not module.startswith("airflow"):
        return None
    return _lookup_module(module, target)


@functools.lru_cache(maxsize=4096)
def _lookup_module(module: str, target: TargetVersion) -> SymbolChange | None:
    tables = _tables()
    new = tables.step1_modules.get(module)
    step = Step.AIRFLOW_2
    since = "2.0"
    if target.major >= 3:
        moved3 = tables.step3_modules.get(new or module)
        if moved3 is not None and target.key >= moved3[1]:
            if new is None:
                step, since = Step.AIRFLOW_3, moved3[2]
            new = moved3[0]
    if new is None:
        return _prefix_change(module, target, tables) or _split_module(module, target, tables)
    gone = _prefix_change(new, target, tables) if target.major >= 3 else None
    if gone is not None and gone.step is Step.AIRFLOW_3:  # subdag_operator -> subdag, removed in 3.0
        return SymbolChange(
            old=module,
            new=None,
            status=Status.REMOVED,
            step=step,
            era=tables.step1_module_era.get(module, "1.10"),
            since=since,
            message=gone.message,
            new_verified=False,
        )
    works = tables.imports(module, target)
    return SymbolChange(
        old=module,
        new=new,
        status=Status.DEPRECATED if works else Status.REMOVED,
        step=step,
        era=tables.step1_module_era.get(module, "1.10") if step is Step.AIRFLOW_2 else "2",
        since=since,
        distribution=tables.distribution(new),
        new_verified=tables.imports(new, target) is not False,
    )


def _split_module(module: str, target: TargetVersion, tables: _Tables) -> SymbolChange | None:
    """A module that no longer imports on the target and whose names went to several modules."""
    targets = tables.module_targets.get(module)
    if not targets or tables.imports(module, target) is not False:
        return None
    in_step1 = module in tables.step1_module_era
    return SymbolChange(
        old=module,
        new=None,
        status=Status.REMOVED,
        step=Step.AIRFLOW_2 if in_step1 else Step.AIRFLOW_3,
        era=tables.step1_module_era.get(module, "2"),
        since="2.0" if in_step1 else "3.0",
        message="its names moved to " + ", ".join(sorted(targets)),
        new_verified=False,
    )


def distribution_for(dotted: str) -> str | None:
    """The PyPI distribution that provides an `airflow.providers.*` module or name."""
    return _tables().distribution(dotted)


def is_retired_provider(distribution: str) -> bool:
    return distribution in _tables().retired


def plugin_namespace_names(package: str) -> frozenset[str] | None:
    """Real child modules and names of a package the 1.10 plugin manager injected plugins into
    (airflow.operators, .hooks, .sensors, .macros, .executors); None for any other package."""
    return _tables().plugin_namespaces.get(package)


def is_known_name(dotted: str) -> bool:
    """Whether any symbol table knows `dotted` as an old name."""
    tables = _tables()
    return dotted in tables.step1 or dotted in tables.step3 or dotted in tables.renames


def is_known_module(module: str) -> bool:
    """Whether the tables map `module` itself (an old module whose names all moved together)."""
    tables = _tables()
    return module in tables.step1_modules or module in tables.step3_modules


def old_name_prefixes() -> frozenset[str]:
    """Every proper dotted prefix of every old name (airflow, airflow.utils, airflow.utils.dates, ...):
    a file binding one of these can reach an old name through an attribute chain."""
    tables = _tables()
    found: set[str] = set()
    for old in (*tables.step1, *tables.step3, *tables.renames):
        parts = old.split(".")
        found.update(".".join(parts[:end]) for end in range(1, len(parts)))
    return frozenset(found)


def table_sizes() -> dict[str, int]:
    """Row counts per table, for reports and sanity tests."""
    tables = _tables()
    return {
        "symbols_1_10_to_2": len(tables.step1),
        "symbols_1_10_to_2.modules": len(tables.step1_modules),
        "symbols_2_to_3": len(tables.step3),
        "symbols_2_to_3.prefixes": len(tables.step3_prefixes),
        "symbols_provider_renames": len(tables.renames),
        "symbols_availability": len(tables.available),
        "providers": len(tables.providers),
    }


def provider_for_module(module: str) -> str | None:
    """Alias of `distribution_for` under the name migrator/validate/classify.py asks for."""
    return distribution_for(module)
