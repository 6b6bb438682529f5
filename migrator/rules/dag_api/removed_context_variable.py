from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule, string_value
from migrator.knowledge.context_variables import (
    ContextAttribute,
    ContextVariable,
    removed_attribute,
    removed_context_attributes,
    removed_context_variables,
    removed_in,
)
from migrator.knowledge.lifecycle import Status, target_at_least
from migrator.rules.base import Example, PythonRule
from migrator.rules.dag_api.airflow_calls import task_decorator_flavour

# Names task code conventionally gives the context mapping (`def f(**context)`, `def f(**kwargs)`).
_CONTEXT_NAMES = frozenset(
    {"context", "kwargs", "ctx", "kw", "kws", "context_kwargs", "task_context", "airflow_context"}
)
_PYTHON_CALLABLE = re.compile(r"\bpython_callable\s*=\s*([A-Za-z_]\w*)")

_callables_cache: tuple[PythonModule | None, frozenset[str]] = (None, frozenset())


def _python_callable_names(module: PythonModule) -> frozenset[str]:
    """Functions passed as `python_callable=` in this file (once per file, from the text)."""
    global _callables_cache
    cached_module, names = _callables_cache
    if cached_module is not module:
        names = frozenset(_PYTHON_CALLABLE.findall(module.text))
        _callables_cache = (module, names)
    return names


def is_context_mapping(node: ast.expr) -> bool:
    """`context`, `kwargs`, `my_context`, `get_current_context()`: expressions holding the task context."""
    if isinstance(node, ast.Name):
        return node.id in _CONTEXT_NAMES or node.id.endswith("_context")
    if isinstance(node, ast.Call):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        return name == "get_current_context"
    return False


def _context_key(node: ast.expr) -> str | None:
    """The key read by `context["key"]` or `context.get("key")`, or None."""
    if isinstance(node, ast.Subscript) and is_context_mapping(node.value):
        return string_value(node.slice)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and node.args
        and is_context_mapping(node.func.value)
    ):
        return string_value(node.args[0])
    return None


