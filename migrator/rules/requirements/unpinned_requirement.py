from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.requirements import RequirementsFile
from migrator.rules.base import Example, RequirementsRule
from migrator.rules.requirements.common import handled_elsewhere, named_lines, target_of


class UnpinnedRequirement(RequirementsRule):
    """A requirement without an exact version (`==`). Every MWAA container (each scheduler, worker
    and web server) runs `pip install -r requirements.txt` when it starts, also when it is replaced
    or when workers scale out, so an unpinned package can resolve to a new release on any of them at
    any time, and different containers of one environment can end up with different versions.

    The Airflow constraints file pins the packages Airflow knows; packages it does not list stay
    free. A bare name is a warning; a range (`>=2.31`, `~=1.4`) is worth an info.
    """

    code = "MWAA704"
    name = "unpinned-requirement"
    title = "Requirement without an exact version"
    family = Family.REQUIREMENTS
    severity = Severity.WARNING
    why = "MWAA reinstalls requirements on every container start; unpinned packages drift between containers."
    remedy = "Pin the version you tested (`name==x.y.z`), e.g. from `pip freeze` of the MWAA local image."
    sources = ("MWAA User Guide: working-dags-dependencies, best-practices-dependencies",)
    examples = (
        Example("pyarrow\nrequests>=2.31\nboto3==1.34.106\n", expect_lines=(1, 2), filename="requirements.txt"),
        Example("great-expectations  # the data quality suite\n", expect_lines=(1,), filename="requirements.txt"),
        Example("pendulum===3.0.0\n", filename="requirements.txt"),
        Example("celery\napache-airflow\n", filename="requirements.txt",
                note="reported by MWAA702 and MWAA701 instead"),
    )

    def check_requirements(self, requirements: RequirementsFile) -> Iterator[Finding]:
        target = target_of(requirements)
        for line in named_lines(requirements):
            if line.kind != "requirement" or line.pinned_version or handled_elsewhere(line, target):
                continue
            if line.specifier:
                yield self.finding(requirements.location(line), f"{line.name}{line.specifier} is not pinned to one version",
                                   severity=Severity.INFO)  # fmt: skip
            else:
                yield self.finding(requirements.location(line), f"{line.name} has no version at all")
