"""Small helpers shared by the requirements rules."""

from __future__ import annotations

from migrator.inputs.requirements import RequirementLine, RequirementsFile
from migrator.knowledge import mwaa_packages
from migrator.knowledge.versions import TargetVersion, newest

# Options pip accepts in a requirements file (pip/_internal/req/req_file.py SUPPORTED_OPTIONS and
# SUPPORTED_OPTIONS_REQ).
PIP_FILE_OPTIONS = frozenset({
    "--requirement", "--constraint", "--editable", "--find-links", "--index-url", "--extra-index-url",
    "--no-index", "--pre", "--trusted-host", "--use-feature", "--only-binary", "--no-binary",
    "--prefer-binary", "--require-hashes", "--global-option", "--config-settings",
})  # fmt: skip


def target_of(requirements: RequirementsFile) -> TargetVersion:
    return requirements.target or newest()


def named_lines(requirements: RequirementsFile) -> list[RequirementLine]:
    """Lines that install a distribution by name and apply on the target's Python."""
    target = target_of(requirements)
    return [r for r in requirements.lines if r.name and r.kind != "invalid" and r.applies_to(target)]


def handled_elsewhere(line: RequirementLine, target: TargetVersion) -> bool:
    """Reported by a more specific rule (Airflow itself, an MWAA pin, a Python 2 package)."""
    return (
        mwaa_packages.is_airflow(line.name)
        or mwaa_packages.essential_pin(line.name, target) is not None
        or mwaa_packages.python2_package(line.name) is not None
    )
