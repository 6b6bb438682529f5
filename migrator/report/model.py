"""The report model: plain data built once from a Deployment, then rendered by every format.

Everything here is deterministic: sorted, no timestamps, no absolute paths beyond what the user
passed in, so the same input gives the same bytes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from migrator import __version__
from migrator.discover import Kind
from migrator.engine import Deployment, FileResult
from migrator.findings import Family, Finding, Severity
from migrator.rules import registry

SCHEMA_VERSION = "1.0"


class Verdict:
    READY = "ready"
    AUTO_FIXABLE = "auto-fixable"
    MANUAL = "manual"
    BLOCKED = "blocked"

    ORDER = (READY, AUTO_FIXABLE, MANUAL, BLOCKED)


def verdict_of(findings: list[Finding]) -> str:
    """ready: nothing above info. auto-fixable: every warning/blocker has a fix. manual: a warning
    needs a human. blocked: a blocker needs a human."""
    serious = [f for f in findings if f.severity >= Severity.WARNING]
    if not serious:
        return Verdict.READY
    unfixed = [f for f in serious if not f.fixable]
    if not unfixed:
        return Verdict.AUTO_FIXABLE
    if any(f.severity is Severity.BLOCKER for f in unfixed):
        return Verdict.BLOCKED
    return Verdict.MANUAL


@dataclass(frozen=True, slots=True)
class FileRow:
    path: str
    kind: str
    is_dag_file: bool
    verdict: str
    blockers: int
    warnings: int
    infos: int
    fixable: int


def _file_row(result: FileResult, findings: list[Finding]) -> FileRow:
    counts = Counter(f.severity for f in findings)
    return FileRow(
        path=result.display,
        kind=result.kind,
        is_dag_file=result.is_dag_file,
        verdict=verdict_of(findings),
        blockers=counts[Severity.BLOCKER],
        warnings=counts[Severity.WARNING],
        infos=counts[Severity.INFO],
        fixable=sum(1 for f in findings if f.fixable),
    )


@dataclass(frozen=True, slots=True)
class Report:
    target_airflow: str
    target_python: str
    inputs: list[str]
    findings: list[Finding]
    files: list[FileRow]
    crontabs: list[dict[str, Any]]
    other_files: int

    @classmethod
    def from_deployment(cls, deployment: Deployment) -> Report:
        by_path: dict[str, list[Finding]] = {}
        for finding in deployment.findings:
            by_path.setdefault(finding.location.path, []).append(finding)
        files = [_file_row(r, by_path.get(r.display, [])) for r in deployment.files]
        crontabs = [
            {"path": r.display, "kind": r.kind, **{k: r.counts[k] for k in sorted(r.counts)}}
            for r in deployment.files
            if r.kind in (Kind.CRONTAB, Kind.ANACRONTAB, Kind.RUN_PARTS_SCRIPT)
        ]
        return cls(
            target_airflow=deployment.target.airflow,
            target_python=deployment.target.python,
            inputs=deployment.inputs,
            findings=deployment.findings,
            files=files,
            crontabs=crontabs,
            other_files=deployment.other_files,
        )

    # ------------------------------------------------------------------ derived views

    @property
    def dag_files(self) -> list[FileRow]:
        return [f for f in self.files if f.is_dag_file]

    @property
    def severity_counts(self) -> dict[str, int]:
        counts = Counter(f.severity for f in self.findings)
        return {s.label: counts[s] for s in sorted(Severity, reverse=True)}

    @property
    def family_counts(self) -> dict[str, int]:
        counts = Counter(f.family for f in self.findings)
        return {fam.value: counts[fam] for fam in Family if counts[fam]}

    @property
    def verdict_counts(self) -> dict[str, int]:
        counts = Counter(f.verdict for f in self.dag_files)
        return {v: counts[v] for v in Verdict.ORDER}

    @property
    def readiness_percent(self) -> float:
        """Share of DAG files that are ready now or after `convert` (100 when there are none)."""
        dags = self.dag_files
        if not dags:
            return 100.0
        good = sum(1 for f in dags if f.verdict in (Verdict.READY, Verdict.AUTO_FIXABLE))
        return round(100.0 * good / len(dags), 1)

    @property
    def fixable_count(self) -> int:
        return sum(1 for f in self.findings if f.fixable)

    @property
    def findings_worst_first(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: (-f.severity, *f.sort_key()))

    @property
    def rules_used(self) -> list[type[Any]]:
        codes = {f.code for f in self.findings}
        return [r for r in registry.all_rules() if r.code in codes]

    def worst_severity(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)

    # ------------------------------------------------------------------ JSON shape

    def to_dict(self, with_findings: bool = True) -> dict[str, Any]:
        """The documented JSON shape (schema: migrator/report/report.schema.json). Without findings
        for the streaming writer, which adds them one at a time."""
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "mwaa-migrator", "version": __version__},
            "target": {"airflow": self.target_airflow, "python": self.target_python},
            "inputs": self.inputs,
            "summary": {
                "files_analysed": len(self.files),
                "other_files_ignored": self.other_files,
                "dag_files": len(self.dag_files),
                "findings": len(self.findings),
                "by_severity": self.severity_counts,
                "by_family": self.family_counts,
                "fixable": self.fixable_count,
                "dag_verdicts": self.verdict_counts,
                "readiness_percent": self.readiness_percent,
            },
            "files": [
                {
                    "path": f.path,
                    "kind": f.kind,
                    "dag_file": f.is_dag_file,
                    "verdict": f.verdict,
                    "blockers": f.blockers,
                    "warnings": f.warnings,
                    "infos": f.infos,
                    "fixable": f.fixable,
                }
                for f in self.files
            ],
            "crontabs": self.crontabs,
            "rules": [
                {
                    "code": r.code,
                    "name": r.name,
                    "title": r.title,
                    "family": r.family.value,
                    "severity": r.severity.label,
                    "fixable": r.fixable,
                }
                for r in self.rules_used
            ],
            "findings": [finding_to_dict(f) for f in self.findings] if with_findings else [],
        }


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    loc = finding.location
    return {
        "code": finding.code,
        "severity": finding.severity.label,
        "family": finding.family.value,
        "path": loc.path,
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.end_line,
        "end_column": loc.end_column,
        "message": finding.message,
        "remedy": finding.remedy,
        "fixable": finding.fixable,
        "data": {k: v for k, v in finding.data},
    }
