"""Write the report in the requested formats; each format is a template under templates/report/."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from migrator.masking import mask_urls
from migrator.report.model import Report, finding_to_dict
from migrator.report.streamed_json import streamed_json
from migrator.templating import environment, render

FORMATS = ("json", "md", "html", "sarif")


def render_chunks(report: Report, fmt: str, out_dir: Path | None = None) -> Iterator[str]:
    """The report in one format, as a stream of text: JSON and SARIF hold one entry per finding,
    and a large repository has hundreds of thousands; they are never built as one string."""
    # Findings are masked when they are made; mask_urls on every chunk is the last line of defence
    # should a rule ever quote a credential-bearing URL verbatim.
    if fmt in ("json", "sarif"):
        if fmt == "json":
            document, key, items = report.to_dict(with_findings=False), "findings", (finding_to_dict(f) for f in report.findings)
        else:
            from migrator.report.sarif import sarif_log

            document, key, items = sarif_log(report, streamed=True)
        chunks = streamed_json(document, key, items)
        yield from environment().get_template("report/report.json.j2").generate(chunks=(mask_urls(c) for c in chunks))
        return
    if fmt == "html":
        from migrator.report.html import html_context

        # Streamed, and masked chunk by chunk: Jinja yields whole template pieces, and a finding's
        # text is one piece, so no URL is split across two chunks.
        for chunk in environment().get_template("report/report.html.j2").generate(**html_context(report, out_dir)):
            yield mask_urls(chunk)
        return
    yield render_format(report, fmt, out_dir)


def render_format(report: Report, fmt: str, out_dir: Path | None = None) -> str:
    """The report in one format. `out_dir` is where it will be written: the HTML report links each
    finding to its file relative to that folder (None: relative to the current folder)."""
    if fmt in ("json", "sarif", "html"):
        return "".join(render_chunks(report, fmt, out_dir))
    if fmt == "md":
        from migrator.report.markdown import markdown_context

        # masked piece by piece before Markdown escaping (see markdown.md_prose); a second pass
        # here would undo the escaping of the mask's asterisks
        return render("report/report.md.j2", **markdown_context(report))
    raise ValueError(f"unknown report format {fmt!r}")


def write_reports(report: Report, out: Path, formats: Iterable[str]) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = out / f"report.{fmt}"
        # backslashreplace: a file name that is not valid UTF-8 must not cost the user the whole report
        with path.open("w", encoding="utf-8", errors="backslashreplace") as handle:
            handle.writelines(render_chunks(report, fmt, out))
        written.append(path)
    return written
