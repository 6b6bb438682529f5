"""Which context variables a Jinja template reads, found by parsing it as Jinja (not by grepping).

`{{ execution_date }}` reads the context key; `{{ my_execution_date_var }}`, `{{ params.execution_date }}`,
`{{ ti.xcom_pull(key='execution_date') }}` and a name the template itself binds (`{% set ... %}`,
a `{% for %}` target, a macro argument) do not. Attribute reads such as `{{ dag_run.external_trigger }}`
are reported with their owner. When a string is not valid Jinja (a Go template, a brace in shell
code) a tokenising fallback looks inside `{{ }}` / `{% %}` blocks with the same rules.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

TEMPLATE_MARKERS = ("{{", "{%")
_BLOCK = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.DOTALL)
_STRING_LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", re.DOTALL)
_IDENTIFIER = re.compile(r"(?<![\w.])([A-Za-z_]\w*)(?:\s*\.\s*([A-Za-z_]\w*))?")


@dataclass(frozen=True, slots=True)
class TemplateUse:
    """A read of `name` (or of `owner.name` when `owner` is set) on `line` (1-based, in the template)."""

    name: str
    line: int
    owner: str = ""


def looks_like_template(text: str) -> bool:
    return "{{" in text or "{%" in text


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2

    # Airflow renders with the `do` extension enabled; parsing without it would reject {% do %}.
    return jinja2.Environment(extensions=["jinja2.ext.do"])


def template_uses(
    text: str, names: Collection[str], attributes: Collection[tuple[str, str]] = ()
) -> list[TemplateUse]:
    """Reads of the context variables `names` and of the `(owner, attribute)` pairs in `text`,
    in order of appearance."""
    return list(_cached_uses(text, frozenset(names), frozenset(attributes)))


@functools.lru_cache(maxsize=4096)
def _cached_uses(
    text: str, names: frozenset[str], attributes: frozenset[tuple[str, str]]
) -> tuple[TemplateUse, ...]:
    # DAG repositories repeat the same templates across files; parsing Jinja is the costly part.
    return tuple(_uses(text, names, attributes))


def _uses(text: str, names: Collection[str], attributes: Collection[tuple[str, str]]) -> list[TemplateUse]:
    import jinja2

    try:
        tree = _environment().parse(text)
    except jinja2.TemplateSyntaxError:
        return _fallback_uses(text, names, attributes)
    return _tree_uses(tree, names, attributes)


def _tree_uses(
    tree: jinja2.nodes.Template, names: Collection[str], attributes: Collection[tuple[str, str]]
) -> list[TemplateUse]:
    from jinja2 import nodes

    bound: set[str] = set()
    loads: list[nodes.Name] = []
    for name_node in tree.find_all(nodes.Name):
        if name_node.ctx == "load":
            loads.append(name_node)
        else:  # "store" (set, for targets, with) and "param" (macro / call-block arguments)
            bound.add(name_node.name)
    for imported in tree.find_all(nodes.FromImport):
        for item in imported.names:
            bound.add(item[1] if isinstance(item, tuple) else item)
    for imported_module in tree.find_all(nodes.Import):
        bound.add(imported_module.target)
    uses = [TemplateUse(n.name, n.lineno) for n in loads if n.name in names and n.name not in bound]
    if attributes:
        for getattr_node in tree.find_all(nodes.Getattr):
            owner = getattr_node.node
            if (
                isinstance(owner, nodes.Name)
                and owner.ctx == "load"
                and owner.name not in bound
                and (owner.name, getattr_node.attr) in attributes
            ):
                uses.append(TemplateUse(getattr_node.attr, getattr_node.lineno, owner.name))
    uses.sort(key=lambda use: use.line)
    return uses


def _fallback_uses(
    text: str, names: Collection[str], attributes: Collection[tuple[str, str]]
) -> list[TemplateUse]:
    uses: list[TemplateUse] = []
    for block in _BLOCK.finditer(text):
        body = block.group(1) if block.group(1) is not None else block.group(2)
        start = block.start(1) if block.group(1) is not None else block.start(2)
        # String literals inside the block ('execution_date' as an xcom key) are not reads.
        body = _STRING_LITERAL.sub(lambda m: " " * len(m.group(0)), body)
        for match in _IDENTIFIER.finditer(body):
            head, attribute = match.group(1), match.group(2)
            line = text.count("\n", 0, start + match.start()) + 1
            if attribute and (head, attribute) in attributes:
                uses.append(TemplateUse(attribute, line, head))
            elif head in names and not _followed_by_assignment(body, match.end(1)):
                uses.append(TemplateUse(head, line))
    return uses


def _followed_by_assignment(body: str, end: int) -> bool:
    rest = body[end:].lstrip()
    return rest.startswith("=") and not rest.startswith("==")
