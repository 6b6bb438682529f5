from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.requirements import RequirementsFile
from migrator.knowledge import mwaa_packages
from migrator.rules.base import Example, RequirementsRule
from migrator.rules.requirements.common import named_lines


class Python2OnlyPackage(RequirementsRule):
    """The package exists only for Python 2, or is a backport of a module Python 3 has had for
    years. MWAA runs Python 3.11 (Airflow 2.7-2.10) or 3.12 (2.11 and 3.x).

    * Python 2 only (`MySQL-python`, `functools32`, `futures`, `subprocess32`, `pysqlite`,
      `BeautifulSoup` 3, `snakebite`, `PIL`): pip fails, and with it the environment update
      (blocker). Each has a successor; where it keeps the import name (`mysqlclient` for `MySQLdb`,
      `pillow` for `PIL`) `bundle` swaps it, where the stdlib has it `bundle` drops it;
    * obsolete backports (`typing`, `enum34`): they install but can shadow the standard library
      (warning); `bundle` drops them.

    Lines whose environment marker excludes Python 3 (`; python_version < "3"`) are never installed
    and not reported. Evidence per package is in migrator/knowledge/mwaa_packages.toml.
    """

    code = "MWAA706"
    name = "python2-only-package"
    title = "Python 2 only (or obsolete backport) package"
    family = Family.REQUIREMENTS
    severity = Severity.BLOCKER
    fixable = True
    why = "MWAA runs Python 3.11/3.12; Python 2 packages do not install, backports shadow the standard library."
    remedy = "Replace it with its Python 3 successor or the standard library module."
    sources = ("the packages' own metadata on PyPI (setup.py, PKG-INFO classifiers, Requires-Python), read 2026-11-22",)
    examples = (
        Example("MySQL-python==1.2.5\nfutures==3.3.0\nrequests==2.32.3\n", expect_lines=(1, 2), filename="requirements.txt"),
        Example("enum34==1.1.10\n", expect_lines=(1,), filename="requirements.txt", note="warning: obsolete backport"),
        Example('futures==3.3.0; python_version < "3.0"\n', filename="requirements.txt"),
        Example("mysqlclient==2.2.4\n", filename="requirements.txt"),
    )

    def check_requirements(self, requirements: RequirementsFile) -> Iterator[Finding]:
        for line in named_lines(requirements):
            package = mwaa_packages.python2_package(line.name)
            if package is None:
                continue
            only = package.kind == "python2-only"
            what = "supports only Python 2" if only else "is an obsolete backport of a standard library module"
            yield self.finding(
                requirements.location(line),
                f"{line.name} {what}; use {package.replacement}",
                remedy=f"{package.evidence}. Use {package.replacement}.",
                severity=Severity.BLOCKER if only else Severity.WARNING,
                fixable=bool(package.bundle_fix),
                data=(("bundle_fix", package.bundle_fix), ("replacement", package.replacement_distribution)),
            )
