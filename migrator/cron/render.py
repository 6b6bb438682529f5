"""Everything `mwaa-migrator cron` writes, rendered from templates/cron/*.j2.

The code here only prepares values (already formatted as Python literals by pyliteral); the
templates lay the files out. Output depends only on the inputs and options: no timestamps, no
absolute paths, sorted collections.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from migrator import __version__
from migrator.cron import dst, facts, host_model
from migrator.cron.plan import DagPlan
from migrator.cron.pyliteral import docstring_text, py_int_list, py_str, py_value
from migrator.masking import mask_urls
from migrator.templating import render

GUARD_TASK_ID = "cron_day_guard"
RUN_TASK_ID = "run"
EXACT_MODULE = "cron_exact_timetable"
EXACT_ENGINE_MODULE = "cron_exact_schedule"


@dataclass(frozen=True, slots=True)
class RenderOptions:
    mode: str  # bash | ssh | ecs
    target_major: int
    start_date: dt.date
    ssh_conn_id: str  # may contain {user}


def source_line(plan: DagPlan) -> str:
    """The crontab line as shown in generated files: URL passwords masked, secrets never."""
    text = plan.item.entry.line.text
    for name, _variable in plan.execution.secret_variables:
        env = plan.item.entry.env()
        if env.get(name):
            text = text.replace(env[name], "***")
    return mask_urls(text).rstrip("\r")


def _call(name: str, args: Iterable[str], kwargs: Iterable[tuple[str, str]], indent: int) -> str:
    pad = " " * (indent + 4)
    lines = [f"{pad}{a}," for a in args] + [f"{pad}{k}={v}," for k, v in kwargs]
    return f"{name}(\n" + "\n".join(lines) + f"\n{' ' * indent})"


def schedule_code(plan: DagPlan, indent: int) -> str:
    schedule = plan.schedule
    zone = ("timezone", py_str(schedule.zone))
    if schedule.kind == "exact":
        assert schedule.exact_rule is not None
        rule = schedule.exact_rule
        rules = [
            {
                "fields": exact_fields(rule),
                "day_and": rule.day_and,
                "wildcard": rule.wildcard,
                "zone_local": rule.zone_local,
                "daemon_zone": rule.daemon_zone,
            }
        ]
        return _call("CronExactTimetable", [], [("rules", py_value(rules, indent + 4)), zone], indent)
    name = "MultipleCronTriggerTimetable" if schedule.kind == "multiple" else "CronTriggerTimetable"
    return _call(name, [py_str(e) for e in schedule.expressions], [zone], indent)


def exact_fields(rule: host_model.CronSpec) -> str:
    from migrator.cron.normalise import render_field

    days = [d for d in rule.days_of_month if d != host_model.LAST_DAY_OF_MONTH]
    dom = render_field(frozenset(days), 1, 31) if days else ""
    if host_model.LAST_DAY_OF_MONTH in rule.days_of_month:
        dom = f"{dom},L" if dom else "L"
    return " ".join(
        (
            render_field(frozenset(rule.minutes), 0, 59),
            render_field(frozenset(rule.hours), 0, 23),
            dom,
            render_field(frozenset(rule.months), 1, 12),
            render_field(frozenset(rule.days_of_week), 0, 6),
        )
    )


def dag_doc(plan: DagPlan) -> str:
    schedule = plan.schedule
    entry = plan.item.entry
    lines = [
        f"{plan.dag_id}: {plan.crontab.display} line {entry.number}"
        if entry.number
        else f"{plan.dag_id}: {plan.crontab.display}",
        "",
        f"    {source_line(plan)}",
        "",
    ]
    if schedule.kind == "exact":
        lines.append(f"Schedule: the exact cron timetable (plugins/{EXACT_MODULE}.py) in {schedule.zone}.")
    else:
        lines.append(f"Schedule: {', '.join(schedule.expressions)} in {schedule.zone}.")
    lines.extend(f"Why: {why}." for why in schedule.why)
    if schedule.differences:
        lines.append(
            "On DST days Airflow fires differently from cron: "
            + dst.describe(list(schedule.differences), schedule.zone)
            + "."
        )
    for note in plan.crontab.notes:
        if not note.startswith("line ") or note.startswith(f"line {entry.number}:"):
            lines.append(f"Note: {note}.")
    if plan.execution.secret_variables:
        names = ", ".join(v for _, v in plan.execution.secret_variables)
        lines.append(f"Airflow Variables this DAG reads: {names}.")
    return "\n".join(lines)


def _operator(plan: DagPlan, options: RenderOptions, indent: int) -> tuple[str, list[tuple[str, str]]]:
    execution = plan.execution
    task = [("task_id", py_str(RUN_TASK_ID))]
    if options.mode == "ssh":
        conn = options.ssh_conn_id.replace("{user}", execution.user)
        return "SSHOperator", [
            *task,
            ("ssh_conn_id", py_str(conn)),
            ("command", py_str(execution.safe(execution.ssh_runner()))),
            ("cmd_timeout", "None"),
        ]
    if options.mode == "ecs":
        environment = [{"name": k, "value": execution.safe(v)} for k, v in execution.environment]
        overrides = {
            "containerOverrides": [
                {
                    "name": "{{ var.value.cron_ecs_container }}",
                    "command": [execution.shell, "-c", execution.safe(execution.runner())],
                    "environment": environment,
                }
            ]
        }
        network = {
            "awsvpcConfiguration": {
                "subnets": ["{{ var.value.cron_ecs_subnet }}"],
                "securityGroups": ["{{ var.value.cron_ecs_security_group }}"],
                "assignPublicIp": "DISABLED",
            }
        }
        return "EcsRunTaskOperator", [
            *task,
            ("cluster", py_str("{{ var.value.cron_ecs_cluster }}")),
            ("task_definition", py_str("{{ var.value.cron_ecs_task_definition }}")),
            ("launch_type", py_str("FARGATE")),
            ("overrides", py_value(overrides, indent)),
            ("network_configuration", py_value(network, indent)),
        ]
    script = execution.safe(execution.runner())
    if script.rstrip().endswith(facts.bash_template_ext()):
        script += " "  # BashOperator would read a command ending in .sh as a template file name
    env = {k: execution.safe(v) for k, v in execution.environment}
    return "BashOperator", [
        *task,
        ("bash_command", py_str(script)),
        ("env", py_value(env, indent)),
        ("append_env", "True"),
        ("skip_on_exit_code", "None"),
    ]


def dag_context(plan: DagPlan, options: RenderOptions, grouped: bool) -> dict[str, Any]:
    schedule = plan.schedule
    execution = plan.execution
    start = options.start_date
    default_args: dict[str, Any] = {"owner": execution.user, "retries": 0}
    if execution.emails:
        default_args.update(
            {"email": list(execution.emails), "email_on_failure": True, "email_on_retry": False}
        )
    kwargs = [
        ("dag_id", py_str(plan.dag_id)),
        ("description", py_str(_shorten(f"{plan.crontab.display}:{plan.line} {source_line(plan)}"))),
        ("schedule", schedule_code(plan, 4)),
        (
            "start_date",
            f"pendulum.datetime({start.year}, {start.month}, {start.day}, tz={py_str(schedule.zone)})",
        ),
        ("catchup", "False"),
    ]
    if plan.serialised:
        kwargs.append(("max_active_runs", "1"))
    kwargs += [
        ("default_args", py_value(default_args, 4)),
        ("tags", py_value(["cron", plan.crontab.display], 4)),
        ("doc_md", py_str(dag_doc(plan)) if grouped else "__doc__"),
    ]
    operator, operator_kwargs = _operator(plan, options, 8)
    tasks = []
    if schedule.guarded:
        assert schedule.emission is not None
        guard_kwargs = (
            "{\n"
            f'            "cron_timezone": {py_str(schedule.zone)},\n'
            f'            "days_of_month": {py_int_list(schedule.emission.guard_days_of_month, 12)},\n'
            f'            "days_of_week": {py_int_list(schedule.emission.guard_days_of_week, 12)},\n'
            "        }"
        )
        tasks.append(
            (
                "guard",
                "ShortCircuitOperator",
                [
                    ("task_id", py_str(GUARD_TASK_ID)),
                    ("python_callable", "cron_day_matches"),
                    ("op_kwargs", guard_kwargs),
                ],
            )
        )
    tasks.append(("run", operator, operator_kwargs))
    return {
        "dag_kwargs": kwargs,
        "tasks": tasks,
        "edges": ["guard >> run"] if schedule.guarded else [],
        "variable": "dag",
    }


def _shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _imports(plans: list[DagPlan], options: RenderOptions) -> list[str]:
    names = facts.airflow_imports(options.target_major)
    lines = {"import pendulum", names["dag"]}
    kinds = {p.schedule.kind for p in plans}
    trigger = sorted(
        {"CronTriggerTimetable" for k in kinds if k == "cron"}
        | {"MultipleCronTriggerTimetable" for k in kinds if k == "multiple"}
    )
    if len(trigger) == 1:
        lines.add(f"from airflow.timetables.trigger import {trigger[0]}")
    elif trigger:  # exploded with a trailing comma: formatted the same at any line length
        lines.add(
            "from airflow.timetables.trigger import (\n" + "".join(f"    {t},\n" for t in trigger) + ")"
        )
    if "exact" in kinds:
        lines.add(f"from {EXACT_MODULE} import CronExactTimetable")
    if any(p.schedule.guarded for p in plans):
        lines.add(names["short_circuit"])
    operator_import = {
        "bash": names["bash"],
        "ssh": "from airflow.providers.ssh.operators.ssh import SSHOperator",
        "ecs": "from airflow.providers.amazon.aws.operators.ecs import EcsRunTaskOperator",
    }[options.mode]
    lines.add(operator_import)
    plain = sorted(line for line in lines if line.startswith("import "))
    froms = sorted((line for line in lines if line.startswith("from ")), key=lambda s: s.split()[1])
    return plain + froms


def render_module(module: str, plans: list[DagPlan], options: RenderOptions) -> str:
    grouped = len(plans) > 1 or plans[0].module != plans[0].dag_id
    first = plans[0]
    if grouped:
        listing = [f"- {p.dag_id}: line {p.line}" if p.line else f"- {p.dag_id}" for p in plans]
        docstring = "\n".join([f"DAGs for the jobs of {first.crontab.display}:", "", *listing])
        sources = f"{first.crontab.display}"
    else:
        docstring = dag_doc(first)
        sources = f"{first.crontab.display} line {first.line}" if first.line else first.crontab.display
    return render(
        "cron/dag_module.py.j2",
        version=__version__,
        sources=sources,
        docstring=docstring_text(docstring),
        imports=_imports(plans, options),
        guard=any(p.schedule.guarded for p in plans),
        dags=[dag_context(p, options, grouped) for p in plans],
    )


def render_plugin() -> dict[str, str]:
    """plugins/ files for the exact timetable: the engine (host_model verbatim) and the Airflow glue."""
    engine_source = inspect.getsource(host_model)
    return {
        f"{EXACT_ENGINE_MODULE}.py": render(
            "cron/cron_exact_schedule.py.j2", version=__version__, source=engine_source
        ),
        f"{EXACT_MODULE}.py": render(
            "cron/cron_exact_timetable.py.j2", version=__version__, engine=EXACT_ENGINE_MODULE
        ),
    }


def command_digest(plan: DagPlan, options: RenderOptions) -> str:
    """sha256 of the command text Airflow must render (secrets as @@variable@@), for `cron verify`."""
    execution = plan.execution
    if options.mode == "ssh":
        text = execution.expected(execution.ssh_runner())
    else:
        text = execution.expected(execution.runner())
    return hashlib.sha256(text.encode()).hexdigest()
