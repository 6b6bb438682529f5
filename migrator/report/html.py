"""What report.html.j2 needs: the report plus chart geometry, links and the inline assets.

The page must open from a laptop, an S3 bucket or a CI artifact with no network, so everything is
inline: CSS and JS come from templates/report/_report.{css,js}.j2 and are admitted by a
Content-Security-Policy that lists their SHA-256 hashes and nothing else; an injected script or a
stray remote URL would not run or load. Charts are SVG drawn by templates/report/_charts.svg.j2
from the numbers computed here. Every number is formatted with fixed precision so the bytes never
depend on float noise.
"""

from __future__ import annotations

import base64
import hashlib
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from migrator import __version__
from migrator.findings import Finding, Severity
from migrator.report.model import FileRow, Report, Verdict
from migrator.rules import registry
from migrator.rules.base import Rule
from migrator.templating import render

VERDICT_RANK = {verdict: rank for rank, verdict in enumerate(Verdict.ORDER)}
VERDICT_LABELS = {
    Verdict.READY: "Ready",
    Verdict.AUTO_FIXABLE: "Auto-fixable",
    Verdict.MANUAL: "Manual work",
    Verdict.BLOCKED: "Blocked",
}
# Width of a bar chart's bar area in SVG user units (the chart's viewBox is 360 wide).
BAR_AREA = 190
# A circle of this radius has a circumference of 100, so dash lengths are percentages.
DONUT_RADIUS = "15.91549"


