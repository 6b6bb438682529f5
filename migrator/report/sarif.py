"""The report as a SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers.

One run, one `reportingDescriptor` per rule code that reported something (with the rule's
documentation as help), one `result` per finding. Paths below the folder `assess` ran in are
relative URIs against the `SRCROOT` base, which is what code scanning resolves against the
repository root; other paths are absolute `file:` URIs. The dict is rendered by the same JSON
template as report.json.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from typing import Any
from urllib.parse import quote

from migrator import __version__
from migrator.findings import Finding, Severity
from migrator.report.model import Report
from migrator.rules import registry
from migrator.rules.base import Example, Rule
from migrator.templating import render

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "SRCROOT"
# Bump the suffix if the fingerprint recipe changes: code scanning would otherwise see new alerts.
FINGERPRINT_KEY = "mwaaMigrator/v1"

LEVELS = {Severity.BLOCKER: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_location(path: str) -> dict[str, str]:
    """Relative display paths resolve against SRCROOT; absolute ones become file: URIs."""
    if path.startswith("/"):
        return {"uri": "file://" + quote(path)}
    return {"uri": quote(path), "uriBaseId": SRCROOT}


def region(finding: Finding) -> dict[str, int] | None:
    """SARIF regions are 1-based with an exclusive endColumn, like our Location. None: whole file."""
    loc = finding.location
    if loc.line < 1:
        return None
    result = {"startLine": loc.line}
    if loc.column >= 1:
        result["startColumn"] = loc.column
    if loc.end_line >= loc.line:
        result["endLine"] = loc.end_line
        # an endColumn is only meaningful with an endLine, and must not end before the start
        if loc.end_column >= 1 and (loc.end_line > loc.line or loc.end_column > loc.column):
            result["endColumn"] = loc.end_column
    return result


def fingerprints(findings: list[Finding]) -> list[str]:
    """A stable identity per finding that survives lines moving: code, path, message, and which
    occurrence of that triple it is (in line order). Same input, same fingerprints, every run."""
    seen: Counter[tuple[str, str, str]] = Counter()
    prints = []
    for finding in findings:
        triple = (finding.code, finding.location.path, finding.message)
        ordinal = seen[triple]
        seen[triple] += 1
        material = "\0".join((*triple, str(ordinal))).encode("utf-8")
        prints.append(hashlib.sha256(material).hexdigest()[:32])
    return prints


def showable_example(rule: type[Rule]) -> Example | None:
    """The first example the rule reports on, if it is readable text (some are raw bytes on purpose)."""
    for example in rule.examples:
        if not example.expect_lines:
            continue
        try:
            example.source.encode("utf-8")
        except UnicodeEncodeError:
            continue
        if any(ch < " " and ch not in "\n\t" for ch in example.source):
            continue
        return example
    return None


def code_fence(text: str) -> str:
    """A Markdown fence longer than any run of backticks inside `text`."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def rule_descriptor(rule: type[Rule]) -> dict[str, Any]:
    documentation = rule.documentation()
    example = showable_example(rule)
    fence = code_fence(example.source) if example else "```"
    help_context = {"rule": rule, "doc": documentation, "example": example, "fence": fence}
    tags = ["airflow", "mwaa", rule.family.value]
    if rule.fixable:
        tags.append("fixable")
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": documentation},
        "help": {
            "text": render("report/rule-help.txt.j2", **help_context).strip(),
            "markdown": render("report/rule-help.md.j2", **help_context).strip(),
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "family": rule.family.value,
            "fixable": rule.fixable,
            "severity": rule.severity.label,
            "tags": sorted(tags),
        },
    }


def _descriptor_without_rule(code: str, finding: Finding) -> dict[str, Any]:
    """A finding whose code no registered rule owns (a retired rule in a cached result): still valid SARIF."""
    return {
        "id": code,
        "shortDescription": {"text": code},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
        "properties": {"family": finding.family.value, "fixable": finding.fixable, "tags": ["airflow", "mwaa"]},
    }


def result(finding: Finding, rule_index: int, fingerprint: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(finding.location.path)}
    where = region(finding)
    if where is not None:
        physical["region"] = where
    text = finding.message if not finding.remedy else f"{finding.message}\nRemedy: {finding.remedy}"
    properties: dict[str, Any] = {
        "family": finding.family.value,
        "fixable": finding.fixable,
        "severity": finding.severity.label,
    }
    if finding.remedy:
        properties["remedy"] = finding.remedy
    if finding.data:
        properties["data"] = {k: v for k, v in finding.data}
    return {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": text},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": properties,
    }


def sarif_log(report: Report, streamed: bool = False) -> Any:
    """The SARIF log. With `streamed`, (log without results, "results", iterator of results) for
    the streaming writer."""
    findings = sorted(report.findings, key=Finding.sort_key)
    known = {rule.code: rule for rule in registry.all_rules()}
    descriptors: list[dict[str, Any]] = []
    index_of: dict[str, int] = {}
    for finding in sorted(findings, key=lambda f: f.code):
        if finding.code in index_of:
            continue
        index_of[finding.code] = len(descriptors)
        rule = known.get(finding.code)
        descriptors.append(rule_descriptor(rule) if rule else _descriptor_without_rule(finding.code, finding))
    results = (
        result(finding, index_of[finding.code], fingerprint)
        for finding, fingerprint in zip(findings, fingerprints(findings), strict=True)
    )
    log = {
        "$schema": SARIF_SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "mwaa-migrator",
                        "fullName": "mwaa-migrator: Amazon MWAA readiness assessment",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": descriptors,
                    }
                },
                # One code-scanning category per target version: assessing for 2.10.3 and 3.0.6
                # side by side keeps two separate sets of alerts.
                "automationDetails": {"id": f"mwaa-migrator/airflow-{report.target_airflow}/"},
                "originalUriBaseIds": {
                    SRCROOT: {
                        "description": {"text": "The folder `mwaa-migrator assess` ran in (usually the repository root)."}
                    }
                },
                "results": [] if streamed else list(results),
                "properties": {
                    "targetAirflow": report.target_airflow,
                    "targetPython": report.target_python,
                    "readinessPercent": report.readiness_percent,
                },
            }
        ],
    }
    return (log, "results", results) if streamed else log
