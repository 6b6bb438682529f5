"""Renamed and removed DAG/operator arguments and trigger-rule values (rules MWAA201-204).

Driven by `arguments.toml`: `schedule_interval`/`timetable` -> `schedule`, `concurrency` ->
`max_active_tasks`, `fail_stop` -> `fail_fast`, `task_concurrency` -> `max_active_tis_per_dag`,
`TriggerDagRunOperator(execution_date=)` -> `logical_date`, `provide_context`/`default_view`/...
removed, trigger rules `dummy` -> `always`, `none_failed_or_skipped` -> `none_failed_min_one_success`
(as strings and as `TriggerRule.X`). Operator arguments are also renamed inside `default_args`
dictionaries (`{...}`, `dict(...)`, `default_args["key"] = ...`, `default_args.update(...)`).

A change is made once the target has the new spelling and the old one is deprecated or gone
(the table's `deprecated_in`): on a 2.x target that is the same code that Airflow 2 warns about,
and it keeps working there. When the new keyword is already present the old one is left alone and
a note says so (the author has to choose).
"""

from __future__ import annotations

import ast
import functools
from typing import ClassVar

import libcst as cst

from migrator.codemods import default_args
from migrator.codemods.base import Codemod, CodemodExample, ConvertOptions, FileContext
from migrator.codemods.edit import (
    dict_key,
    one_line,
    remove_elements,
    rename_keyword,
    string_value,
    with_dict_key,
    with_string_value,
)
from migrator.codemods.shapes import (
    is_dag_call,
    is_task_call,
    operator_class_name,
    subscript_default_args_key,
)
from migrator.knowledge import arguments as table
from migrator.knowledge.lifecycle import Lifecycle, Status
from migrator.knowledge.versions import TargetVersion

_TRIGGER_RULE_CLASS = "airflow.utils.trigger_rule.TriggerRule"


# Airflow 3 builds trigger timetables from cron strings and timedeltas unless told otherwise
# (airflow3_config_changes.toml: scheduler.create_cron_data_intervals, create_delta_data_intervals).
SCHEDULE_SEMANTICS_NOTE = (
    "Airflow 3 turns a cron or timedelta schedule into a trigger timetable (logical date = run time, empty "
    "data interval) unless scheduler.create_cron_data_intervals = True; set it on the MWAA environment to keep "
    "each run's logical date and data interval as on Airflow 2 (the converted templates assume them)"
)


def _due(lifecycle: Lifecycle, target: TargetVersion) -> bool:
    return lifecycle.status(target) is not Status.CURRENT


@functools.cache
def _line_words() -> tuple[str, ...]:
    """Words worth visiting beyond the engine's findings: the arguments of every operator / DAG (the
    operator-specific ones are found through the findings, and their names are common words)."""
    names = {r.old for r in table.dag_argument_renames().values()}
    names |= {r.old for r in table.operator_argument_renames() if not r.operators}
    names |= {r.name for r in table.removed_arguments() if not r.operators}
    names |= {r.enum_old for r in table.trigger_rule_renames().values()}
    return tuple(sorted(names))


@functools.cache
def _needles() -> tuple[str, ...]:
    names = {r.old for r in table.dag_argument_renames().values()}
    names |= {r.old for r in table.operator_argument_renames()}
    names |= {r.name for r in table.removed_arguments()}
    names |= set(table.trigger_rule_renames())
    names |= {r.enum_old for r in table.trigger_rule_renames().values()}
    return tuple(sorted(names))


def _removal_comment(name: str, value: cst.BaseExpression, ctx: FileContext) -> str:
    """A removed argument that did something (its replacement is not "nothing") leaves a comment
    saying what replaces it, and a note; one that had no effect goes silently."""
    for removed in table.removed_arguments():
        if removed.name == name and not removed.replacement.startswith("nothing"):
            ctx.note("arguments", f"{name}= removed: use {removed.replacement}")
            return f"{name}={one_line(value, 40)} removed: use {removed.replacement}"
    return ""


