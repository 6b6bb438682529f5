"""Choose an environment class, workers and schedulers for a Workload, and say why."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from migrator.knowledge import load
from migrator.plan.workload import Workload


@dataclass(frozen=True, slots=True)
class EnvironmentClass:
    name: str
    dag_capacity: int
    tasks_per_worker: int
    worker_vcpu: int
    worker_gb: int
    autoscaling: bool
    schedulers: int

    @classmethod
    def all(cls) -> list[EnvironmentClass]:
        return [
            cls(row["name"], row["dag_capacity"], row["tasks_per_worker"], row["worker_vcpu"], row["worker_gb"],
                row["autoscaling"], row["schedulers"])
            for row in load("mwaa_environment_classes")["class"]
        ]  # fmt: skip


@dataclass(slots=True)
class Recommendation:
    environment_class: str
    min_workers: int
    max_workers: int
    schedulers: int
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "environment_class": self.environment_class,
            "min_workers": self.min_workers,
            "max_workers": self.max_workers,
            "schedulers": self.schedulers,
            "reasons": self.reasons,
            "warnings": self.warnings,
        }


def recommend(workload: Workload) -> Recommendation:
    table = load("mwaa_environment_classes")
    headroom: float = table["headroom"]
    console_max: int = table["max_workers_console"]
    classes = EnvironmentClass.all()
    dags = workload.dag_count
    peak = max(1, workload.peak_concurrent_tasks)
    chosen = classes[-1]
    for candidate in classes:
        fits_dags = dags <= candidate.dag_capacity * headroom
        workers_needed = math.ceil(peak / candidate.tasks_per_worker)
        fits_tasks = workers_needed <= (1 if not candidate.autoscaling else console_max)
        if fits_dags and fits_tasks:
            chosen = candidate
            break
    workers = max(1, math.ceil(peak / chosen.tasks_per_worker))
    rec = Recommendation(
        environment_class=chosen.name,
        min_workers=1,
        max_workers=min(workers, console_max) if chosen.autoscaling else 1,
        schedulers=chosen.schedulers,
    )
    smaller = [c.name for c in classes[: classes.index(chosen)]]
    rec.reasons.append(
        f"{dags} DAGs and ~{peak} concurrent task slots: {chosen.name} is the smallest class that keeps the DAGs at or "
        f"below {headroom:.0%} of its DAG capacity ({chosen.dag_capacity}, where AWS says the scheduler stays healthy) "
        f"and the peak within its workers" + (f" ({', '.join(smaller)} cannot)." if smaller else ".")
    )
    rec.reasons.append(
        f"Busiest hour of a typical week starts {workload.peak_runs} DAG runs needing about {peak} task slots at once "
        f"(half of each DAG's tasks side by side, capped by max_active_tasks"
        + (f" and by [core] parallelism = {workload.parallelism}" if workload.parallelism else "")
        + f"); {chosen.name} workers take {chosen.tasks_per_worker} tasks each, so max workers = {rec.max_workers}."
    )
    if dags > chosen.dag_capacity * headroom:
        rec.warnings.append(f"{dags} DAGs exceed {headroom:.0%} of even {chosen.name}'s capacity: split the environment.")
    if chosen.autoscaling and workers > console_max:
        rec.warnings.append(
            f"{workers} workers would be needed; the default quota is {console_max} per environment "
            f"(up to {table['max_workers_quota_increase']} with a quota increase)."
        )
    if dags >= 0.4 * chosen.dag_capacity and chosen.schedulers < table["max_schedulers"]:
        rec.schedulers = min(table["max_schedulers"], chosen.schedulers + 1)
        rec.reasons.append(f"{dags} DAGs are over 40% of the class capacity: one more scheduler for parsing.")
    if workload.unscheduled:
        rec.reasons.append(f"{workload.unscheduled} DAGs have no time schedule (manual, dataset or unknown).")
    if workload.unknown_schedules:
        rec.warnings.append(
            "Schedules not understood (not counted in the peak): " + ", ".join(workload.unknown_schedules[:10])
        )
    return rec
