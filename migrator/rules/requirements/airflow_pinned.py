from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.requirements import RequirementsFile
from migrator.knowledge import mwaa_packages
from migrator.rules.base import Example, RequirementsRule
from migrator.rules.requirements.common import named_lines, target_of


class AirflowPinned(RequirementsRule):
    """The requirements file installs `apache-airflow` itself (any version, with or without extras).

    MWAA installs Airflow in its image and runs pip with `--constraint mwaa_essential_constraints.txt`,
    which pins `apache-airflow` to the environment's version: any other version makes pip fail, and
    with it the environment update (MWAA rolls back). Even the same version only slows the install.

    Extras (`apache-airflow[amazon,postgres]`, or 1.10 names like `[gcp,kubernetes,ssh]`) installed
    provider packages and libraries: `bundle` drops the line and adds what the extras installed,
    minus what MWAA ships already (the finding's data lists them).
    """

    code = "MWAA701"
    name = "airflow-pinned"
    title = "apache-airflow in requirements"
    family = Family.REQUIREMENTS
    severity = Severity.BLOCKER
    fixable = True
    why = "MWAA installs Airflow itself and pins it with its essential constraints; pip fails on any other version."
    remedy = "Remove the line (bundle does); list the provider packages its extras installed instead."
    sources = (
        "aws/amazon-mwaa-docker-images etc/mwaa_essential_constraints.txt, python/mwaa/utils/user_requirements.py",
        "apache-airflow 2.11.2 wheel METADATA (what each extra installs)",
    )
    examples = (
        Example("apache-airflow==2.7.3\nrequests==2.31.0\n", expect_lines=(1,), filename="requirements.txt"),
        Example("apache-airflow[gcp,kubernetes,ssh]==1.10.15  # the old image\n", expect_lines=(1,),
                filename="requirements.txt"),
        Example("Apache_Airflow>=2.0\n", expect_lines=(1,), filename="requirements.txt"),
        Example("apache-airflow-providers-amazon==9.25.0\n", filename="requirements.txt"),
        Example("apache-airflow==1.10.15; python_version < '3.0'\n", filename="requirements.txt",
                note="never installed on MWAA's Python"),
    )

    def check_requirements(self, requirements: RequirementsFile) -> Iterator[Finding]:
        target = target_of(requirements)
        shipped = mwaa_packages.preinstalled(target)
        for line in named_lines(requirements):
            if not mwaa_packages.is_airflow(line.name):
                continue
            adds = sorted({
                dist for extra in line.extras for dist in mwaa_packages.airflow_extra_distributions(extra)
                if dist not in shipped
            })  # fmt: skip
            message = f"{line.name}{line.specifier} is installed by MWAA itself (Airflow {target.airflow})"
            remedy = self.remedy
            if adds:
                remedy += f" Its extras installed: {', '.join(adds)}."
            yield self.finding(
                requirements.location(line), message, remedy=remedy, data=(("adds", ",".join(adds)),)
            )
