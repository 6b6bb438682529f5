"""Python literals as `ruff format` writes them, so generated modules are already formatted.

Strings take double quotes unless that needs more escapes than single quotes; collections are
always exploded one item per line with a trailing comma (the "magic trailing comma" keeps a
formatter from joining them again), so the output does not depend on line length.
"""

from __future__ import annotations

from typing import Any

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
