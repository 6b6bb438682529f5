"""Context variables Airflow 3 removed, replaced by their documented equivalents (rules MWAA205/206).

Everywhere they occur, from `context_variables.toml` (each entry: a Jinja and a Python replacement
over the context keys Airflow 3 still provides):

- Jinja in any string literal (templated fields, SQL kept in variables, f-string text), rewritten on
  Jinja's own tokens: `{{ execution_date }}` -> `{{ logical_date }}`, `{{ next_ds }}` ->
  `{{ data_interval_end | ds }}`, `{{ prev_ds[:7] }}` -> `{{ ((...) | ds)[:7] }}`;
- `.sql`/`.sh` template files a task names (`sql="sql/load.sql"`): listed for the pipeline, which
  rewrites them in the output tree the same way;
- `context["next_ds"]`, `kwargs.get("execution_date")`, `get_current_context()["prev_ds"]`;
- parameters of task callables (`def load(ds, execution_date, **kwargs)`): renamed when the
  replacement is another context key (`execution_date` -> `logical_date`, also in the body), else
  the parameter becomes an assignment at the top of the function computed from the keys it needs;
- removed attributes: `dag_run.external_trigger`, `dag_run.execution_date`, `ti.execution_date`.

Replacements marked `exact = false` in the table (prev_* for irregular schedules) get a
`# mwaa-migrator:` comment saying when they hold. Only Airflow 3 targets are changed.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

import libcst as cst

from migrator.codemods.base import Codemod, CodemodExample, ConvertOptions, FileContext
from migrator.codemods.edit import string_value, with_string_value
from migrator.codemods.expressions import import_free_names, parenthesized, parse, substitute
from migrator.codemods.jinja_text import mentions, replace_variables
from migrator.codemods.shapes import is_task_call, task_decorator_flavour
from migrator.knowledge.context_variables import (
    ContextAttribute,
    ContextVariable,
    removed_context_attributes,
    removed_context_variables,
)
from migrator.knowledge.lifecycle import Status
from migrator.knowledge.versions import TargetVersion

# Names task code conventionally gives the context mapping (the same set rule MWAA205 uses).
_CONTEXT_NAMES = frozenset(
    {"context", "kwargs", "ctx", "kw", "kws", "context_kwargs", "task_context", "airflow_context"}
)
_PYTHON_CALLABLE = re.compile(r"\bpython_callable\s*=\s*([A-Za-z_]\w*)")
# Extensions of template files operators render (BashOperator.template_ext = (".sh", ".bash");
# SQL operators template_ext = (".sql",), Hive adds ".hql"); apache-airflow 2.10.3 / standard provider 1.x.
TEMPLATE_EXTENSIONS = (".sql", ".hql", ".sh", ".bash")


@dataclass(slots=True)
class _FunctionPlan:
    """What happens to one task callable: parameter renames and derived variables."""

    renames: dict[str, str] = field(default_factory=dict)  # old parameter -> context key
    drop: set[str] = field(default_factory=set)  # parameters removed (duplicates or derived)
    derived: list[ContextVariable] = field(default_factory=list)  # computed at the top of the body
    add_params: list[str] = field(default_factory=list)  # keyword-only parameters to add
    mapping: str = ""  # the **kwargs name the derived expressions read from ("" = parameters)


@functools.cache
def _variables(target: TargetVersion) -> dict[str, ContextVariable]:
    return {
        name: variable
        for name, variable in removed_context_variables().items()
        if variable.lifecycle.status(target) is Status.REMOVED and variable.has_replacement
    }


@functools.cache
def _attributes(target: TargetVersion) -> dict[tuple[str, str], ContextAttribute]:
    return {
        (owner, attribute.name): attribute
        for attribute in removed_context_attributes()
        if attribute.lifecycle.status(target) is Status.REMOVED
        for owner in attribute.owners
    }


@functools.cache
def _needles() -> tuple[str, ...]:
    return tuple(sorted({*removed_context_variables(), *(a.name for a in removed_context_attributes())}))


def condition_of(variable: ContextVariable) -> str:
    """The table's condition text, following "as <other variable>" references."""
    text = variable.condition
    for _ in range(4):
        if not text.startswith("as "):
            break
        other = removed_context_variables().get(text[3:].strip())
        if other is None:
            break
        text = other.condition
    return text