def _num(value: float) -> str:
    """Fixed precision, no trailing zeros: "12.5", "100", "0"."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


# --------------------------------------------------------------------------- links


class Linker:
    """Links from the report's folder to the analysed files (and lines), relative so the report
    and the checkout can move together. Display paths are relative to the folder assess ran in
    (already resolved by the engine), so one relative hop serves every file."""

    def __init__(self, out_dir: Path, cwd: Path | None = None) -> None:
        self.out = os.path.realpath(out_dir)
        self.hop = os.path.relpath(os.path.realpath(cwd or Path.cwd()), self.out)

    def href(self, path: str, line: int = 0) -> str:
        if os.path.isabs(path):
            relative = os.path.relpath(path, self.out)
        else:
            relative = posixpath.normpath(posixpath.join(self.hop.replace(os.sep, "/"), path))
        href = quote(relative.replace(os.sep, "/"), safe="/._-~")
        return f"{href}#L{line}" if line else href


# --------------------------------------------------------------------------- charts


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    css: str
    width: str  # of the bar area, in SVG user units


@dataclass(frozen=True, slots=True)
class Segment:
    label: str
    value: int
    css: str
    dash: str  # "length gap" in percent of the circumference
    offset: str
    percent: str


def bars(items: list[tuple[str, int, str]], area: float = BAR_AREA) -> list[Bar]:
    top = max((value for _, value, _ in items), default=0)
    return [
        Bar(label, value, css, _num(area * value / top if top else 0.0))
        for label, value, css in items
    ]


def donut(items: list[tuple[str, int, str]]) -> list[Segment]:
    """Segments clockwise from 12 o'clock. The SVG circle starts at 3 o'clock, hence the 25 offset."""
    total = sum(value for _, value, _ in items)
    segments = []
    start = 0.0
    for label, value, css in items:
        share = 100.0 * value / total if total else 0.0
        segments.append(
            Segment(label, value, css, f"{_num(share)} {_num(100 - share)}", _num(25 - start), _num(share))
        )
        start += share
    return [s for s in segments if s.value]


def readiness_css(percent: float) -> str:
    if percent >= 90:
        return "good"
    if percent >= 50:
        return "fair"
    return "poor"


def readiness_ring(verdict_counts: dict[str, int]) -> list[Segment]:
    good = verdict_counts[Verdict.READY] + verdict_counts[Verdict.AUTO_FIXABLE]
    bad = verdict_counts[Verdict.MANUAL] + verdict_counts[Verdict.BLOCKED]
    if not good and not bad:  # no DAG files: readiness is 100% by definition; draw it full
        return donut([("No DAG files", 1, "ring-fill")])
    return donut([("Ready or auto-fixable", good, "ring-fill"), ("Manual work or blocked", bad, "ring-rest")])


# --------------------------------------------------------------------------- rows


def _file_row(row: FileRow, links: Linker) -> dict[str, Any]:
    return {
        "path": row.path,
        "href": links.href(row.path),
        "kind": row.kind,
        "verdict": row.verdict,
        "verdict_label": VERDICT_LABELS.get(row.verdict, row.verdict),
        "verdict_rank": VERDICT_RANK.get(row.verdict, 0),
        "blockers": row.blockers,
        "warnings": row.warnings,
        "infos": row.infos,
        "fixable": row.fixable,
    }


def _worst_files_first(rows: list[FileRow]) -> list[FileRow]:
    return sorted(rows, key=lambda r: (-VERDICT_RANK.get(r.verdict, 0), -r.blockers, -r.warnings, -r.infos, r.path))


def _finding_row(finding: Finding, links: Linker) -> dict[str, Any]:
    loc = finding.location
    return {
        "severity": finding.severity.label,
        "severity_rank": int(finding.severity),
        "code": finding.code,
        "family": finding.family.value,
        "path": loc.path,
        "line": loc.line,
        "where": f"{loc.path}:{loc.line}" if loc.line else loc.path,
        "href": links.href(loc.path, loc.line),
        "message": inline_html(finding.message),
        "remedy": inline_html(finding.remedy),
        "fixable": finding.fixable,
    }


_INLINE_CODE = re.compile(r"`([^`]+)`")


def inline_segments(text: str) -> list[tuple[bool, str]]:
    """Text with `code` spans as (is_code, text) pieces."""
    pieces: list[tuple[bool, str]] = []
    position = 0
    for match in _INLINE_CODE.finditer(text):
        if match.start() > position:
            pieces.append((False, text[position : match.start()]))
        pieces.append((True, match.group(1)))
        position = match.end()
    if position < len(text):
        pieces.append((False, text[position:]))
    return pieces


_CODE_TAG = Markup("<code>{}</code>")


def inline_html(text: str) -> Markup:
    """Escaped text with `code` spans as <code>. Built here rather than by a template macro
    because it runs once per finding, and a macro call per row dominated big reports."""
    return Markup("").join(_CODE_TAG.format(piece) if is_code else escape(piece) for is_code, piece in inline_segments(text))


def paragraphs(text: str) -> list[Markup]:
    return [inline_html(" ".join(block.split())) for block in re.split(r"\n\s*\n", text) if block.strip()]


def _rule_doc(rule: type[Rule], count: int, severities: set[Severity]) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "title": rule.title,
        # what this rule reported here, worst first: a rule's severity can depend on the target
        "severities": [s.label for s in sorted(severities, reverse=True)],
        "family": rule.family.value,
        "fixable": rule.fixable,
        "count": count,
        "why": inline_html(rule.why),
        "remedy": inline_html(rule.remedy),
        "doc": paragraphs(rule.documentation()),
        "sources": list(rule.sources),
    }


# --------------------------------------------------------------------------- context


def html_context(report: Report, out_dir: Path | None = None) -> dict[str, Any]:
    links = Linker(out_dir if out_dir is not None else Path.cwd())
    severity_counts = report.severity_counts
    verdict_counts = report.verdict_counts
    family_counts = report.family_counts
    code_counts: dict[str, int] = {}
    code_severities: dict[str, set[Severity]] = {}
    for finding in report.findings:
        code_counts[finding.code] = code_counts.get(finding.code, 0) + 1
        code_severities.setdefault(finding.code, set()).add(finding.severity)
    known = {rule.code for rule in registry.all_rules()}

    style = render("report/_report.css.j2")
    script = render("report/_report.js.j2")
    dag_files = _worst_files_first(report.dag_files)
    other_files = _worst_files_first([f for f in report.files if not f.is_dag_file])
    readiness = report.readiness_percent
    return {
        "version": __version__,
        "target_airflow": report.target_airflow,
        "target_python": report.target_python,
        "inputs": report.inputs,
        "readiness": _num(readiness),
        "readiness_css": readiness_css(readiness),
        "readiness_ring": readiness_ring(verdict_counts),
        "counts": severity_counts,
        "total_findings": len(report.findings),
        "fixable": report.fixable_count,
        "files_analysed": len(report.files),
        "other_files_ignored": report.other_files,
        "dag_count": len(dag_files),
        "verdict_counts": verdict_counts,
        "verdict_labels": VERDICT_LABELS,
        "severity_bars": bars([(s.label, severity_counts[s.label], f"s-{s.label}") for s in sorted(Severity, reverse=True)]),
        "family_bars": bars(
            sorted(((family, count, "family") for family, count in family_counts.items()), key=lambda i: (-i[1], i[0]))
        ),
        "verdict_segments": donut([(VERDICT_LABELS[v], verdict_counts[v], f"v-{v}") for v in Verdict.ORDER]),
        "dag_rows": [_file_row(row, links) for row in dag_files],
        "other_rows": [_file_row(row, links) for row in other_files],
        # A generator, rendered while the page streams out: 100,000 findings never sit in memory as rows.
        "findings": (_finding_row(f, links) for f in report.findings_worst_first),
        "rules": [
            _rule_doc(rule, code_counts[rule.code], code_severities[rule.code]) for rule in report.rules_used
        ],
        "unknown_codes": sorted(code for code in code_counts if code not in known),
        "crontabs": report.crontabs,
        "style": Markup(style),
        "script": Markup(script),
        "csp": f"default-src 'none'; style-src '{csp_hash(style)}'; script-src '{csp_hash(script)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'",
        "donut_radius": DONUT_RADIUS,
        "bar_area": BAR_AREA,
    }
