"""Write the report in the requested formats; each format is a template under templates/report/."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from migrator.report.model import Report
from migrator.templating import render

FORMATS = ("json", "md", "html", "sarif")


def render_format(report: Report, fmt: str) -> str:
    if fmt == "json":
        return render("report/report.json.j2", report=report.to_dict())
    if fmt == "sarif":
        from migrator.report.sarif import sarif_log

        return render("report/report.json.j2", report=sarif_log(report))
    if fmt == "md":
        return render("report/report.md.j2", r=report)
    if fmt == "html":
        from migrator.report.html import html_context

        return render("report/report.html.j2", **html_context(report))
    raise ValueError(f"unknown report format {fmt!r}")


def write_reports(report: Report, out: Path, formats: Iterable[str]) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = out / f"report.{fmt}"
        path.write_text(render_format(report, fmt), encoding="utf-8")
        written.append(path)
    return written