def _is_rename(variable: ContextVariable) -> bool:
    return len(variable.requires) == 1 and variable.python == variable.requires[0]


def _adapt_quotes(expression: str, quote: str) -> str:
    """A Jinja expression to put inside a Python string delimited by `quote`."""
    if len(quote) == 3 or quote not in expression:
        return expression
    other = '"' if quote == "'" else "'"
    return expression.replace(quote, other)


def is_context_mapping(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.Name):
        return node.value in _CONTEXT_NAMES or node.value.endswith("_context")
    if isinstance(node, cst.Call):
        func = node.func
        name = (
            func.value
            if isinstance(func, cst.Name)
            else func.attr.value
            if isinstance(func, cst.Attribute)
            else ""
        )
        return name == "get_current_context"
    return False


def _subscript_key(node: cst.Subscript) -> tuple[str, cst.SimpleString] | None:
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    key = node.slice[0].slice.value
    value = string_value(key)
    if value is None or not isinstance(key, cst.SimpleString):
        return None
    return value, key


def _lookup(mapping: cst.BaseExpression, key: str, quote_like: cst.SimpleString | None) -> cst.Subscript:
    literal = with_string_value(quote_like, key) if quote_like is not None else cst.SimpleString(f'"{key}"')
    return cst.Subscript(value=mapping, slice=[cst.SubscriptElement(slice=cst.Index(value=literal))])


