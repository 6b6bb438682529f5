"""Renamed keyword arguments of methods (`Variable.get(default_var=)` -> `default=`) on Airflow 3.

The imports codemod moves `airflow.models.Variable` to `airflow.sdk.Variable` on 3.x targets (ruff
AIR311); the Task SDK's `Variable.get` takes `default=`, so the call must follow or it raises
TypeError at parse time. Driven by `method_argument_renames.toml`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import ClassVar

import libcst as cst

from migrator.codemods.base import Codemod, CodemodExample, FileContext
from migrator.codemods.edit import rename_keyword
from migrator.knowledge import load
from migrator.knowledge.versions import TargetVersion


@dataclass(frozen=True, slots=True)
class MethodArgumentRename:
    classes: frozenset[str]
    method: str
    old: str
    new: str
    removed_in: str


@functools.cache
def method_argument_renames() -> tuple[MethodArgumentRename, ...]:
    return tuple(
        MethodArgumentRename(
            frozenset(row["classes"]), row["method"], row["old"], row["new"], row["removed_in"]
        )
        for row in load("method_argument_renames")["rename"]
    )


class MethodArgumentsCodemod(Codemod):
    name = "method-arguments"
    title = "Rename method keyword arguments Airflow 3 renamed (Variable.get(default_var=) -> default=)"
    fixes = ()  # no rule of its own: it keeps the imports codemod's Airflow 3 moves valid
    needles = ("default_var",)
    tables = ("method_argument_renames",)
    examples: ClassVar[tuple[CodemodExample, ...]] = (
        CodemodExample(
            before="""from airflow.models import Variable

BUCKET = Variable.get("bucket", default_var="fallback")
""",
            after="""from airflow.sdk import Variable

BUCKET = Variable.get("bucket", default="fallback")
""",
            target="3.0.6",
        ),
    )

    def applies_to(self, target: TargetVersion) -> bool:
        return any(target.at_least(r.removed_in) for r in method_argument_renames())

    def line_words(self, *args: object) -> tuple[str, ...]:
        return tuple(r.old for r in method_argument_renames())

    def table_sizes(self) -> dict[str, int]:
        return {"method_argument_renames": len(method_argument_renames())}

    def leave_Call(self, original: cst.Call, updated: cst.Call, ctx: FileContext) -> cst.BaseExpression:
        func = original.func
        if not isinstance(func, cst.Attribute):
            return updated
        receiver = ctx.qualname(func.value)
        if receiver is None:
            return updated
        args = list(updated.args)
        present = {a.keyword.value for a in args if a.keyword is not None}
        for rename in method_argument_renames():
            if rename.method != func.attr.value or receiver not in rename.classes:
                continue
            if not ctx.target.at_least(rename.removed_in) or rename.new in present:
                continue
            for position, arg in enumerate(args):
                if arg.keyword is not None and arg.keyword.value == rename.old:
                    args[position] = rename_keyword(arg, rename.new)
                    ctx.changed(self)
        return updated.with_changes(args=args)
