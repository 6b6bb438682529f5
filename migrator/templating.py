"""The one Jinja2 environment every generated file comes from (templates/ at the project root)."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import jinja2


def templates_dir() -> Path:
    """templates/ beside the package (source checkout, editable install) or inside it (wheel)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("mwaa-migrator templates folder not found; reinstall the package")


def _tojson_pretty(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2", "svg.j2")),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["tojson_pretty"] = _tojson_pretty
    env.filters["prefix_each"] = lambda items, prefix: [f"{prefix}{item}" for item in items]
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
