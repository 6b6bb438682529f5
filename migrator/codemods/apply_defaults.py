"""Remove the `@apply_defaults` decorator (rule MWAA210).

A no-op with a deprecation warning since Airflow 2.0 (BaseOperator's metaclass applies default_args)
and gone in Airflow 3, where the import fails. Removing it changes nothing at run time on any MWAA
version; its import goes when nothing else uses it.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from migrator.codemods.base import Codemod, CodemodExample, FileContext
from migrator.knowledge.lifecycle import Status
from migrator.knowledge.removed_callables import removed_callable
from migrator.knowledge.versions import TargetVersion


class ApplyDefaultsCodemod(Codemod):
    name = "apply-defaults"
    title = "Remove the no-op @apply_defaults decorator"
    fixes = ("MWAA210",)
    needles = ("apply_defaults",)
    tables = ("removed_callables",)
    examples: ClassVar[tuple[CodemodExample, ...]] = (
        CodemodExample(
            before="""from airflow.models import BaseOperator
from airflow.utils.decorators import apply_defaults


class RowCountOperator(BaseOperator):
    @apply_defaults  # needed on 1.10
    def __init__(self, table, **kwargs):
        super().__init__(**kwargs)
        self.table = table
""",
            after="""from airflow.models import BaseOperator


class RowCountOperator(BaseOperator):
    def __init__(self, table, **kwargs):
        super().__init__(**kwargs)
        self.table = table
""",
            target="2.10.3",
        ),
    )

    def applies_to(self, target: TargetVersion) -> bool:
        return removed_callable("apply_defaults").lifecycle.status(target) is not Status.CURRENT

    def leave_FunctionDef(
        self, original: cst.FunctionDef, updated: cst.FunctionDef, ctx: FileContext
    ) -> cst.FunctionDef:
        target = removed_callable("apply_defaults")
        kept: list[cst.Decorator] = []
        removed: list[cst.Decorator] = []
        for old, new in zip(original.decorators, updated.decorators, strict=True):
            expression = old.decorator
            if isinstance(expression, cst.Name | cst.Attribute) and target.matches(ctx.qualname(expression)):
                removed.append(new)
            else:
                kept.append(new)
        if not removed:
            return updated
        for decorator in removed:
            ctx.discard(decorator)
        ctx.changed(self, len(removed))
        if not kept and updated.decorators:
            # the def line takes over the comments that stood above the first decorator
            first = updated.decorators[0]
            return updated.with_changes(
                decorators=[],
                leading_lines=[*updated.leading_lines, *first.leading_lines, *updated.lines_after_decorators],
                lines_after_decorators=[],
            )
        return updated.with_changes(decorators=kept)
