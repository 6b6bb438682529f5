"""What report.md.j2 needs: the report cut down to fit a pull-request comment.

GitHub refuses comments over 65,536 characters, so every list here is capped and says how much it
left out; report.html and report.json carry everything. Blockers come first, grouped by rule with
their locations; warnings and info are one row per rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from migrator import __version__
from migrator.findings import Finding, Severity
from migrator.masking import mask_urls
from migrator.report.model import Report
from migrator.rules import registry
from migrator.rules.base import Rule

# Caps chosen so that the worst case (every cap reached, every message at its cap) stays well
# under GitHub's 65,536-character comment limit; tests/report/test_markdown.py checks that.
MAX_BLOCKER_RULES = 10
MAX_LOCATIONS_PER_RULE = 8
MAX_TABLE_ROWS = 20
MAX_INPUTS = 5
MAX_MESSAGE_CHARS = 140
MAX_PATH_CHARS = 110

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>|~&])")


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


_CODE_SPAN = re.compile(r"`([^`]+)`")


def md_prose(text: str, limit: int = MAX_MESSAGE_CHARS, in_table: bool = False) -> str:
    """Text as inline Markdown on one line: no accidental emphasis, links, HTML or table cells, but
    `code` spans (rule authors write them) stay code spans. Cut at `limit` characters."""
    # Mask before cutting: a URL cut inside its password would no longer look like one.
    flat = mask_urls(" ".join(text.split()))
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
        if flat.count("`") % 2:  # the cut fell inside a code span: close it rather than leak a backtick
            flat += "`"
    pieces = []
    position = 0
    for match in _CODE_SPAN.finditer(flat):
        pieces.append(_escape(flat[position : match.start()]))
        pieces.append(md_code(match.group(1), in_table))
        position = match.end()
    pieces.append(_escape(flat[position:]))
    return "".join(pieces)


def md_code(text: str, in_table: bool = False) -> str:
    """An inline code span that survives backticks inside `text`, and pipes in a table cell (GFM
    reads `\\|` there as a pipe; anywhere else the backslash would show)."""
    flat = mask_urls(" ".join(text.split()))
    if in_table:
        flat = flat.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def short_path(path: str, limit: int = MAX_PATH_CHARS) -> str:
    """Keep the start (the top folder) and the end (the file name) of a very long path."""
    if len(path) <= limit:
        return path
    head = limit // 3
    return f"{path[:head]}…{path[-(limit - head - 1):]}"


def where(finding: Finding) -> str:
    loc = finding.location
    path = short_path(loc.path)
    return f"{path}:{loc.line}" if loc.line else path


@dataclass(frozen=True, slots=True)
class BlockerGroup:
    code: str
    title: str
    remedy: str
    count: int
    shown: list[Finding]
    more: int


@dataclass(frozen=True, slots=True)
class RuleRow:
    code: str
    title: str
    count: int
    fixable: int
    files: int
    first: Finding


def _rule(code: str) -> type[Rule] | None:
    try:
        return registry.get(code)
    except KeyError:  # a code from an older result cache that no rule owns any more
        return None


def _title(code: str, fallback: str) -> str:
    rule = _rule(code)
    return rule.title if rule else fallback


def _by_code(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Rules with the most findings first; ties by code, so the order is stable."""
    groups: dict[str, list[Finding]] = {}
    for finding in sorted(findings, key=Finding.sort_key):
        groups.setdefault(finding.code, []).append(finding)
    return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))


def blocker_groups(report: Report) -> list[BlockerGroup]:
    blockers = [f for f in report.findings if f.severity is Severity.BLOCKER]
    groups = []
    for code, findings in _by_code(blockers):
        rule = _rule(code)
        groups.append(
            BlockerGroup(
                code=code,
                title=rule.title if rule else findings[0].message,
                remedy=rule.remedy if rule else findings[0].remedy,
                count=len(findings),
                shown=findings[:MAX_LOCATIONS_PER_RULE],
                more=max(0, len(findings) - MAX_LOCATIONS_PER_RULE),
            )
        )
    return groups


def rule_rows(report: Report, severity: Severity) -> list[RuleRow]:
    chosen = [f for f in report.findings if f.severity is severity]
    return [
        RuleRow(
            code=code,
            title=_title(code, findings[0].message),
            count=len(findings),
            fixable=sum(1 for f in findings if f.fixable),
            files=len({f.location.path for f in findings}),
            first=findings[0],
        )
        for code, findings in _by_code(chosen)
    ]


def markdown_context(report: Report) -> dict[str, Any]:
    groups = blocker_groups(report)
    warnings = rule_rows(report, Severity.WARNING)
    infos = rule_rows(report, Severity.INFO)
    helpers: dict[str, Callable[..., str]] = {"md": md_prose, "code": md_code, "where": where}
    return {
        "r": report,
        "version": __version__,
        "counts": report.severity_counts,
        "verdicts": report.verdict_counts,
        "dag_files": len(report.dag_files),
        "good_dags": report.verdict_counts["ready"] + report.verdict_counts["auto-fixable"],
        "inputs": report.inputs[:MAX_INPUTS],
        "more_inputs": max(0, len(report.inputs) - MAX_INPUTS),
        "blocker_groups": groups[:MAX_BLOCKER_RULES],
        "more_blocker_rules": max(0, len(groups) - MAX_BLOCKER_RULES),
        "more_blockers": sum(g.count for g in groups[MAX_BLOCKER_RULES:]),
        "warning_rows": warnings[:MAX_TABLE_ROWS],
        "more_warning_rules": max(0, len(warnings) - MAX_TABLE_ROWS),
        "info_rows": infos[:MAX_TABLE_ROWS],
        "more_info_rules": max(0, len(infos) - MAX_TABLE_ROWS),
        **helpers,
    }
