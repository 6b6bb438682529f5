from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.requirements import RequirementsFile
from migrator.rules.base import Example, RequirementsRule
from migrator.rules.requirements.common import PIP_FILE_OPTIONS


class InvalidRequirementLine(RequirementsRule):
    """pip cannot read the line: it is not a PEP 508 requirement, a URL, a path, or an option pip
    accepts in a requirements file. pip stops at the first such line, so nothing in the file is
    installed and MWAA's environment update fails (blocker).
    """

    code = "MWAA707"
    name = "invalid-requirement-line"
    title = "Line pip cannot read"
    family = Family.REQUIREMENTS
    severity = Severity.BLOCKER
    why = "pip refuses the whole file on one unreadable line; MWAA then fails the environment update."
    remedy = "Fix the line (e.g. `name==1.2.3`, `name>=1,<2`, `name[extra]==1.0`) or remove it."
    sources = ("pip requirements file format (pip/_internal/req/req_file.py); PEP 508",)
    examples = (
        Example("requests==2.31.0\npandas = 2.1.3\nnumpy==1.26.4\n", expect_lines=(2,), filename="requirements.txt"),
        Example("--no-deps\nrequests==2.31.0\n", expect_lines=(1,), filename="requirements.txt",
                note="--no-deps is not a requirements-file option"),
        Example("requests[security]==2.31.0 ; python_version >= '3.8'\n--index-url https://pypi.org/simple\n",
                filename="requirements.txt"),
    )

    def check_requirements(self, requirements: RequirementsFile) -> Iterator[Finding]:
        for line in requirements.lines:
            if line.kind == "invalid":
                yield self.finding(requirements.location(line), f"not a requirement: {line.error}")
            elif line.kind == "option" and line.option not in PIP_FILE_OPTIONS:
                yield self.finding(requirements.location(line),
                                   f"{line.option} is not an option pip accepts in a requirements file")  # fmt: skip
