from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule
from migrator.knowledge.context_variables import removed_context_attributes, removed_context_variables, removed_in
from migrator.knowledge.lifecycle import target_at_least
from migrator.rules.base import Example, PythonRule
from migrator.rules.dag_api.jinja_names import looks_like_template, template_uses


@functools.cache
def _candidate_pattern() -> re.Pattern[str]:
    """A cheap first test on a string: does any removed name occur as a word at all?"""
    words = {*removed_context_variables(), *(a.name for a in removed_context_attributes())}
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words))) + r")\b")


@functools.cache
def _attribute_pairs() -> frozenset[tuple[str, str]]:
    return frozenset((owner, a.name) for a in removed_context_attributes() for owner in a.owners)


class RemovedContextVariableInTemplate(PythonRule):
    """A Jinja template string that reads a context variable Airflow 3 removed:
    `"{{ execution_date }}"`, `"{{ next_ds }}"`, `"{{ prev_execution_date_success }}"`,
    `"{{ macros.ds_add(yesterday_ds, 1) }}"`, `"{{ dag_run.external_trigger }}"`, `"{{ conf.get(...) }}"`.

    The string is parsed as Jinja, so only real reads count: `{{ my_execution_date_var }}`,
    `{{ params.execution_date }}`, `{{ ti.xcom_pull(key='execution_date') }}`, `{{ dag_run.conf }}` and
    names the template binds itself (`{% set execution_date = logical_date %}`) are not reported.
    Any string constant of a DAG file is looked at (templated fields, `op_kwargs`, `params`, SQL held
    in variables), not only literal operator arguments; docstrings are skipped. The reported line is
    the line of the read inside a multi-line string.

    Airflow renders templates with StrictUndefined, so on 3.x targets a removed name makes the task
    fail at render time: a blocker. 2.x targets still provide the keys. `data` carries `variable`,
    `replacement` (the Jinja expression from migrator/knowledge/context_variables.toml) and `exact`.
    Referenced `.sql`/`.sh` template files are not read by `assess` (only by `convert`).
    """

    code = "MWAA206"
    name = "removed-context-variable-in-template"
    title = "Removed context variable in a Jinja template"
    family = Family.DAG_API
    severity = Severity.BLOCKER
    why = "Airflow 3 templates cannot render the removed context variables; the task fails at render time."
    remedy = "Use the documented replacement (`{{ logical_date }}`, `{{ data_interval_end | ds }}`, `{{ macros.ds_add(ds, 1) }}`, ...); `convert` rewrites it."
    fixable = True
    sources = (
        "apache/airflow upgrading_to_airflow3.rst (removed context keys)",
        "apache/airflow templates-ref.rst 2.x (Deprecated variables and their successors)",
        "apache-airflow 3.0.6 sdk/execution_time/task_runner.py, sdk/execution_time/macros.py",
    )
    examples = (
        Example(
            "from airflow.operators.bash import BashOperator\n"
            "t = BashOperator(task_id='t', bash_command='run.sh {{ execution_date }} {{ next_ds }}')\n",
            expect_lines=(2,),
            target="3.0.6",
            fixed="from airflow.operators.bash import BashOperator\n"
            "t = BashOperator(task_id='t', bash_command='run.sh {{ logical_date }} {{ data_interval_end | ds }}')\n",
        ),
        Example(
            'SQL = """\n'
            "SELECT *\n"
            "FROM events\n"
            "WHERE day >= '{{ prev_ds }}'\n"
            "  AND day < '{{ macros.ds_add(tomorrow_ds_nodash, 1) }}'\n"
            '"""\n',
            expect_lines=(4, 5),
            target="3.0.6",
        ),
        Example(
            "from airflow.operators.python import PythonOperator\n"
            "t = PythonOperator(\n"
            "    task_id='t',\n"
            "    python_callable=print,\n"
            "    op_kwargs={'manual': '{{ dag_run.external_trigger }}', 'when': '{{prev_execution_date_success}}'},\n"
            ")\n",
            expect_lines=(5,),
            target="3.0.6",
        ),
        Example(
            "CMD = 'echo {{ my_execution_date_var }} {{ params.execution_date }} {{ dag_run.conf }}'\n"
            "KEY = \"{{ ti.xcom_pull(key='execution_date') }}\"\n"
            "SET = '{% set execution_date = logical_date %}{{ execution_date }}'\n"
            "PLAIN = 'execution_date is not a template here'\n",
            target="3.0.6",
        ),
        Example(
            "CMD = 'echo {{ execution_date }}'\n",
            target="2.10.3",
            note="2.x still provides the key",
        ),
    )

    node_types = (ast.Expr, ast.Constant)
    needles = ("{{", "{%")

    def __init__(self) -> None:
        self._docstring: ast.AST | None = None

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        if isinstance(node, ast.Expr):
            # A bare string statement (docstring) is visited right after its Expr: skip it.
            self._docstring = node.value if isinstance(node.value, ast.Constant) else None
            return
        assert isinstance(node, ast.Constant)
        if node is self._docstring:
            self._docstring = None
            return
        text = node.value
        if (
            not isinstance(text, str)
            or not looks_like_template(text)
            or not target_at_least(module.target, removed_in())
            or not _candidate_pattern().search(text)
        ):
            return
        variables = removed_context_variables()
        seen: set[tuple[int, str]] = set()
        for use in template_uses(text, variables, _attribute_pairs()):
            line = _source_line(node, use.line)
            label = f"{use.owner}.{use.name}" if use.owner else use.name
            if (line, label) in seen:
                continue
            seen.add((line, label))
            yield from self._report(module, line, node, use.owner, use.name)

    def _report(
        self, module: PythonModule, line: int, node: ast.Constant, owner: str, name: str
    ) -> Iterator[Finding]:
        location = module.location_at(line, node.col_offset + 1 if line == node.lineno else 1)
        if owner:
            attribute = next(a for a in removed_context_attributes() if a.name == name and owner in a.owners)
            label, replacement, exact = f"{owner}.{name}", attribute.jinja, attribute.exact
            removed_in, condition = attribute.lifecycle.removed_in, attribute.condition
        else:
            variable = removed_context_variables()[name]
            label, replacement, exact = name, variable.jinja, variable.exact
            removed_in, condition = variable.lifecycle.removed_in, variable.condition
        if replacement:
            message = (
                f"template reads `{label}`, removed in Airflow {removed_in}; use `{{{{ {replacement} }}}}`"
            )
            remedy = f"Replace `{label}` with `{replacement}` in the template ({condition})."
        else:
            message = f"template reads `{label}`, removed in Airflow {removed_in}"
            remedy = f"Remove `{label}` from the template: {condition}."
        yield self.finding(
            location,
            message,
            remedy=remedy,
            fixable=bool(replacement),
            data=(
                ("variable", label),
                ("replacement", replacement),
                ("pattern", "jinja"),
                ("exact", str(exact).lower()),
            ),
        )


def _source_line(node: ast.Constant, template_line: int) -> int:
    """Map a line of the string's value to a line of the file: exact for a triple-quoted literal
    spanning lines; a one-line literal (with `\\n` escapes) stays on its own line."""
    start = node.lineno
    end = node.end_lineno or start
    if end == start:
        return start
    return min(start + template_line - 1, end)
