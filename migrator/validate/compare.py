"""Compare the task graphs of the same DAGs loaded before and after conversion."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Operator classes renamed by the migration: the graph is the same if only these names differ.
EQUIVALENT_TASK_TYPES = {
    "DummyOperator": "EmptyOperator",
    "SimpleHttpOperator": "HttpOperator",
}


@dataclass(frozen=True, slots=True)
class GraphDifference:
    dag_id: str
    what: str


def _normalise_type(name: str) -> str:
    return EQUIVALENT_TASK_TYPES.get(name, name)


def compare_graphs(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[list[str], list[GraphDifference]]:
    """DAG ids compared (loaded on both sides) and every difference found among them."""
    common = sorted(set(before) & set(after))
    differences: list[GraphDifference] = []
    for dag_id in common:
        old, new = before[dag_id], after[dag_id]
        if set(old["tasks"]) != set(new["tasks"]):
            gone = sorted(set(old["tasks"]) - set(new["tasks"]))
            added = sorted(set(new["tasks"]) - set(old["tasks"]))
            differences.append(GraphDifference(dag_id, f"task ids differ: missing {gone}, new {added}"))
        for task_id in sorted(set(old["tasks"]) & set(new["tasks"])):
            a, b = _normalise_type(old["tasks"][task_id]), _normalise_type(new["tasks"][task_id])
            if a != b:
                differences.append(GraphDifference(dag_id, f"task {task_id} type {old['tasks'][task_id]} -> {b}"))
        old_edges = {tuple(e) for e in old["edges"]}
        new_edges = {tuple(e) for e in new["edges"]}
        if old_edges != new_edges:
            differences.append(
                GraphDifference(
                    dag_id,
                    f"edges differ: missing {sorted(old_edges - new_edges)}, new {sorted(new_edges - old_edges)}",
                )
            )
    return common, differences