class RemovedContextVariable(PythonRule):
    """Python task code that reads a context variable Airflow 3 removed: `execution_date`,
    `next_ds`, `prev_ds`, `tomorrow_ds`, `yesterday_ds`, `next_execution_date`,
    `prev_execution_date_success`, `conf`, ... (the full table with each documented replacement is
    migrator/knowledge/context_variables.toml), and removed attributes of context objects
    (`dag_run.external_trigger`, `dag_run.execution_date`, `ti.execution_date`).

    Patterns found (beyond ruff, which only checks `@task` functions):

    - parameters of classic `python_callable` functions, `def load(ds, execution_date, **kwargs)`:
      a function passed as `python_callable=` in the same file, decorated with `@task`/`@task.xxx`,
      or taking `**kwargs`/`**context`;
    - `kwargs["prev_ds"]`, `context.get("next_ds")`, `get_current_context()["execution_date"]`
      (on the conventional names `context`, `kwargs`, `ctx`, `*_context`);
    - `dag_run.external_trigger`, `context["dag_run"].execution_date`, `ti.execution_date`.

    Only Airflow 3 targets are affected (2.x still provides the keys): a blocker there, because the
    callable gets no value (TypeError for a parameter, KeyError for a lookup). Jinja templates are
    rule MWAA206. `data` carries `variable`, `replacement` (a Python expression over the context keys
    listed in `requires`), `pattern` and `exact` (false where the replacement equals the old value only
    for regular schedules; see `condition` in the table).
    """

    code = "MWAA205"
    name = "removed-context-variable"
    title = "Removed context variable in Python code"
    family = Family.DAG_API
    severity = Severity.BLOCKER
    why = "Airflow 3 no longer puts these keys into the task context; the task fails when it runs."
    remedy = "Read the documented replacement instead (`logical_date`, `data_interval_end`, ...); `convert` rewrites it."
    fixable = True
    sources = (
        "apache/airflow upgrading_to_airflow3.rst (removed context keys)",
        "apache/airflow templates-ref.rst 2.x (Deprecated variables)",
        "apache-airflow 3.0.6 sdk/execution_time/task_runner.py (context keys provided)",
        "ruff AIR301 REMOVED_CONTEXT_KEYS",
    )
    examples = (
        Example(
            "from airflow.operators.python import PythonOperator\n"
            "def load(ds, execution_date, **kwargs):\n"
            "    print(kwargs['prev_ds'], kwargs.get('next_ds'))\n"
            "t = PythonOperator(task_id='load', python_callable=load)\n",
            expect_lines=(2, 3),
            target="3.0.6",
        ),
        Example(
            "from airflow.decorators import task\n"
            "from airflow.operators.python import get_current_context\n"
            "@task\n"
            "def report(\n"
            "    tomorrow_ds=None,\n"
            "):\n"
            "    context = get_current_context()\n"
            "    if context['dag_run'].external_trigger:\n"
            "        return context['yesterday_ds']\n",
            expect_lines=(5, 8, 9),
            target="3.0.6",
        ),
        Example(
            "def run(**context):\n    return context['execution_date']\n",
            target="2.10.3",
            note="2.x still provides the key",
        ),
        Example(
            "from airflow.decorators import task\n"
            "@task\n"
            "def report(ds, logical_date, data_interval_end, **context):\n"
            "    my_execution_date = context['logical_date']\n"
            "    row = {'execution_date': 1}\n"
            "    return row['execution_date'], context['params']['execution_date']\n",
            target="3.0.6",
            note="new keys, a plain dict and params are fine",
        ),
        Example(
            "def helper(execution_date):\n    return execution_date\n",
            target="3.0.6",
            note="a plain helper, not a task callable",
        ),
    )

    node_types = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Subscript, ast.Call, ast.Attribute)
    # `conf` alone would match every "config"/"dag_run.conf": only its quoted and parameter spellings.
    needles = (
        *(name for name in removed_context_variables() if name != "conf"),
        *(attribute.name for attribute in removed_context_attributes()),
        "'conf'",
        '"conf"',
        "conf,",
        "conf)",
        "conf:",
        "conf=",
    )

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        if not target_at_least(module.target, removed_in()):
            return
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from self._check_parameters(node, module)
        elif isinstance(node, ast.Attribute):
            yield from self._check_attribute(node, module)
        elif isinstance(node, ast.Subscript | ast.Call):
            key = _context_key(node)
            variable = removed_context_variables().get(key) if key else None
            if variable is not None:
                pattern = "subscript" if isinstance(node, ast.Subscript) else "get"
                yield from self._report(module, node, variable, pattern)

    def _is_task_callable(
        self, function: ast.FunctionDef | ast.AsyncFunctionDef, module: PythonModule
    ) -> bool:
        if function.name in _python_callable_names(module):
            return True
        kwarg = function.args.kwarg
        if kwarg is not None and (kwarg.arg in _CONTEXT_NAMES or kwarg.arg.endswith("_context")):
            return True
        return any(task_decorator_flavour(d, module) is not None for d in function.decorator_list)

    def _check_parameters(
        self, function: ast.FunctionDef | ast.AsyncFunctionDef, module: PythonModule
    ) -> Iterator[Finding]:
        variables = removed_context_variables()
        arguments = function.args
        parameters = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        hits = [p for p in parameters if p.arg in variables]
        if hits and self._is_task_callable(function, module):
            for parameter in hits:
                yield from self._report(module, parameter, variables[parameter.arg], "parameter")

    def _check_attribute(self, node: ast.Attribute, module: PythonModule) -> Iterator[Finding]:
        owner_node = node.value
        owner = owner_node.id if isinstance(owner_node, ast.Name) else _context_key(owner_node) or ""
        attribute = removed_attribute(owner, node.attr) if owner else None
        if attribute is not None and attribute.lifecycle.status(module.target) is Status.REMOVED:
            yield self.finding(
                module.location(node),
                f"`{owner}.{attribute.name}` was removed in Airflow {attribute.lifecycle.removed_in}; "
                f"use `{attribute.python}`",
                remedy=f"Replace `{owner}.{attribute.name}` with `{attribute.python}` ({attribute.condition}).",
                data=_attribute_data(attribute, "attribute"),
            )

    def _report(
        self, module: PythonModule, anchor: ast.AST, variable: ContextVariable, pattern: str
    ) -> Iterator[Finding]:
        if variable.lifecycle.status(module.target) is not Status.REMOVED:
            return
        if variable.has_replacement:
            message = (
                f"context variable `{variable.name}` was removed in Airflow {variable.lifecycle.removed_in}; "
                f"use `{variable.python}`"
            )
            remedy = f"Replace `{variable.name}` with `{variable.python}` ({variable.condition})."
        else:
            message = (
                f"context variable `{variable.name}` was removed in Airflow {variable.lifecycle.removed_in}"
            )
            remedy = f"Remove the use of `{variable.name}`: {variable.condition}."
        yield self.finding(
            module.location(anchor),
            message,
            remedy=remedy,
            fixable=variable.has_replacement,
            data=(
                ("variable", variable.name),
                ("replacement", variable.python),
                ("requires", ",".join(variable.requires)),
                ("pattern", pattern),
                ("exact", str(variable.exact).lower()),
            ),
        )


def _attribute_data(attribute: ContextAttribute, pattern: str) -> tuple[tuple[str, str], ...]:
    return (
        ("variable", attribute.name),
        ("replacement", attribute.python),
        ("pattern", pattern),
        ("exact", str(attribute.exact).lower()),
    )