class ArgumentsCodemod(Codemod):
    name = "arguments"
    title = "Rename or drop DAG and operator arguments Airflow renamed or removed; rename trigger rules"
    fixes = ("MWAA201", "MWAA202", "MWAA203", "MWAA204")
    tables = ("arguments",)
    examples: ClassVar[tuple[CodemodExample, ...]] = (
        CodemodExample(
            before="""from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonOperator

default_args = {
    "owner": "data",
    "task_concurrency": 1,  # one at a time
    "provide_context": True,
}

dag = DAG(
    "nightly",
    default_args=default_args,
    start_date=datetime(2024, 1, 1),
    schedule_interval="@daily",
    concurrency=4,
)

load = PythonOperator(task_id="load", python_callable=print, provide_context=True, dag=dag)
done = PythonOperator(task_id="done", python_callable=print, trigger_rule="none_failed_or_skipped", dag=dag)
""",
            after="""from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonOperator

default_args = {
    "owner": "data",
    "max_active_tis_per_dag": 1,  # one at a time
}

dag = DAG(
    "nightly",
    default_args=default_args,
    start_date=datetime(2024, 1, 1),
    schedule="@daily",
    max_active_tasks=4,
)

load = PythonOperator(task_id="load", python_callable=print, dag=dag)
done = PythonOperator(task_id="done", python_callable=print, trigger_rule="none_failed_min_one_success", dag=dag)
""",
            target="2.10.3",
            note="2.x target: the new spellings exist since 2.2/2.4, the imports stay 2.x paths",
        ),
        CodemodExample(
            before="""from airflow.operators.trigger_dagrun import TriggerDagRunOperator
from airflow.utils.trigger_rule import TriggerRule

trigger = TriggerDagRunOperator(
    task_id="trigger",
    trigger_dag_id="downstream",
    execution_date="{{ ds }}",
    trigger_rule=TriggerRule.DUMMY,
)
""",
            after="""from airflow.providers.standard.operators.trigger_dagrun import TriggerDagRunOperator
from airflow.utils.trigger_rule import TriggerRule

trigger = TriggerDagRunOperator(
    task_id="trigger",
    trigger_dag_id="downstream",
    logical_date="{{ ds }}",
    trigger_rule=TriggerRule.ALWAYS,
)
""",
            target="3.0.6",
        ),
    )

    def active(self, text: str) -> bool:
        return any(needle in text for needle in _needles())

    def line_words(
        self, text: str, tree: ast.Module, target: TargetVersion, options: ConvertOptions
    ) -> tuple[str, ...]:
        return _line_words()

    def table_sizes(self) -> dict[str, int]:
        return {
            "arguments.dag_argument_rename": len(table.dag_argument_renames()),
            "arguments.operator_argument_rename": len(table.operator_argument_renames()),
            "arguments.removed_argument": len(table.removed_arguments()),
            "arguments.trigger_rule_rename": len(table.trigger_rule_renames()),
        }

    # ------------------------------------------------------------------ marking default_args

    def visit_Assign(self, node: cst.Assign, ctx: FileContext) -> None:
        default_args.mark_assignment(node, ctx)

    def visit_AnnAssign(self, node: cst.AnnAssign, ctx: FileContext) -> None:
        default_args.mark_assignment(node, ctx)

    def visit_Call(self, node: cst.Call, ctx: FileContext) -> None:
        default_args.mark_call(node, ctx)

    # ------------------------------------------------------------------ rewriting

    def leave_Call(self, original: cst.Call, updated: cst.Call, ctx: FileContext) -> cst.BaseExpression:
        if default_args.is_default_args(original, ctx):
            return self._default_args_call(updated, ctx)
        if is_dag_call(original, ctx):
            return self._dag_call(updated, ctx)
        if is_task_call(original, ctx):
            return self._task_call(original, updated, ctx)
        return updated

    def leave_Dict(self, original: cst.Dict, updated: cst.Dict, ctx: FileContext) -> cst.BaseExpression:
        if not default_args.is_default_args(original, ctx):
            return updated
        keys = {dict_key(e) for e in updated.elements}
        removed = self._removed_in_default_args(ctx)
        elements: list[cst.BaseDictElement] = []
        for element in updated.elements:
            key = dict_key(element)
            if key is not None and isinstance(element, cst.DictElement):
                rename = self._operator_rename(key, None, ctx, in_default_args=True)
                if rename and rename not in keys:
                    element = with_dict_key(element, rename)
                    ctx.changed(self)
                if key == "trigger_rule":
                    element = element.with_changes(value=self._trigger_rule_value(element.value, ctx))
            elements.append(element)
        result = updated.with_changes(elements=elements)
        if removed & keys:

            def drop(index: int, element: cst.CSTNode) -> bool:
                if dict_key(element) in removed:
                    ctx.discard(element)
                    ctx.changed(self)
                    return True
                return False

            new, _ = remove_elements(result, drop)
            return new
        return result

    def leave_Attribute(
        self, original: cst.Attribute, updated: cst.Attribute, ctx: FileContext
    ) -> cst.BaseExpression:
        name = original.attr.value
        for rename in table.trigger_rule_renames().values():
            if (
                name == rename.enum_old
                and _due(rename.lifecycle, ctx.target)
                and ctx.qualname(original) == f"{_TRIGGER_RULE_CLASS}.{name}"
            ):
                ctx.changed(self)
                return updated.with_changes(attr=updated.attr.with_changes(value=rename.enum_new))
        return updated

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign, ctx: FileContext) -> cst.Assign:
        key = subscript_default_args_key(original, ctx)
        if key is None:
            return updated
        rename = self._operator_rename(key, None, ctx, in_default_args=True)
        if rename:
            target = updated.targets[0].target
            assert isinstance(target, cst.Subscript)
            index = target.slice[0].slice
            assert isinstance(index, cst.Index) and isinstance(index.value, cst.SimpleString)
            new_index = index.with_changes(value=with_string_value(index.value, rename))
            new_target = target.with_changes(slice=[target.slice[0].with_changes(slice=new_index)])
            ctx.changed(self)
            return updated.with_changes(targets=[updated.targets[0].with_changes(target=new_target)])
        if key == "trigger_rule":
            return updated.with_changes(value=self._trigger_rule_value(updated.value, ctx))
        return updated

    # ------------------------------------------------------------------ helpers

    def _dag_call(self, updated: cst.Call, ctx: FileContext) -> cst.BaseExpression:
        present = {a.keyword.value for a in updated.args if a.keyword is not None}
        renames = table.dag_argument_renames()
        removed = {
            r.name for r in table.removed_arguments() if r.scope == "dag" and _due(r.lifecycle, ctx.target)
        }
        args = list(updated.args)
        for position, arg in enumerate(args):
            if arg.keyword is None:
                continue
            rename = renames.get(arg.keyword.value)
            if rename is None or not _due(rename.lifecycle, ctx.target):
                continue
            if rename.new in present:
                ctx.note(
                    self,
                    f"DAG() has both {rename.old}= and {rename.new}=; {rename.old}= left for you to remove",
                )
                continue
            args[position] = rename_keyword(arg, rename.new)
            present.add(rename.new)
            ctx.changed(self)
            if rename.new == "schedule" and ctx.is_3x:
                ctx.note(self, SCHEDULE_SEMANTICS_NOTE)
        result = updated.with_changes(args=args)
        return self._drop_keywords(result, removed, ctx)

    def _task_call(self, original: cst.Call, updated: cst.Call, ctx: FileContext) -> cst.BaseExpression:
        class_name = operator_class_name(original)
        present = {a.keyword.value for a in updated.args if a.keyword is not None}
        args = list(updated.args)
        for position, arg in enumerate(args):
            if arg.keyword is None:
                continue
            keyword = arg.keyword.value
            rename = self._operator_rename(keyword, class_name, ctx, in_default_args=False)
            if rename:
                if rename in present:
                    ctx.note(
                        self, f"{class_name}() has both {keyword}= and {rename}=; {keyword}= left for you"
                    )
                    continue
                args[position] = arg = rename_keyword(arg, rename)
                present.add(rename)
                ctx.changed(self)
            if keyword == "trigger_rule":
                args[position] = arg.with_changes(value=self._trigger_rule_value(arg.value, ctx))
        removed = {
            r.name
            for r in table.removed_arguments()
            if r.scope == "operator" and _due(r.lifecycle, ctx.target) and r.applies_to(class_name)
        }
        return self._drop_keywords(updated.with_changes(args=args), removed, ctx)

    def _default_args_call(self, updated: cst.Call, ctx: FileContext) -> cst.BaseExpression:
        """`dict(task_concurrency=1)` or `default_args.update(provide_context=True)`."""
        args = list(updated.args)
        present = {a.keyword.value for a in args if a.keyword is not None}
        for position, arg in enumerate(args):
            if arg.keyword is None:
                continue
            rename = self._operator_rename(arg.keyword.value, None, ctx, in_default_args=True)
            if rename and rename not in present:
                args[position] = rename_keyword(arg, rename)
                ctx.changed(self)
            elif arg.keyword.value == "trigger_rule":
                args[position] = arg.with_changes(value=self._trigger_rule_value(arg.value, ctx))
        return self._drop_keywords(updated.with_changes(args=args), self._removed_in_default_args(ctx), ctx)

    def _drop_keywords(self, call: cst.Call, names: set[str], ctx: FileContext) -> cst.BaseExpression:
        if not names or not any(a.keyword is not None and a.keyword.value in names for a in call.args):
            return call

        def drop(index: int, element: cst.CSTNode) -> str | bool:
            assert isinstance(element, cst.Arg)
            if element.keyword is None or element.keyword.value not in names:
                return False
            ctx.discard(element)
            ctx.changed(self)
            return _removal_comment(element.keyword.value, element.value, ctx) or True

        new, displaced = remove_elements(call, drop)
        for text in displaced:
            ctx.comment_statement(text)
        return new

    def _operator_rename(
        self, keyword: str, class_name: str | None, ctx: FileContext, *, in_default_args: bool
    ) -> str:
        for rename in table.operator_argument_renames():
            if rename.old != keyword or not _due(rename.lifecycle, ctx.target):
                continue
            if in_default_args and not rename.in_default_args:
                continue
            if not in_default_args and not rename.applies_to(class_name):
                continue
            return rename.new
        return ""

    def _removed_in_default_args(self, ctx: FileContext) -> set[str]:
        return {
            r.name
            for r in table.removed_arguments()
            if r.scope == "operator"
            and r.in_default_args
            and not r.operators
            and _due(r.lifecycle, ctx.target)
        }

    def _trigger_rule_value(self, value: cst.BaseExpression, ctx: FileContext) -> cst.BaseExpression:
        text = string_value(value)
        if text is None or not isinstance(value, cst.SimpleString):
            return value
        rename = table.trigger_rule_renames().get(text)
        if rename is None or not _due(rename.lifecycle, ctx.target):
            return value
        ctx.changed(self)
        return with_string_value(value, rename.new)
