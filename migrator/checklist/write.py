"""Render checklist.md and checklist.html from the one template."""

from __future__ import annotations

from pathlib import Path

from migrator.checklist.build import ChecklistContext
from migrator.templating import render


def write_checklist(out: Path, context: ChecklistContext) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    values = {name: getattr(context, name) for name in context.__dataclass_fields__}
    written = []
    for fmt in ("md", "html"):
        path = out / f"checklist.{fmt}"
        path.write_text(render("checklist/checklist.j2", fmt=fmt, **values), encoding="utf-8")
        written.append(path)
    return written


