from collections.abc import Iterator

from migrator.findings import Family, Finding, Location, Severity
from migrator.inputs.requirements import RequirementsFile
from migrator.rules.base import Example, RequirementsRule
from migrator.rules.requirements.common import target_of


class MissingConstraint(RequirementsRule):
    """The requirements file has no `--constraint` line. From Airflow 2.7.2 MWAA wants one; without
    it MWAA adds its image's Airflow constraints itself and logs "Constraints should be specified",
    so what gets installed is decided by a file you never saw, and `pip` run locally on the same
    requirements resolves differently.

    MWAA counts any line containing `-c ` or `--constraint ` as a constraint, even a commented-out
    one (the documented way to opt out). `bundle` adds
    `--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-<airflow>/constraints-<python>.txt"`
    for the target version. Reported on the file (line 0).
    """

    code = "MWAA708"
    name = "missing-constraint"
    title = "Requirements file has no --constraint line"
    family = Family.REQUIREMENTS
    severity = Severity.INFO
    fixable = True
    why = "Without a constraint line MWAA applies its own; local and MWAA installs resolve differently."
    remedy = "Add the Airflow constraints of the target version as the first line (bundle does)."
    sources = (
        "MWAA User Guide: working-dags-dependencies (constraint statement from Airflow 2.7.2)",
        "aws/amazon-mwaa-docker-images python/mwaa/utils/user_requirements.py (_requirements_has_constraints)",
    )
    examples = (
        Example("requests==2.31.0\n", expect_lines=(0,), filename="requirements.txt"),
        Example('--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-3.3.1/constraints-3.12.txt"\n'
                "requests==2.31.0\n", filename="requirements.txt"),
        Example("# -c constraints.txt   (opted out on purpose)\nrequests==2.31.0\n", filename="requirements.txt"),
    )

    def check_requirements(self, requirements: RequirementsFile) -> Iterator[Finding]:
        if not any(line.kind != "comment" for line in requirements.lines):
            return  # an empty file installs nothing; the engine reports empty files itself
        if requirements.has_constraint_line():
            return
        target = target_of(requirements)
        yield self.finding(
            Location(requirements.path),
            f"no --constraint line: MWAA will apply the constraints of its Airflow {target.airflow} image",
            remedy=f'{self.remedy} --constraint "{target.constraints_url}"',
            data=(("constraints_url", target.constraints_url),),
        )
