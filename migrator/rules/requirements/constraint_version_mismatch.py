import re
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.requirements import RequirementsFile
from migrator.rules.base import Example, RequirementsRule
from migrator.rules.requirements.common import target_of

# The Airflow constraints URL names its Airflow and Python versions.
_AIRFLOW_CONSTRAINTS = re.compile(r"constraints-(?P<airflow>\d+\.\d+\.\d+)/constraints-(?P<python>\d+\.\d+)\.txt")


class ConstraintVersionMismatch(RequirementsRule):
    """The `--constraint` line points at Airflow's constraints for another Airflow or Python version
    than the target's. Those constraints pin providers and libraries for that other version; MWAA's
    own essential constraints pin the target's, so pip meets two incompatible pins for the same
    packages (Flask-AppBuilder, SQLAlchemy, celery ...) and the install fails (blocker).

    Constraint files that are not Airflow's (a path under `/usr/local/airflow/dags/`, your own URL)
    are not judged.
    """

    code = "MWAA710"
    name = "constraint-version-mismatch"
    title = "--constraint for another Airflow or Python version"
    family = Family.REQUIREMENTS
    severity = Severity.BLOCKER
    fixable = True
    why = "The constraints of another Airflow version conflict with MWAA's essential constraints; pip fails."
    remedy = "Use the target's constraints URL (bundle rewrites the line)."
    sources = ("MWAA User Guide: working-dags-dependencies (constraints URL per Airflow and Python version)",)
    examples = (
        Example('--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-2.7.3/constraints-3.11.txt"\n'
                "requests==2.31.0\n", expect_lines=(1,), filename="requirements.txt", target="3.3.1"),
        Example("-c https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.8.txt\n",
                expect_lines=(1,), filename="requirements.txt", target="2.10.3", note="right Airflow, wrong Python"),
        Example('--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-3.3.1/constraints-3.12.txt"\n',
                filename="requirements.txt", target="3.3.1"),
        Example('-c "/usr/local/airflow/dags/constraints-3.12-updated.txt"\n', filename="requirements.txt"),
    )

    def check_requirements(self, requirements: RequirementsFile) -> Iterator[Finding]:
        target = target_of(requirements)
        for line in requirements.lines:
            if line.option != "--constraint":
                continue
            match = _AIRFLOW_CONSTRAINTS.search(line.argument)
            if match is None:
                continue
            if (match["airflow"], match["python"]) == (target.airflow, target.python):
                continue
            yield self.finding(
                requirements.location(line),
                f"constraints of Airflow {match['airflow']} / Python {match['python']}, but the target is "
                f"Airflow {target.airflow} / Python {target.python}",
                remedy=f'{self.remedy} --constraint "{target.constraints_url}"',
                data=(("constraints_url", target.constraints_url),),
            )
