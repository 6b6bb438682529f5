"""Replace removed context variables inside Jinja template text (string literals and template files).

Works on the token stream of Jinja's own lexer, whose tokens concatenate back to the exact source,
so everything outside the replaced names (SQL, shell, whitespace, comments) is kept byte for byte.
A name is replaced only where it is a variable of the template context: not after `.` (an
attribute), not after `|` or `is` (a filter or test), not as a keyword argument (`f(x=1)`), and not
where the template itself defines it (`{% set %}`, `{% for %}`, macro parameters).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

import jinja2

_EXPRESSION_OPEN = {"variable_begin", "block_begin"}
_EXPRESSION_CLOSE = {"variable_end", "block_end"}
# `{{ execution_date }}`-like text that Jinja cannot lex (a str.format template with doubled braces,
# a template cut in two by string concatenation): a plain scan of {{ }} / {% %} regions instead.
_REGION = re.compile(r"(\{\{+|\{%)(.*?)(\}\}+|%\})", re.DOTALL)
_TOKEN = re.compile(
    r"""(?P<string>'[^']*'|"[^"]*")|(?P<name>[A-Za-z_][A-Za-z_0-9]*)|(?P<other>\s+|.)""", re.DOTALL
)
_SIMPLE = re.compile(r"^[A-Za-z_][A-Za-z_0-9]*(\.[A-Za-z_][A-Za-z_0-9]*)*$")


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment()


def mentions(text: str, names: frozenset[str] | set[str]) -> bool:
    """Cheap test: does `text` hold a Jinja block and one of `names`?"""
    if "{{" not in text and "{%" not in text:
        return False
    return any(name in text for name in names)


def _tokens(text: str) -> list[tuple[str, str]] | None:
    try:
        raw = [(kind, value) for _, kind, value in _environment().lex(text)]
    except jinja2.TemplateSyntaxError:
        return None
    if "".join(value for _, value in raw) != text:
        return None
    return raw


def _regex_tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    position = 0
    for match in _REGION.finditer(text):
        if match.start() > position:
            out.append(("data", text[position : match.start()]))
        out.append(("variable_begin", match.group(1)))
        for token in _TOKEN.finditer(match.group(2)):
            if token.lastgroup == "name":
                out.append(("name", token.group()))
            elif token.lastgroup == "string":
                out.append(("string", token.group()))
            elif token.group().isspace():
                out.append(("whitespace", token.group()))
            else:
                out.append(("operator", token.group()))
        out.append(("variable_end", match.group(3)))
        position = match.end()
    if position < len(text):
        out.append(("data", text[position:]))
    return out


def _locally_defined(tokens: list[tuple[str, str]]) -> set[str]:
    """Names the template binds itself: `{% set x %}`, `{% for x, y in %}`, `{% macro m(a, b) %}`."""
    defined: set[str] = set()
    significant = [(k, v) for k, v in tokens if k != "whitespace"]
    for index, (kind, value) in enumerate(significant):
        if kind != "name" or index == 0 or significant[index - 1][0] != "block_begin":
            continue
        if value in ("set", "for", "macro", "with"):
            j = index + 1
            while j < len(significant) and significant[j][0] not in _EXPRESSION_CLOSE:
                k, v = significant[j]
                if value == "for" and k == "name" and v == "in":
                    break
                if value == "set" and k == "operator" and v == "=":
                    break
                if k == "name":
                    defined.add(v)
                j += 1
    return defined


def replace_variables(
    text: str,
    variables: Mapping[str, str],
    attributes: Mapping[tuple[str, str], str] | None = None,
) -> tuple[str, list[str]]:
    """`text` with every context variable in `variables` (name -> Jinja expression) replaced, and
    every `owner.attr` in `attributes` ((owner, attr) -> expression); also the names replaced."""
    attributes = attributes or {}
    tokens = _tokens(text)
    if tokens is None:
        tokens = _regex_tokens(text)
    local = _locally_defined(tokens)
    out: list[str] = []
    replaced: list[str] = []
    inside = False
    index = 0
    count = len(tokens)

    def neighbour(start: int, step: int) -> tuple[str, str]:
        j = start + step
        while 0 <= j < count and tokens[j][0] == "whitespace":
            j += step
        return tokens[j] if 0 <= j < count else ("", "")

    while index < count:
        kind, value = tokens[index]
        if kind in _EXPRESSION_OPEN:
            inside = True
        elif kind in _EXPRESSION_CLOSE:
            inside = False
        if not inside or kind != "name" or value in local:
            out.append(value)
            index += 1
            continue
        before = neighbour(index, -1)
        after = neighbour(index, 1)
        if before in (("operator", "."), ("operator", "|"), ("name", "is")) or after == ("operator", "="):
            out.append(value)
            index += 1
            continue
        # owner.attr (dag_run.external_trigger)
        if after == ("operator", ".") and attributes:
            j = index + 1
            while tokens[j][0] == "whitespace":
                j += 1
            k = j + 1
            while k < count and tokens[k][0] == "whitespace":
                k += 1
            if k < count and tokens[k][0] == "name" and (value, tokens[k][1]) in attributes:
                expression = attributes[(value, tokens[k][1])]
                alone = (
                    neighbour(index, -1)[0] in _EXPRESSION_OPEN and neighbour(k, 1)[0] in _EXPRESSION_CLOSE
                )
                out.append(expression if alone or _SIMPLE.match(expression) else f"({expression})")
                replaced.append(f"{value}.{tokens[k][1]}")
                index = k + 1
                continue
        if value not in variables:
            out.append(value)
            index += 1
            continue
        expression = variables[value]
        alone = before[0] in _EXPRESSION_OPEN and after[0] in _EXPRESSION_CLOSE
        out.append(
            expression
            if alone or _SIMPLE.match(expression) or _parenthesised(expression)
            else f"({expression})"
        )
        replaced.append(value)
        index += 1
    return "".join(out), replaced


def _parenthesised(expression: str) -> bool:
    if not (expression.startswith("(") and expression.endswith(")")):
        return False
    depth = 0
    for position, char in enumerate(expression):
        depth += char == "("
        depth -= char == ")"
        if depth == 0 and position != len(expression) - 1:
            return False
    return True
