"""Write the report in the requested formats; each format is a template under templates/report/."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from migrator.masking import mask_urls
from migrator.report.model import Report
from migrator.templating import render

FORMATS = ("json", "md", "html", "sarif")


def render_format(report: Report, fmt: str, out_dir: Path | None = None) -> str:
    """The report in one format. `out_dir` is where it will be written: the HTML report links each
    finding to its file relative to that folder (None: relative to the current folder)."""
    if fmt == "json":
        text = render("report/report.json.j2", report=report.to_dict())
    elif fmt == "sarif":
        from migrator.report.sarif import sarif_log

        text = render("report/report.json.j2", report=sarif_log(report))
    elif fmt == "md":
        from migrator.report.markdown import markdown_context

        # masked piece by piece before Markdown escaping (see markdown.md_prose); a second pass
        # here would undo the escaping of the mask's asterisks
        return render("report/report.md.j2", **markdown_context(report))
    elif fmt == "html":
        from migrator.report.html import html_context

        text = render("report/report.html.j2", **html_context(report, out_dir))
    else:
        raise ValueError(f"unknown report format {fmt!r}")
    # Findings are masked when they are made; this is the last line of defence should a rule
    # ever quote a credential-bearing URL verbatim.
    return mask_urls(text)


def write_reports(report: Report, out: Path, formats: Iterable[str]) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = out / f"report.{fmt}"
        # backslashreplace: a file name that is not valid UTF-8 must not cost the user the whole report
        path.write_text(render_format(report, fmt, out), encoding="utf-8", errors="backslashreplace")
        written.append(path)
    return written
