"""Typed view over `executor_features.toml`: what MWAA's single Celery queue and executor accept,
and the operators that need a container runtime or a local Kubernetes cluster."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from migrator.knowledge import load


@dataclass(frozen=True, slots=True)
class ExecutorFeatures:
    consumed_queues: frozenset[str]
    celery_executor_names: frozenset[str]
    per_task_executor_in: str
    kubernetes_executor_config_keys: frozenset[str]
    docker_operator_names: frozenset[str]
    docker_qualnames: frozenset[str]
    docker_task_decorators: frozenset[str]
    pod_operator_names: frozenset[str]
    pod_task_decorators: frozenset[str]
    shipped_kube_config_prefixes: tuple[str, ...]
    source: str


@functools.cache
def executor_features() -> ExecutorFeatures:
    data = load("executor_features")
    return ExecutorFeatures(
        consumed_queues=frozenset(data["queue"]["consumed"]),
        celery_executor_names=frozenset(data["executor"]["celery_names"]),
        per_task_executor_in=data["executor"]["per_task_executor_in"],
        kubernetes_executor_config_keys=frozenset(data["executor_config"]["kubernetes_keys"]),
        docker_operator_names=frozenset(data["docker"]["operator_names"]),
        docker_qualnames=frozenset(data["docker"]["qualnames"]),
        docker_task_decorators=frozenset(data["docker"]["task_decorators"]),
        pod_operator_names=frozenset(data["kubernetes_pod"]["operator_names"]),
        pod_task_decorators=frozenset(data["kubernetes_pod"]["task_decorators"]),
        shipped_kube_config_prefixes=tuple(data["kubernetes_pod"]["shipped_config_prefixes"]),
        source=data["source"],
    )
