from collections.abc import Iterator

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from migrator.findings import Family, Finding, Severity
from migrator.inputs.requirements import RequirementsFile
from migrator.knowledge import mwaa_packages
from migrator.rules.base import Example, RequirementsRule
from migrator.rules.requirements.common import named_lines, target_of


class MwaaPinnedPackage(RequirementsRule):
    """The file lists a package MWAA pins itself: its essential constraints fix Flask-AppBuilder,
    Flask and its extensions, gunicorn, celery, kombu, billiard, vine, gevent, greenlet, SQLAlchemy,
    SQLAlchemy-Utils, statsd, watchtower and fluent-logger to the versions its web server, workers
    and logging are built on ("MWAA enforces a list of critical packages ... whose version cannot be
    overridden").

    * a version that the pin does not satisfy (e.g. `SQLAlchemy==1.3.24`, `celery<5`): pip fails and
      the environment update rolls back (blocker);
    * no version, or a range MWAA's pin satisfies: the line is redundant (warning);
    * exactly MWAA's version: harmless (info).

    For 2.7.2 and 2.8.1, whose images are not published, only the names are known (warning).
    """

    code = "MWAA702"
    name = "mwaa-pinned-package"
    title = "Package MWAA pins itself"
    family = Family.REQUIREMENTS
    severity = Severity.WARNING
    fixable = True
    why = "pip runs with MWAA's essential constraints; another version of these packages makes the install fail."
    remedy = "Remove the line (bundle does) and code against the version MWAA ships."
    sources = ("aws/amazon-mwaa-docker-images images/airflow/<ver>/etc/mwaa_essential_constraints.txt @9d2bebb",)
    examples = (
        Example("SQLAlchemy==1.3.24\ncelery==4.4.7\nrequests==2.31.0\n", expect_lines=(1, 2), filename="requirements.txt"),
        Example("Flask-AppBuilder==4.3.6\n", expect_lines=(1,), filename="requirements.txt", target="2.10.3"),
        Example("flask-appbuilder==4.5.2\n", expect_lines=(1,), filename="requirements.txt", target="2.10.3",
                note="info: the version MWAA pins"),
        Example("gunicorn\n", expect_lines=(1,), filename="requirements.txt"),
        Example("pendulum==3.0.0\n", filename="requirements.txt", note="preinstalled, but not pinned by MWAA"),
    )

    def check_requirements(self, requirements: RequirementsFile) -> Iterator[Finding]:
        target = target_of(requirements)
        exact = not mwaa_packages.uses_fallback_image(target)
        for line in named_lines(requirements):
            if mwaa_packages.is_airflow(line.name):
                continue
            pinned = mwaa_packages.essential_pin(line.name, target)
            if pinned is None:
                continue
            wanted = line.specifier or "(any version)"
            if not exact:
                severity = Severity.WARNING
                message = f"{line.name} is pinned by MWAA on Airflow {target.airflow}; {wanted} may conflict"
            elif line.kind != "requirement":
                severity = Severity.BLOCKER
                message = f"{line.name} comes from a {line.kind} here, but MWAA pins {line.name}=={pinned}"
            elif line.pinned_version == pinned:
                severity = Severity.INFO
                message = f"{line.name}=={pinned} is the version MWAA pins anyway"
            elif _satisfied(line.specifier, pinned):
                severity = Severity.WARNING
                message = f"{line.name} {wanted} is redundant: MWAA pins {line.name}=={pinned}"
            else:
                severity = Severity.BLOCKER
                message = f"{line.name}{line.specifier} conflicts with MWAA's pin {line.name}=={pinned}: pip will fail"
            yield self.finding(requirements.location(line), message, severity=severity,
                               data=(("mwaa_pin", pinned if exact else ""),))  # fmt: skip


def _satisfied(specifier: str, version: str) -> bool:
    try:
        return SpecifierSet(specifier).contains(version, prereleases=True)
    except InvalidSpecifier:
        return False
