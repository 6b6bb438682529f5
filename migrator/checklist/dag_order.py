"""Order DAGs so that upstream ones come first: a DAG that triggers another (TriggerDagRunOperator)
is upstream of it; a DAG whose sensor waits for another (ExternalTaskSensor) is downstream of it."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from migrator.engine import Deployment


@dataclass(slots=True)
class DagOrder:
    ordered: list[str]  # upstream first
    edges: list[tuple[str, str]]  # (upstream, downstream)
    cycles_broken: list[str] = field(default_factory=list)
    unnamed_files: list[str] = field(default_factory=list)  # DAGs whose id is not a literal


def dag_order(deployment: Deployment) -> DagOrder:
    dag_ids: set[str] = set()
    edges: set[tuple[str, str]] = set()
    unnamed: list[str] = []
    for result in deployment.files:
        facts = result.facts
        if not facts:
            continue
        ids = [d["dag_id"] for d in facts["dags"] if d["dag_id"]]
        if len(ids) < len(facts["dags"]):
            unnamed.append(result.display)
        dag_ids.update(ids)
        for dag_id in ids:
            edges.update((dag_id, target) for target in facts["triggers"])
            edges.update((source, dag_id) for source in facts["waits_for"])
    edges = {(a, b) for a, b in edges if a in dag_ids and b in dag_ids and a != b}
    ordered, broken = _topological(sorted(dag_ids), edges)
    return DagOrder(ordered, sorted(edges), broken, unnamed)


def _topological(nodes: list[str], edges: set[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """Kahn's algorithm, alphabetical among equals (deterministic); a cycle is broken at its
    alphabetically first DAG, which is reported."""
    incoming: dict[str, set[str]] = {n: set() for n in nodes}
    outgoing: dict[str, set[str]] = {n: set() for n in nodes}
    for a, b in edges:
        incoming[b].add(a)
        outgoing[a].add(b)
    ready = [n for n in nodes if not incoming[n]]
    heapq.heapify(ready)
    ordered: list[str] = []
    broken: list[str] = []
    remaining = set(nodes)
    while remaining:
        if not ready:
            victim = min(remaining)
            broken.append(victim)
            for source in list(incoming[victim]):
                outgoing[source].discard(victim)
            incoming[victim].clear()
            heapq.heappush(ready, victim)
        node = heapq.heappop(ready)
        if node not in remaining:
            continue
        remaining.discard(node)
        ordered.append(node)
        for child in sorted(outgoing[node]):
            incoming[child].discard(node)
            if not incoming[child] and child in remaining:
                heapq.heappush(ready, child)
    return ordered, broken
