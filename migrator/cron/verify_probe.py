"""Runs inside a real Airflow virtualenv (never imported by the tool): loads the generated DAGs,
round-trips each through DAG serialization as the scheduler does, and reports the instants each
DAG's timetable fires in the requested windows (after its guard task, if any), and the command text
Airflow renders. Reads a JSON request file (argv[1]); prints one JSON line.

Kept to the standard library plus Airflow, and to APIs present in Airflow 2.10 and 3.x.
"""

from __future__ import annotations

import json
import sys
import traceback
import types
from typing import Any

MAX_FIRES_PER_WINDOW = 200_000


def _render(task: Any, text: Any, dag: Any, secrets: list[str]) -> Any:
    context = {"var": {"value": {name: f"@@{name}@@" for name in secrets}}}
    return task.render_template(text, context, dag.get_template_env())


def _command_text(task: Any, mode: str) -> Any:
    if mode == "ssh":
        return task.command
    if mode == "ecs":
        return task.overrides["containerOverrides"][0]["command"][2]
    return task.bash_command


def _iterate(
    timetable: Any, window: list[Any], pendulum: Any, restriction_type: Any, interval_type: Any
) -> list[Any]:
    seed, start, end = window
    start_at = pendulum.parse(start)
    end_at = pendulum.parse(end)
    restriction = restriction_type(earliest=start_at, latest=end_at, catchup=True)
    last = None
    if seed is not None:
        seed_at = pendulum.parse(seed)
        last = interval_type(seed_at, seed_at)
    fires: list[Any] = []
    while len(fires) < MAX_FIRES_PER_WINDOW:
        info = timetable.next_dagrun_info(last_automated_data_interval=last, restriction=restriction)
        if info is None:
            break
        when = info.run_after
        if last is not None and when <= last.end:
            break  # a timetable that does not move forward: report what we have
        last = info.data_interval
        if when >= start_at:
            fires.append(when)
    return fires


_STATE: dict[str, Any] = {}


def _one(wanted: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    import hashlib

    import pendulum  # type: ignore[import-not-found]
    from airflow.serialization.serialized_objects import SerializedDAG  # type: ignore[import-not-found]
    from airflow.timetables.base import DataInterval, TimeRestriction  # type: ignore[import-not-found]

    bag = _STATE["bag"]
    dag_id = wanted["dag_id"]
    out: dict[str, Any] = {}
    dag = bag.dags.get(dag_id)
    if dag is None:
        out["error"] = "DAG not found in the DAG folder"
        return dag_id, out
    try:
        serialized = SerializedDAG.from_dict(SerializedDAG.to_dict(dag))
        timetable = serialized.timetable
        out["timetable"] = type(timetable).__name__
        out["summary"] = timetable.summary
        out["catchup"] = dag.catchup
        out["start_date"] = dag.start_date.isoformat() if dag.start_date else None
        guard = dag.task_dict.get("cron_day_guard")
        run = dag.task_dict.get("run")
        windows = []
        skipped = 0
        for window in wanted["windows"]:
            fires = _iterate(timetable, window, pendulum, TimeRestriction, DataInterval)
            if guard is not None:
                kept = []
                scheduled = types.SimpleNamespace(run_type="scheduled")
                for when in fires:
                    if guard.python_callable(**guard.op_kwargs, logical_date=when, dag_run=scheduled):
                        kept.append(when)
                    else:
                        skipped += 1
                fires = kept
            windows.append([f.in_timezone("UTC").isoformat() for f in fires])
        out["windows"] = windows
        out["guard_skipped"] = skipped
        if run is not None:
            rendered = _render(run, _command_text(run, wanted["mode"]), dag, wanted["secret_variables"])
            out["command_sha256"] = hashlib.sha256(str(rendered).encode()).hexdigest()
    except Exception as exc:  # one broken DAG must not hide the others' results
        out["error"] = f"{type(exc).__name__}: {exc}"
        out["traceback"] = traceback.format_exc()[-2000:]
    return dag_id, out


def _run_all(wanted: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """DAGs are independent: with two or more cores, fork workers that share the parsed DagBag."""
    import multiprocessing
    import os

    workers = min(len(wanted) // 4, os.cpu_count() or 1, 4)
    if workers >= 2 and sys.platform.startswith("linux"):
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                return pool.map(_one, wanted, chunksize=1)
        except Exception:
            pass  # fall back to one process
    return [_one(item) for item in wanted]


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        request = json.load(handle)
    from airflow.models.dagbag import DagBag  # type: ignore[import-not-found]

    bag = DagBag(dag_folder=request["dags_folder"], include_examples=False)
    _STATE["bag"] = bag
    errors = {str(k): (str(v).strip().splitlines() or [""])[-1] for k, v in bag.import_errors.items()}
    result: dict[str, Any] = {"import_errors": errors, "dags": dict(_run_all(request["dags"]))}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
