"""The convert run as plain data: what the summary and convert-report.json templates render."""

from __future__ import annotations

from typing import Any

from migrator import __version__
from migrator.convert.pipeline import ConvertRun, FileOutcome
from migrator.findings import Finding, Severity
from migrator.knowledge.mwaa_packages import is_preinstalled
from migrator.masking import mask_urls


def _fixed(finding: Finding) -> dict[str, Any]:
    return {"code": finding.code, "line": finding.location.line}


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "line": finding.location.line,
        "severity": finding.severity.label,
        "fixable": finding.fixable,
        "message": mask_urls(finding.message),
    }


def _worth_listing(outcome: FileOutcome) -> bool:
    if outcome.status != "unchanged":
        return True
    return any(f.severity >= Severity.WARNING for f in outcome.remaining)


def _file(outcome: FileOutcome) -> dict[str, Any]:
    return {
        "path": outcome.relative,
        "kind": outcome.kind,
        "status": outcome.status,
        "changes": outcome.changes,
        "requirements": list(outcome.requirements),
        "notes": [{"codemod": n.codemod, "message": mask_urls(n.message)} for n in outcome.notes],
        "error": mask_urls(outcome.error),
        "fixed": [_fixed(f) for f in sorted(outcome.fixed, key=Finding.sort_key)],
        "remaining": [_finding(f) for f in sorted(outcome.remaining, key=Finding.sort_key)],
    }


def _run_notes(run: ConvertRun) -> list[dict[str, Any]]:
    """Each distinct note once, with how many files it concerns (the per-file lists repeat them)."""
    counts: dict[tuple[str, str], int] = {}
    for outcome in run.files:
        for note in outcome.notes:
            key = (note.codemod, mask_urls(note.message))
            counts[key] = counts.get(key, 0) + 1
    return [{"codemod": c, "message": m, "files": n} for (c, m), n in sorted(counts.items())]


def report_data(run: ConvertRun) -> dict[str, Any]:
    python = [f for f in run.files if f.kind == "python"]
    templates = [f for f in run.files if f.kind == "template"]
    remaining = [finding for f in run.files for finding in f.remaining]
    return {
        "tool": "mwaa-migrator",
        "version": __version__,
        "target_airflow": run.target.airflow,
        "reference_date": run.reference_date.isoformat(),
        "summary": {
            "files": len(run.files),
            "python_files": len(python),
            "changed": len(run.of_status("changed")),
            "unchanged": len(run.of_status("unchanged")),
            "failed": len(run.of_status("failed")),
            "templates_changed": sum(1 for f in templates if f.status == "changed"),
            "plugin_classes_indexed": run.plugin_classes,
            "findings_fixed": sum(len(f.fixed) for f in run.files),
            "findings_remaining": len(remaining),
            "findings_remaining_fixable": sum(1 for f in remaining if f.fixable),
        },
        "requirements": [
            {"distribution": name, "preinstalled_on_mwaa": is_preinstalled(name, run.target)}
            for name in run.requirements
        ],
        "changes_by_codemod": run.changes_by_codemod,
        "notes": _run_notes(run),
        "fixed_by_code": run.fixed_by_code,
        "files": [_file(f) for f in run.files if _worth_listing(f)],
    }
