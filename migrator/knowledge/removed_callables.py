"""Typed view over `removed_callables.toml`: days_ago, SubDagOperator, apply_defaults."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from migrator.knowledge import load
from migrator.knowledge.lifecycle import Lifecycle


@dataclass(frozen=True, slots=True)
class RemovedCallable:
    """A function/class/decorator DAG code calls; `names` match when the import cannot be resolved."""

    qualnames: frozenset[str]
    names: frozenset[str]
    lifecycle: Lifecycle
    source: str

    def matches(self, qualname: str | None) -> bool:
        if qualname is None:
            return False
        # No import binding (star import): the bare name is all there is.
        return qualname in self.qualnames or ("." not in qualname and qualname in self.names)


@functools.cache
def removed_callable(key: str) -> RemovedCallable:
    """`key` is a table of the file: "days_ago", "subdag_operator", "apply_defaults"."""
    row = load("removed_callables")[key]
    qualnames = frozenset(row["qualnames"])
    names = frozenset(row.get("names") or {q.rsplit(".", 1)[-1] for q in qualnames})
    return RemovedCallable(
        qualnames=qualnames,
        names=names,
        lifecycle=Lifecycle(row.get("deprecated_in", ""), row.get("removed_in", "")),
        source=row["source"],
    )
