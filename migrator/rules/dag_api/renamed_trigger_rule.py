from __future__ import annotations

import ast
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule, string_value
from migrator.knowledge.arguments import TriggerRuleRename, trigger_rule_renames
from migrator.rules.base import Example, PythonRule
from migrator.rules.dag_api.airflow_calls import default_args_entries
from migrator.rules.dag_api.version_severity import lifecycle_phrase, severity_for

_TRIGGER_RULE_ENUMS = ("airflow.utils.trigger_rule.TriggerRule", "airflow.task.trigger_rule.TriggerRule")


class RenamedTriggerRule(PythonRule):
    """A trigger rule Airflow renamed: `"dummy"` -> `"always"` and `"none_failed_or_skipped"` ->
    `"none_failed_min_one_success"`, written as a string (`trigger_rule="dummy"`, also in
    `default_args` and `@task(trigger_rule=...)`) or as the enum member (`TriggerRule.DUMMY`,
    anywhere: the attribute no longer exists on Airflow 3).

    Deprecated on every MWAA 2.x version (the operator warns), an error on 3.x: the string is not a
    valid trigger rule and the enum member raises AttributeError. `data` carries `value`,
    `replacement` (the new string, or the new enum member) and `form` (`string` or `enum`).
    """

    code = "MWAA204"
    name = "renamed-trigger-rule"
    title = "Renamed trigger rule"
    family = Family.DAG_API
    severity = Severity.BLOCKER
    why = "Airflow 3 no longer knows the old trigger-rule names; the DAG fails to load."
    remedy = "Use `always` instead of `dummy` and `none_failed_min_one_success` instead of `none_failed_or_skipped`."
    fixable = True
    sources = (
        "apache-airflow 2.7.2-2.11.0 baseoperator.py (deprecation warnings), utils/trigger_rule.py",
        "apache-airflow 3.0.6 utils/trigger_rule.py (no DUMMY, no NONE_FAILED_OR_SKIPPED)",
        "ruff AIR301 check_trigger_rule_argument_value",
    )
    examples = (
        Example(
            "from airflow.operators.empty import EmptyOperator\n"
            "from airflow.utils.trigger_rule import TriggerRule\n"
            "a = EmptyOperator(task_id='a', trigger_rule='none_failed_or_skipped')\n"
            "b = EmptyOperator(task_id='b', trigger_rule=TriggerRule.DUMMY)\n",
            expect_lines=(3, 4),
            target="3.0.6",
            fixed="from airflow.operators.empty import EmptyOperator\n"
            "from airflow.utils.trigger_rule import TriggerRule\n"
            "a = EmptyOperator(task_id='a', trigger_rule='none_failed_min_one_success')\n"
            "b = EmptyOperator(task_id='b', trigger_rule=TriggerRule.ALWAYS)\n",
        ),
        Example(
            "default_args = {\n    'owner': 'x',\n    'trigger_rule': 'dummy',\n}\n",
            expect_lines=(3,),
            target="2.10.3",
            note="deprecated on 2.x",
        ),
        Example(
            "from airflow.decorators import task\n@task(trigger_rule='dummy')\ndef t():\n    pass\n",
            expect_lines=(2,),
            target="3.0.6",
        ),
        Example(
            "from airflow.operators.empty import EmptyOperator\n"
            "from airflow.utils.trigger_rule import TriggerRule\n"
            "a = EmptyOperator(task_id='a', trigger_rule='none_failed_min_one_success')\n"
            "b = EmptyOperator(task_id='b', trigger_rule=TriggerRule.ALWAYS)\n"
            "label = 'dummy'\n",
            target="3.0.6",
        ),
    )

    node_types = (ast.Call, ast.Assign, ast.AnnAssign, ast.Attribute)
    needles = ("'dummy'", '"dummy"', "DUMMY", "none_failed_or_skipped", "NONE_FAILED_OR_SKIPPED")

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        renames = trigger_rule_renames()
        if isinstance(node, ast.Attribute):
            for rename in renames.values():
                if node.attr == rename.enum_old and module.qualname(node.value) in _TRIGGER_RULE_ENUMS:
                    yield from self._report(module, node, rename, "enum")
            return
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg == "trigger_rule":
                    yield from self._check_value(module, kw, kw.value, renames)
        for entry in default_args_entries(node, module):
            if entry.key == "trigger_rule":
                yield from self._check_value(module, entry.anchor, entry.value, renames)

    def _check_value(
        self, module: PythonModule, anchor: ast.AST, value: ast.expr, renames: dict[str, TriggerRuleRename]
    ) -> Iterator[Finding]:
        text = string_value(value)
        if text in renames:
            yield from self._report(module, anchor, renames[text], "string")

    def _report(
        self, module: PythonModule, anchor: ast.AST, rename: TriggerRuleRename, form: str
    ) -> Iterator[Finding]:
        severity = severity_for(rename.lifecycle.status(module.target))
        if severity is None:
            return
        old = rename.old if form == "string" else f"TriggerRule.{rename.enum_old}"
        new = rename.new if form == "string" else f"TriggerRule.{rename.enum_new}"
        yield self.finding(
            module.location(anchor),
            f"trigger rule `{old}` {lifecycle_phrase(rename.lifecycle, module.target)}; use `{new}`",
            remedy=f"Replace `{old}` with `{new}`.",
            severity=severity,
            data=(("value", old), ("replacement", new), ("form", form)),
        )
