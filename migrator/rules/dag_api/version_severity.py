"""How an API element's lifecycle on the target version becomes a finding's severity and wording."""

from __future__ import annotations

from migrator.findings import Severity
from migrator.knowledge.lifecycle import Lifecycle, Status
from migrator.knowledge.versions import TargetVersion


def severity_for(
    status: Status, *, deprecated: Severity | None = Severity.WARNING, removed: Severity = Severity.BLOCKER
) -> Severity | None:
    """None when the element is current on the target (nothing to report)."""
    if status is Status.REMOVED:
        return removed
    if status is Status.DEPRECATED:
        return deprecated
    return None


def lifecycle_phrase(lifecycle: Lifecycle, target: TargetVersion) -> str:
    """'was removed in Airflow 3.0' / 'is deprecated on Airflow 2.10.3 and removed in 3.0'."""
    if lifecycle.status(target) is Status.REMOVED:
        return f"was removed in Airflow {lifecycle.removed_in}"
    if lifecycle.removed_in:
        return f"is deprecated on Airflow {target} and removed in {lifecycle.removed_in}"
    return f"is deprecated on Airflow {target}"
