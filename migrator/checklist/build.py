"""Gather what the cutover runbook needs from an analysed deployment."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from migrator.checklist.dag_order import DagOrder, dag_order
from migrator.discover import Kind
from migrator.engine import Deployment
from migrator.findings import Finding, Severity


@dataclass(frozen=True, slots=True)
class CronJobLine:
    """A crontab job line that moves to Airflow and must be commented out on its host at the switch."""

    path: str
    line: int
    text: str
    dag_id: str = ""

    @property
    def display(self) -> str:
        return f"{self.line}: {self.text}"


@dataclass(slots=True)
class ChecklistContext:
    env_name: str
    bucket: str
    region: str
    target: str
    inputs: list[str]
    bundle_dir: str
    dags: DagOrder
    blockers: dict[str, list[Finding]]  # rule code -> findings a human must fix before the switch
    blocker_titles: dict[str, str]
    fixable_count: int
    warnings_count: int
    cron_jobs: dict[str, list[CronJobLine]] = field(default_factory=dict)  # crontab path -> job lines
    cron_files: list[str] = field(default_factory=list)
    uses_secrets: bool = True


def open_blockers(deployment: Deployment) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in deployment.findings:
        if finding.severity is Severity.BLOCKER and not finding.fixable:
            grouped[finding.code].append(finding)
    return dict(sorted(grouped.items()))


def build_context(
    deployment: Deployment,
    *,
    env_name: str,
    bucket: str,
    region: str,
    bundle_dir: str,
    cron_jobs: list[CronJobLine],
) -> ChecklistContext:
    from migrator.rules import registry

    blockers = open_blockers(deployment)
    by_file: dict[str, list[CronJobLine]] = defaultdict(list)
    for job in cron_jobs:
        by_file[job.path].append(job)
    return ChecklistContext(
        env_name=env_name,
        bucket=bucket,
        region=region,
        target=deployment.target.airflow,
        inputs=deployment.inputs,
        bundle_dir=bundle_dir,
        dags=dag_order(deployment),
        blockers=blockers,
        blocker_titles={code: registry.get(code).title for code in blockers},
        fixable_count=sum(1 for f in deployment.findings if f.fixable),
        warnings_count=sum(1 for f in deployment.findings if f.severity is Severity.WARNING and not f.fixable),
        cron_jobs={k: sorted(v, key=lambda j: j.line) for k, v in sorted(by_file.items())},
        cron_files=sorted(r.display for r in deployment.files if r.kind in (Kind.CRONTAB, Kind.ANACRONTAB)),
    )