class ContextVariablesCodemod(Codemod):
    name = "context-variables"
    title = "Replace context variables Airflow 3 removed with their documented equivalents"
    fixes = ("MWAA205", "MWAA206")
    tables = ("context_variables",)
    examples: ClassVar[tuple[CodemodExample, ...]] = (
        CodemodExample(
            before='''from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.python import PythonOperator


def build_window(ds, execution_date, next_ds, **kwargs):
    """Ask the API for this run's interval."""
    print(kwargs["prev_ds"], kwargs.get("tomorrow_ds"))
    return {"since": execution_date.isoformat(), "until": next_ds}


window = PythonOperator(task_id="build_window", python_callable=build_window)
report = BashOperator(task_id="report", bash_command="report.sh {{ execution_date }} {{ next_ds }}")
''',
            after='''from datetime import timedelta
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.python import PythonOperator


def build_window(ds, logical_date, **kwargs):
    """Ask the API for this run's interval."""
    next_ds = kwargs["data_interval_end"].strftime('%Y-%m-%d')
    # mwaa-migrator: prev_ds: equal when consecutive intervals have the same length (timedelta, @hourly/@daily/@weekly, any cron firing at a fixed period); 2.x used dag.previous_schedule(logical_date)
    print((kwargs["data_interval_start"] - (kwargs["data_interval_end"] - kwargs["data_interval_start"])).strftime('%Y-%m-%d'), (kwargs["logical_date"] + timedelta(days=1)).strftime('%Y-%m-%d'))
    return {"since": logical_date.isoformat(), "until": next_ds}


window = PythonOperator(task_id="build_window", python_callable=build_window)
report = BashOperator(task_id="report", bash_command="report.sh {{ logical_date }} {{ data_interval_end | ds }}")
''',
            target="3.0.6",
        ),
    )

    def applies_to(self, target: TargetVersion) -> bool:
        return bool(_variables(target) or _attributes(target))

    def active(self, text: str) -> bool:
        return any(needle in text for needle in _needles())

    def line_words(
        self, text: str, tree: ast.Module, target: TargetVersion, options: ConvertOptions
    ) -> tuple[str, ...]:
        return _needles()

    def table_sizes(self) -> dict[str, int]:
        return {
            "context_variables.variable": len(removed_context_variables()),
            "context_variables.attribute": len(removed_context_attributes()),
        }

    # ------------------------------------------------------------------ per-file state

    def prepare(self, module: cst.Module, ctx: FileContext) -> None:
        variables = _variables(ctx.target)
        ctx.scratch["cv.variables"] = variables
        ctx.scratch["cv.jinja"] = {name: v.jinja for name, v in variables.items()}
        ctx.scratch["cv.jinja_attributes"] = {
            key: a.jinja for key, a in _attributes(ctx.target).items() if a.jinja
        }
        ctx.scratch["cv.callables"] = frozenset(_PYTHON_CALLABLE.findall(ctx.text))
        ctx.scratch["cv.functions"] = []  # stack of (_FunctionPlan | None, context mapping name)

    def _stack(self, ctx: FileContext) -> list[tuple[_FunctionPlan | None, str]]:
        stack: list[tuple[_FunctionPlan | None, str]] = ctx.scratch["cv.functions"]
        return stack

    # ------------------------------------------------------------------ Jinja in strings

    def leave_SimpleString(
        self, original: cst.SimpleString, updated: cst.SimpleString, ctx: FileContext
    ) -> cst.BaseExpression:
        if "b" in updated.prefix.lower():
            return updated
        jinja: dict[str, str] = ctx.scratch["cv.jinja"]
        attributes: dict[tuple[str, str], str] = ctx.scratch["cv.jinja_attributes"]
        value = updated.value
        if not mentions(value, jinja.keys() | {name for _, name in attributes}):
            return updated
        start = len(updated.prefix) + len(updated.quote)
        body = value[start : len(value) - len(updated.quote)]
        new_body, replaced = self._rewrite_jinja(body, updated.quote, jinja, attributes)
        if not replaced:
            return updated
        ctx.changed(self, len(replaced))
        return updated.with_changes(value=value[:start] + new_body + updated.quote)

    def leave_FormattedStringText(
        self, original: cst.FormattedStringText, updated: cst.FormattedStringText, ctx: FileContext
    ) -> cst.FormattedStringText:
        jinja: dict[str, str] = ctx.scratch["cv.jinja"]
        attributes: dict[tuple[str, str], str] = ctx.scratch["cv.jinja_attributes"]
        if not mentions(updated.value, jinja.keys() | {name for _, name in attributes}):
            return updated
        new_value, replaced = self._rewrite_jinja(updated.value, '"', jinja, attributes)
        if not replaced:
            return updated
        ctx.changed(self, len(replaced))
        return updated.with_changes(value=new_value)

    @staticmethod
    def _rewrite_jinja(
        text: str, quote: str, jinja: dict[str, str], attributes: dict[tuple[str, str], str]
    ) -> tuple[str, list[str]]:
        variables = {name: _adapt_quotes(expr, quote) for name, expr in jinja.items()}
        owned = {key: _adapt_quotes(expr, quote) for key, expr in attributes.items()}
        return replace_variables(text, variables, owned)

    # ------------------------------------------------------------------ template files

    def leave_Call(self, original: cst.Call, updated: cst.Call, ctx: FileContext) -> cst.BaseExpression:
        if is_task_call(original, ctx):
            for arg in original.args:
                if arg.keyword is None:
                    continue
                values = arg.value.elements if isinstance(arg.value, cst.List | cst.Tuple) else [arg.value]
                for item in values:
                    node = item.value if isinstance(item, cst.BaseElement) else item
                    text = string_value(node) if isinstance(node, cst.BaseExpression) else None
                    if text and text.endswith(TEMPLATE_EXTENSIONS) and "{" not in text and "\n" not in text:
                        ctx.template_files.add(text)
            return updated
        return self._get_call(original, updated, ctx)

    # ------------------------------------------------------------------ context lookups

    def leave_Subscript(
        self, original: cst.Subscript, updated: cst.Subscript, ctx: FileContext
    ) -> cst.BaseExpression:
        if not is_context_mapping(original.value):
            return updated
        found = _subscript_key(updated)
        if found is None:
            return updated
        key, literal = found
        variable: ContextVariable | None = ctx.scratch["cv.variables"].get(key)
        if variable is None:
            return updated
        if _is_rename(variable):
            ctx.changed(self)
            new_index = cst.Index(value=with_string_value(literal, variable.requires[0]))
            return updated.with_changes(slice=[updated.slice[0].with_changes(slice=new_index)])
        replacement = self._derived(variable, updated.value, literal, ctx)
        if replacement is None:
            return updated
        ctx.swap(updated, replacement)
        ctx.changed(self)
        return replacement

    def _get_call(self, original: cst.Call, updated: cst.Call, ctx: FileContext) -> cst.BaseExpression:
        func = updated.func
        if not (
            isinstance(func, cst.Attribute)
            and func.attr.value == "get"
            and updated.args
            and isinstance(original.func, cst.Attribute)
            and is_context_mapping(original.func.value)
        ):
            return updated
        first = updated.args[0]
        key = string_value(first.value)
        variable: ContextVariable | None = ctx.scratch["cv.variables"].get(key) if key else None
        if variable is None or not isinstance(first.value, cst.SimpleString):
            return updated
        if _is_rename(variable):
            ctx.changed(self)
            new_first = first.with_changes(value=with_string_value(first.value, variable.requires[0]))
            return updated.with_changes(args=[new_first, *updated.args[1:]])
        replacement = self._derived(variable, func.value, first.value, ctx)
        if replacement is None:
            return updated
        ctx.swap(updated, replacement)
        ctx.changed(self)
        return replacement

    def _derived(
        self,
        variable: ContextVariable,
        mapping: cst.BaseExpression,
        literal: cst.SimpleString | None,
        ctx: FileContext,
    ) -> cst.BaseExpression | None:
        """The table's Python expression, reading each required key from `mapping`."""
        if not import_free_names(variable.python, ctx, skip=set(variable.requires)):
            ctx.note(
                self, f"`{variable.name}` left as is: its replacement needs names this file binds otherwise"
            )
            return None
        expression = substitute(variable.python, {k: _lookup(mapping, k, literal) for k in variable.requires})
        if not variable.exact:
            ctx.comment_statement(f"{variable.name}: {condition_of(variable)}")
        return parenthesized(expression)

    # ------------------------------------------------------------------ removed attributes

    def leave_Attribute(
        self, original: cst.Attribute, updated: cst.Attribute, ctx: FileContext
    ) -> cst.BaseExpression:
        owner_node = original.value
        if isinstance(owner_node, cst.Name):
            owner = owner_node.value
        elif isinstance(owner_node, cst.Subscript) and is_context_mapping(owner_node.value):
            found = _subscript_key(owner_node)
            owner = found[0] if found else ""
        else:
            return updated
        attribute = _attributes(ctx.target).get((owner, original.attr.value))
        if attribute is None or not attribute.python:
            return updated
        python = attribute.python
        mapping_names = {"context"} & {n.value for n in _names(parse(python))}
        substitutions: dict[str, cst.BaseExpression] = {owner: updated.value}
        if mapping_names:
            context_name = self._context_name(ctx)
            if not context_name:
                return updated
            substitutions["context"] = cst.Name(context_name)
        replacement = parenthesized(substitute(python, substitutions))
        if not attribute.exact:
            ctx.comment_statement(f"{owner}.{attribute.name}: {attribute.condition}")
        ctx.swap(updated, replacement)
        ctx.changed(self)
        return replacement

    def _context_name(self, ctx: FileContext) -> str:
        for _plan, mapping in reversed(self._stack(ctx)):
            if mapping:
                return mapping
        return ""

    # ------------------------------------------------------------------ task callables

    def visit_FunctionDef(self, node: cst.FunctionDef, ctx: FileContext) -> None:
        mapping = ""
        star = node.params.star_kwarg
        if star is not None and (star.name.value in _CONTEXT_NAMES or star.name.value.endswith("_context")):
            mapping = star.name.value
        else:
            for param in node.params.params:
                if param.name.value in ("context", "ctx"):
                    mapping = param.name.value
        plan = self._plan(node, ctx) if self._is_task_callable(node, ctx) else None
        self._stack(ctx).append((plan, mapping))

    def _is_task_callable(self, node: cst.FunctionDef, ctx: FileContext) -> bool:
        if node.name.value in ctx.scratch["cv.callables"]:
            return True
        star = node.params.star_kwarg
        if star is not None and (star.name.value in _CONTEXT_NAMES or star.name.value.endswith("_context")):
            return True
        return any(task_decorator_flavour(d.decorator, ctx) is not None for d in node.decorators)

    def _plan(self, node: cst.FunctionDef, ctx: FileContext) -> _FunctionPlan | None:
        variables: dict[str, ContextVariable] = ctx.scratch["cv.variables"]
        params = [*node.params.posonly_params, *node.params.params, *node.params.kwonly_params]
        names = {p.name.value for p in params}
        hits = [p.name.value for p in params if p.name.value in variables]
        if not hits:
            return None
        plan = _FunctionPlan()
        star = node.params.star_kwarg
        plan.mapping = star.name.value if star is not None else ""
        for name in hits:
            variable = variables[name]
            if _is_rename(variable):
                new = variable.requires[0]
                plan.renames[name] = new
                if new in names:
                    plan.drop.add(name)
                names.add(new)
                continue
            if not import_free_names(variable.python, ctx, skip=set(variable.requires)):
                continue
            plan.drop.add(name)
            plan.derived.append(variable)
            if not plan.mapping:
                for key in variable.requires:
                    if key not in names and key not in plan.add_params:
                        plan.add_params.append(key)
        return plan if (plan.renames or plan.derived) else None

    def leave_Param(self, original: cst.Param, updated: cst.Param, ctx: FileContext) -> cst.Param:
        stack = self._stack(ctx)
        if stack:
            plan = stack[-1][0]
            if plan is not None and updated.name.value in plan.renames:
                return updated.with_changes(
                    name=updated.name.with_changes(value=plan.renames[updated.name.value])
                )
        return updated

    def leave_Name(self, original: cst.Name, updated: cst.Name, ctx: FileContext) -> cst.Name:
        stack = self._stack(ctx)
        if not stack or not ctx.is_reference(original):
            return updated
        for plan, _mapping in reversed(stack):
            if plan is not None and updated.value in plan.renames:
                return updated.with_changes(value=plan.renames[updated.value])
        return updated

    def leave_FunctionDef(
        self, original: cst.FunctionDef, updated: cst.FunctionDef, ctx: FileContext
    ) -> cst.FunctionDef:
        plan, _mapping = self._stack(ctx).pop()
        if plan is None:
            return updated
        params = updated.params
        original_params = [
            *original.params.posonly_params,
            *original.params.params,
            *original.params.kwonly_params,
        ]
        dropped = {id(p) for p in original_params if p.name.value in plan.drop}

        def keep(
            group_original: Sequence[cst.Param],
            group: Sequence[cst.Param],
        ) -> list[cst.Param]:
            kept = [new for old, new in zip(group_original, group, strict=True) if id(old) not in dropped]
            if kept and len(kept) != len(group):
                kept[-1] = kept[-1].with_changes(comma=group[-1].comma)
            return kept

        params = params.with_changes(
            posonly_params=keep(original.params.posonly_params, params.posonly_params),
            params=keep(original.params.params, params.params),
            kwonly_params=keep(original.params.kwonly_params, params.kwonly_params),
        )
        if plan.add_params:
            extra = [cst.Param(name=cst.Name(key)) for key in plan.add_params]
            star_arg = params.star_arg
            if isinstance(star_arg, cst.MaybeSentinel):
                star_arg = cst.ParamStar()
            params = params.with_changes(star_arg=star_arg, kwonly_params=[*params.kwonly_params, *extra])
        body = updated.body
        if plan.derived and isinstance(body, cst.IndentedBlock):
            statements = list(body.body)
            position = 1 if statements and _is_docstring(statements[0]) else 0
            new_lines = []
            for variable in plan.derived:
                mapping = cst.Name(plan.mapping) if plan.mapping else None
                substitutions: dict[str, cst.BaseExpression] = {
                    key: _lookup(mapping, key, None) if mapping is not None else cst.Name(key)
                    for key in variable.requires
                }
                value = substitute(variable.python, substitutions)
                line = cst.SimpleStatementLine(
                    body=[cst.Assign(targets=[cst.AssignTarget(target=cst.Name(variable.name))], value=value)]
                )
                if not variable.exact:
                    from migrator.codemods.edit import comment_text

                    line = line.with_changes(
                        leading_lines=[
                            cst.EmptyLine(
                                comment=cst.Comment(
                                    comment_text(f"{variable.name}: {condition_of(variable)}")
                                )
                            )
                        ]
                    )
                ctx.introduce(line)
                new_lines.append(line)
            statements[position:position] = new_lines
            body = body.with_changes(body=statements)
        ctx.changed(self, len(plan.renames) + len(plan.derived))
        return updated.with_changes(params=params, body=body)


def _names(node: cst.CSTNode) -> list[cst.Name]:
    found: list[cst.Name] = []

    class _Collect(cst.CSTVisitor):
        def visit_Name(self, name: cst.Name) -> None:
            found.append(name)

    node.visit(_Collect())
    return found


def _is_docstring(stmt: cst.CSTNode) -> bool:
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and len(stmt.body) == 1
        and isinstance(stmt.body[0], cst.Expr)
        and isinstance(stmt.body[0].value, cst.SimpleString | cst.ConcatenatedString)
    )
