"""`days_ago(n)` -> a fixed, timezone-aware start date (rule MWAA207).

`days_ago(n)` is midnight UTC `n` days before *the moment the file is parsed*: a start date that
moves every day. What the scheduler has seen of it is the value on the day of the migration, so
the codemod writes exactly that value as a constant: `pendulum.datetime(Y, M, D, tz="UTC")`, with
(Y, M, D) = the conversion's reference date (`--reference-date`, default: today in UTC) minus `n`
days, and `hour=`/`minute=`/`second=` carried over. Same date on the conversion day, no drift
afterwards, and catchup starts from where the scheduler already was. A call whose arguments are
not literals is left as is (its finding stays).

pendulum is a dependency of every Airflow version, and Airflow's documentation uses it for
timezone-aware start dates; `tz="UTC"` is what `days_ago` returned.
"""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

import libcst as cst

from migrator.codemods.base import Codemod, CodemodExample, FileContext, NewImport
from migrator.codemods.edit import keyword
from migrator.knowledge.lifecycle import Status
from migrator.knowledge.removed_callables import removed_callable
from migrator.knowledge.versions import TargetVersion

_TIME_PARTS = ("hour", "minute", "second")


def _int(node: cst.BaseExpression) -> int | None:
    if isinstance(node, cst.Integer):
        return int(node.value)
    if (
        isinstance(node, cst.UnaryOperation)
        and isinstance(node.operator, cst.Minus)
        and isinstance(node.expression, cst.Integer)
    ):
        return -int(node.expression.value)
    return None


class DaysAgoCodemod(Codemod):
    name = "days-ago"
    title = "Replace days_ago(n) with the fixed, timezone-aware date it meant on the conversion day"
    fixes = ("MWAA207",)
    needles = ("days_ago",)
    tables = ("removed_callables",)
    examples: ClassVar[tuple[CodemodExample, ...]] = (
        CodemodExample(
            before="""from airflow import DAG
from airflow.utils.dates import days_ago

default_args = {"owner": "data", "start_date": days_ago(2)}

dag = DAG("etl", schedule_interval="@daily", default_args=default_args)
""",
            after="""from airflow import DAG
import pendulum

# mwaa-migrator: days_ago(2) evaluated on 2026-11-22: a fixed start date instead of a moving one
default_args = {"owner": "data", "start_date": pendulum.datetime(2026, 11, 20, tz="UTC")}

dag = DAG("etl", schedule="@daily", default_args=default_args)
""",
            target="2.10.3",
        ),
    )

    def applies_to(self, target: TargetVersion) -> bool:
        return removed_callable("days_ago").lifecycle.status(target) is not Status.CURRENT

    def leave_Call(self, original: cst.Call, updated: cst.Call, ctx: FileContext) -> cst.BaseExpression:
        func = original.func
        name = (
            func.value
            if isinstance(func, cst.Name)
            else func.attr.value
            if isinstance(func, cst.Attribute)
            else ""
        )
        if name != "days_ago":
            return updated
        if isinstance(func, cst.Name) and func.value not in ctx.names.bindings:
            return updated  # a local function of that name
        if not removed_callable("days_ago").matches(ctx.qualname(func)):
            return updated
        values = self._arguments(original)
        if values is None:
            ctx.note(
                self, "days_ago() with non-literal arguments left as is: write a fixed start date by hand"
            )
            return updated
        days, time_parts = values
        local = ctx.add_import(NewImport("pendulum"))
        if local is None:
            ctx.note(
                self, "days_ago() left as is: the name `pendulum` is bound to something else in this file"
            )
            return updated
        day = ctx.options.reference_date - timedelta(days=days)
        args = [cst.Arg(cst.Integer(str(part))) for part in (day.year, day.month, day.day)]
        args += [cst.Arg(cst.Integer(str(time_parts[p]))) for p in _TIME_PARTS if p in time_parts]
        args.append(keyword("tz", cst.SimpleString('"UTC"')))
        args = [
            a.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))) for a in args[:-1]
        ] + [args[-1]]
        replacement = cst.Call(
            func=cst.Attribute(value=cst.Name(local), attr=cst.Name("datetime")), args=args
        )
        ctx.swap(updated, replacement)
        ctx.changed(self)
        source = ", ".join([str(days), *(f"{p}={time_parts[p]}" for p in _TIME_PARTS if p in time_parts)])
        ctx.comment_statement(
            f"days_ago({source}) evaluated on {ctx.options.reference_date.isoformat()}: "
            "a fixed start date instead of a moving one"
        )
        return replacement

    @staticmethod
    def _arguments(call: cst.Call) -> tuple[int, dict[str, int]] | None:
        names = ("n", *_TIME_PARTS, "microsecond")
        values: dict[str, int] = {}
        for index, arg in enumerate(call.args):
            if arg.star:
                return None
            key = (
                arg.keyword.value if arg.keyword is not None else (names[index] if index < len(names) else "")
            )
            value = _int(arg.value)
            if not key or value is None:
                return None
            values[key] = value
        if "n" not in values or values.pop("microsecond", 0):
            return None
        days = values.pop("n")
        return days, {k: v for k, v in values.items() if v}
