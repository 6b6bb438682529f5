from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.requirements import RequirementLine, RequirementsFile
from migrator.knowledge import mwaa_packages
from migrator.rules.base import Example, RequirementsRule
from migrator.rules.requirements.common import target_of

_LOCAL_OPTIONS = {"--requirement", "--constraint", "--find-links", "--editable"}


class VcsOrLocalRequirement(RequirementsRule):
    """The requirement points at something only the old machines could reach:

    * a local path, a wheel or archive file, an editable install (`-e ./lib`), or an included file
      (`-r base.txt`, `-c constraints.txt`, `--find-links ./wheels`) outside `/usr/local/airflow/`:
      MWAA copies requirements.txt alone, so the path does not exist and pip fails (blocker);
    * a VCS URL (`git+https://...`) or an archive URL: the scheduler and workers must reach the host
      from the environment's VPC, with credentials, at every container start, and a private web
      server never can (warning).

    `bundle --wheels` builds wheels for such packages, ships them in plugins.zip and installs them
    with `--find-links /usr/local/airflow/plugins`; `-r` includes are inlined. Credentials in URLs
    are never shown (MWAA711 reports them).
    """

    code = "MWAA705"
    name = "vcs-or-local-requirement"
    title = "Requirement from a VCS URL or a local path"
    family = Family.REQUIREMENTS
    severity = Severity.BLOCKER
    fixable = True
    why = "Only requirements.txt reaches MWAA; local files are missing there and private hosts are often unreachable."
    remedy = "Ship the package as a wheel in plugins.zip with `--find-links /usr/local/airflow/plugins` (bundle --wheels), or publish it to a private index."
    sources = ("MWAA User Guide: best-practices-dependencies (wheels in plugins.zip, private repositories)",)
    examples = (
        Example("git+https://github.com/acme/warehouse-utils.git@v2.3.1#egg=warehouse-utils\n./libs/partner_sdk\n",
                expect_lines=(1, 2), filename="requirements.txt"),
        Example("-e ./common\n-r requirements-base.txt\n", expect_lines=(1, 2), filename="requirements.txt"),
        Example("acme-sdk @ https://downloads.acme.example/acme_sdk-1.2-py3-none-any.whl\n", expect_lines=(1,),
                filename="requirements.txt"),
        Example('--constraint "/usr/local/airflow/dags/constraints-3.12.txt"\n--find-links /usr/local/airflow/plugins\n',
                filename="requirements.txt", note="paths inside MWAA are fine"),
        Example("requests==2.32.3\n", filename="requirements.txt"),
    )

    def check_requirements(self, requirements: RequirementsFile) -> Iterator[Finding]:
        target = target_of(requirements)
        for line in requirements.lines:
            if line.kind in {"vcs", "url"} and line.applies_to(target):
                yield self.finding(
                    requirements.location(line),
                    f"{_label(line)} is fetched from {line.shown_argument.split('#', 1)[0]} at every container start",
                    severity=Severity.WARNING,
                )
            elif line.kind == "path" and line.applies_to(target):
                yield self.finding(requirements.location(line),
                                   f"{line.shown_argument} is a local path that does not exist on MWAA")  # fmt: skip
            elif line.option in _LOCAL_OPTIONS and _is_local(line.argument):
                yield self.finding(
                    requirements.location(line),
                    f"{line.option} {line.shown_argument} refers to a local file that does not exist on MWAA",
                )
            elif line.kind == "editable":
                yield self.finding(requirements.location(line),
                                   f"editable install {line.shown_argument} is fetched at every container start",
                                   severity=Severity.WARNING)  # fmt: skip


def _label(line: RequirementLine) -> str:
    return line.name or "this requirement"


def _is_local(argument: str) -> bool:
    text = argument.strip().strip("\"'")
    if not text or ("://" in text and not text.startswith("file:")):
        return False
    return not mwaa_packages.is_mwaa_path(text)
