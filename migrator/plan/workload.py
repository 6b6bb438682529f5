"""What the deployment asks of a scheduler and workers, measured from the analysed files."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from croniter import croniter

from migrator.engine import Deployment

# One representative week (Monday 00:00) to count how many DAG runs start in the busiest hour.
WEEK_START = datetime(2026, 1, 5)
PRESETS = {
    "@hourly": "0 * * * *",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@weekly": "0 0 * * 0",
    "@monthly": "0 0 1 * *",
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
}
# Airflow's default for DAG-level concurrency ([core] max_active_tasks_per_dag).
DEFAULT_MAX_ACTIVE_TASKS = 16
_TIMEDELTA = re.compile(r"timedelta\((?P<args>[^)]*)\)")


@dataclass(slots=True)
class DagLoad:
    dag_id: str
    path: str
    schedule: str
    tasks: float
    max_active_tasks: int | None
    runs_per_week: int = 0
    starts_by_hour: Counter[int] = field(default_factory=Counter)

    @property
    def parallel_width(self) -> int:
        """How many of its tasks may run at once. The graph's shape is unknown here, so assume
        half the tasks can run side by side, capped by the DAG's concurrency limit."""
        width = max(1, math.ceil(self.tasks / 2))
        return min(width, self.max_active_tasks or DEFAULT_MAX_ACTIVE_TASKS)


@dataclass(slots=True)
class Workload:
    dags: list[DagLoad]
    dag_files: int
    tasks: int
    unscheduled: int
    unknown_schedules: list[str]
    parallelism: int | None  # [core] parallelism from airflow.cfg, if set
    peak_hour: int  # hour-of-week with most DAG run starts
    peak_runs: int
    peak_concurrent_tasks: int

    @property
    def dag_count(self) -> int:
        return len(self.dags)


def cron_of(schedule: str) -> str | None:
    text = schedule.strip().strip("\"'")
    if text in PRESETS:
        return PRESETS[text]
    if croniter.is_valid(text) and len(text.split()) == 5:
        return text
    return None


def _interval_of(schedule: str) -> timedelta | None:
    match = _TIMEDELTA.search(schedule)
    if not match:
        return None
    kwargs: dict[str, float] = {}
    for part in match["args"].split(","):
        if "=" in part:
            key, value = part.split("=", 1)
            try:
                kwargs[key.strip()] = float(value)
            except ValueError:
                return None
    try:
        delta = timedelta(**kwargs)
    except TypeError:
        return None
    return delta if delta.total_seconds() > 0 else None


def _starts_in_week(schedule: str) -> list[datetime] | None:
    """Run start times within WEEK_START..+7d, or None when the schedule is not a time schedule."""
    end = WEEK_START + timedelta(days=7)
    cron = cron_of(schedule)
    if cron is not None:
        iterator = croniter(cron, WEEK_START - timedelta(seconds=1))
        starts = []
        while (moment := iterator.get_next(datetime)) < end:
            starts.append(moment)
        return starts
    interval = _interval_of(schedule)
    if interval is not None:
        count = int(timedelta(days=7) / interval)
        return [WEEK_START + i * interval for i in range(min(count, 10080))]
    return None


def _config_int(deployment: Deployment, section: str, key: str) -> int | None:
    for config in deployment.configs:
        entry = config.get(section, key)
        if entry is not None and entry.value.strip().isdigit():
            return int(entry.value.strip())
    return None


def measure(deployment: Deployment) -> Workload:
    dags: list[DagLoad] = []
    unknown: list[str] = []
    unscheduled = 0
    for result in deployment.files:
        facts = result.facts
        if not facts or not facts.get("dags"):
            continue
        per_dag_tasks = facts["tasks"] / len(facts["dags"])
        for info in facts["dags"]:
            load = DagLoad(info["dag_id"], result.display, info["schedule"], per_dag_tasks, info["max_active_tasks"])
            schedule = info["schedule"]
            starts = _starts_in_week(schedule) if schedule and schedule not in ("None", "@once") else None
            if starts is None:
                unscheduled += 1
                if schedule and schedule not in ("None", "@once"):
                    unknown.append(schedule)
            else:
                load.runs_per_week = len(starts)
                load.starts_by_hour = Counter(int((s - WEEK_START).total_seconds() // 3600) for s in starts)
            dags.append(load)
    by_hour: Counter[int] = Counter()
    tasks_by_hour: Counter[int] = Counter()
    for load in dags:
        for hour, runs in load.starts_by_hour.items():
            by_hour[hour] += runs
            # A DAG started several times within the hour still runs its tasks one run at a time unless
            # max_active_runs says otherwise: count its width once per hour.
            tasks_by_hour[hour] += load.parallel_width
    peak_hour, peak_tasks = max(tasks_by_hour.items(), key=lambda kv: (kv[1], -kv[0]), default=(0, 0))
    parallelism = _config_int(deployment, "core", "parallelism")
    if parallelism:
        peak_tasks = min(peak_tasks, parallelism)
    return Workload(
        dags=dags,
        dag_files=sum(1 for f in deployment.files if f.is_dag_file),
        tasks=round(sum(d.tasks for d in dags)),
        unscheduled=unscheduled,
        unknown_schedules=sorted(set(unknown)),
        parallelism=parallelism,
        peak_hour=peak_hour,
        peak_runs=by_hour.get(peak_hour, 0),
        peak_concurrent_tasks=peak_tasks,
    )
