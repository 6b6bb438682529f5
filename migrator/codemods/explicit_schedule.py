"""Give DAGs that relied on the implicit daily schedule an explicit one on Airflow 3 (rule MWAA212).

Until Airflow 2.11 a DAG without `schedule`/`schedule_interval`/`timetable` ran every day; from 3.0
the default is `None` and such a DAG silently stops running. The codemod writes the old default
(`arguments.toml` [default_schedule] `before`, i.e. `timedelta(days=1)`) into every `DAG(...)`,
`@dag(...)` and bare `@dag`. Calls passing `**kwargs` are left alone (the schedule may be inside).
"""

from __future__ import annotations

import ast
from typing import ClassVar

import libcst as cst

from migrator.codemods.arguments import SCHEDULE_SEMANTICS_NOTE
from migrator.codemods.base import Codemod, CodemodExample, ConvertOptions, FileContext
from migrator.codemods.edit import append_arg, keyword
from migrator.codemods.expressions import import_free_names, parse
from migrator.codemods.shapes import is_dag_call
from migrator.inputs.airflow_names import is_dag_decorator_name
from migrator.knowledge.arguments import default_schedule
from migrator.knowledge.versions import TargetVersion

_SCHEDULE_ARGUMENTS = frozenset({"schedule", "schedule_interval", "timetable"})
# DAG(dag_id, description, schedule, ...): a third positional argument is the schedule.
_SCHEDULE_POSITION = 2


def _comment() -> str:
    schedule = default_schedule()
    return f"the Airflow 2 default schedule, written out: from Airflow {schedule.changed_in} it is {schedule.after}"


class ExplicitScheduleCodemod(Codemod):
    name = "explicit-schedule"
    title = "Write out the old daily default schedule for DAGs that had none (Airflow 3)"
    fixes = ("MWAA212",)
    needles = ("DAG", "dag")
    tables = ("arguments",)
    examples: ClassVar[tuple[CodemodExample, ...]] = (
        CodemodExample(
            before='''"""Nightly export."""
import pendulum
from airflow.decorators import dag, task
from airflow.models.dag import DAG

with DAG(
    dag_id="nightly_export",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
) as dag:
    pass


@dag
def pipeline():
    pass


@dag(start_date=pendulum.datetime(2024, 1, 1, tz="UTC"))
def other():
    pass
''',
            after='''"""Nightly export."""
from datetime import timedelta
import pendulum
from airflow.sdk import dag, task
from airflow.sdk import DAG

with DAG(
    dag_id="nightly_export",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    # mwaa-migrator: the Airflow 2 default schedule, written out: from Airflow 3.0 it is None
    schedule=timedelta(days=1),
) as dag:
    pass


@dag(schedule=timedelta(days=1))
def pipeline():
    pass


@dag(start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=timedelta(days=1))
def other():
    pass
''',
            target="3.0.6",
        ),
    )

    def line_words(
        self, text: str, tree: ast.Module, target: TargetVersion, options: ConvertOptions
    ) -> tuple[str, ...]:
        return ()  # the engine's MWAA212 finding marks each DAG call that needs a schedule

    def applies_to(self, target: TargetVersion) -> bool:
        return target.at_least(default_schedule().changed_in)

    def leave_Call(self, original: cst.Call, updated: cst.Call, ctx: FileContext) -> cst.BaseExpression:
        positional = [a for a in original.args if a.keyword is None and not a.star]
        if (
            len(positional) > _SCHEDULE_POSITION
            or any(a.star == "**" for a in original.args)
            or any(a.keyword is not None and a.keyword.value in _SCHEDULE_ARGUMENTS for a in original.args)
            or not is_dag_call(original, ctx)
        ):
            return updated
        value = self._value(ctx)
        if value is None:
            return updated
        new, _ = append_arg(updated, keyword("schedule", value), comment=_comment())
        ctx.introduce(value)
        ctx.changed(self)
        ctx.note(self, SCHEDULE_SEMANTICS_NOTE)
        return new

    def leave_Decorator(
        self, original: cst.Decorator, updated: cst.Decorator, ctx: FileContext
    ) -> cst.Decorator:
        decorator = original.decorator
        if not isinstance(decorator, cst.Name | cst.Attribute) or not is_dag_decorator_name(
            ctx.qualname(decorator)
        ):
            return updated
        value = self._value(ctx)
        if value is None:
            return updated
        ctx.introduce(value)
        ctx.changed(self)
        ctx.note(self, SCHEDULE_SEMANTICS_NOTE)
        return updated.with_changes(
            decorator=cst.Call(func=updated.decorator, args=[keyword("schedule", value)])
        )

    def _value(self, ctx: FileContext) -> cst.BaseExpression | None:
        text = default_schedule().before
        if not import_free_names(text, ctx):
            ctx.note(
                self, f"a DAG has no schedule; add schedule={text} by hand (the name is taken in this file)"
            )
            return None
        return parse(text)
