"""Typed view over `metadata_db_access.toml`: how code reaches Airflow's metadata database."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from migrator.knowledge import load
from migrator.knowledge.lifecycle import Lifecycle


@dataclass(frozen=True, slots=True)
class MetadataDbAccess:
    lifecycle: Lifecycle
    session_helpers: frozenset[str]
    orm_model_prefixes: tuple[str, ...]
    orm_query_methods: frozenset[str]
    orm_select_functions: frozenset[str]
    db_classmethods: frozenset[str]
    source: str

    def is_session_helper(self, qualname: str) -> bool:
        """The helper itself or anything reached through it (`settings.engine.connect`)."""
        return qualname in self.session_helpers or any(
            qualname.startswith(h + ".") for h in self.session_helpers
        )

    def is_orm_model(self, qualname: str | None) -> bool:
        return qualname is not None and qualname.startswith(self.orm_model_prefixes)


@functools.cache
def metadata_db_access() -> MetadataDbAccess:
    data = load("metadata_db_access")
    return MetadataDbAccess(
        lifecycle=Lifecycle(removed_in=data["removed_in"]),
        session_helpers=frozenset(data["session_helpers"]),
        orm_model_prefixes=tuple(data["orm_model_prefixes"]),
        orm_query_methods=frozenset(data["orm_query_methods"]),
        orm_select_functions=frozenset(data["orm_select_functions"]),
        db_classmethods=frozenset(data["db_classmethods"]),
        source=data["source"],
    )
