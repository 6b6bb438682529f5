"""Python literals as `ruff format` writes them, so generated modules are already formatted.

Strings take double quotes unless that needs more escapes than single quotes; collections are
always exploded one item per line with a trailing comma (the "magic trailing comma" keeps a
formatter from joining them again), so the output does not depend on line length.
"""

from __future__ import annotations

from typing import Any

# A list of scalars this short stays on one line: with at most 48 columns of indent and key before
# it, the line stays within a formatter's 88 columns.
COMPACT_WIDTH = 40
_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\x00": "\\x00"}


def py_str(text: str) -> str:
    quote = '"' if text.count('"') <= text.count("'") else "'"
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch == quote:
            out.append("\\" + ch)
        elif not ch.isprintable():
            out.append(ch.encode("unicode_escape").decode("ascii"))
        else:
            out.append(ch)
    return quote + "".join(out) + quote


def py_value(value: Any, indent: int = 0) -> str:
    """`value` as code; nested lines are indented for a literal that starts at column `indent`."""
    pad = " " * (indent + 4)
    closing = " " * indent
    if isinstance(value, str):
        return py_str(value)
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{pad}{py_value(k, indent + 4)}: {py_value(v, indent + 4)}," for k, v in value.items()]
        return "{\n" + "\n".join(items) + f"\n{closing}}}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        if all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
            one_line = "[" + ", ".join(py_value(v) for v in value) + "]"
            if len(one_line) <= COMPACT_WIDTH:
                return one_line
        items = [f"{pad}{py_value(v, indent + 4)}," for v in value]
        return "[\n" + "\n".join(items) + f"\n{closing}]"
    raise TypeError(f"no literal for {type(value).__name__}")


def docstring_text(text: str) -> str:
    """`text` safe inside a triple-quoted docstring that a formatter leaves unchanged."""
    lines = []
    for line in text.expandtabs(4).split("\n"):
        line = line.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
        lines.append("".join(ch if ch.isprintable() else "?" for ch in line).rstrip())
    return "\n".join(lines)


def py_int_list(values: list[int] | tuple[int, ...], indent: int = 0) -> str:
    """A list of integers, as `list(range(...))` when it is an arithmetic progression of 3 or more."""
    ordered = sorted(values)
    if len(ordered) >= 3:
        step = ordered[1] - ordered[0]
        if step > 0 and ordered == list(range(ordered[0], ordered[-1] + 1, step)):
            if step == 1:
                return f"list(range({ordered[0]}, {ordered[-1] + 1}))"
            return f"list(range({ordered[0]}, {ordered[-1] + 1}, {step}))"
    return py_value(ordered, indent)
