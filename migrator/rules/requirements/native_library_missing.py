from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.requirements import RequirementsFile
from migrator.knowledge import mwaa_packages
from migrator.rules.base import Example, RequirementsRule
from migrator.rules.requirements.common import named_lines


class NativeLibraryMissing(RequirementsRule):
    """The package needs a native library or tool that MWAA's Amazon Linux 2023 images lack, or
    files that must be shipped with it. Each package has its own remedy (a closed set of kinds):

    * startup-script: `startup.sh` runs before the requirements install, as `airflow` with sudo, so
      it can `yum install` what is missing (pyodbc -> unixODBC, python-ldap -> openldap-devel and
      cyrus-sasl-devel); `bundle` writes those lines, guarded per component (fixable);
    * package-swap: a replacement that needs nothing native (cx_Oracle -> oracledb thin mode);
    * ship-files: the package installs but needs your files (Kerberos krb5.conf/keytab, JDBC jars in
      dags/classpath/);
    * run-elsewhere: cannot run on MWAA workers (GDAL bindings, vendor SDKs): run that work on
      ECS/EKS from an operator.

    Severity follows the failure: pip failing fails the whole environment update (blocker); a
    package that installs but cannot be used fails only the tasks that use it (blocker or warning).
    The table is in migrator/knowledge/mwaa_packages.toml with its sources.
    """

    code = "MWAA703"
    name = "native-library-missing"
    title = "Package needs a native library MWAA does not ship"
    family = Family.REQUIREMENTS
    severity = Severity.BLOCKER
    fixable = True
    why = "MWAA images ship a fixed set of OS packages (Amazon Linux 2023) and no custom images are allowed."
    remedy = "Apply the package's remedy: startup.sh install, a pure-Python replacement, shipped files, or run it on ECS/EKS."
    sources = (
        "aws/amazon-mwaa-docker-images BillOfMaterials/<ver>/System-Packages-BOM.txt @9d2bebb",
        "MWAA User Guide: samples-oracle, using-startup-script; aws-mwaa-local-runner issue #157",
    )
    examples = (
        Example("pyodbc==5.1.0\ncx_Oracle==8.3.0\npython-ldap\nrequests==2.32.3\n", expect_lines=(1, 2, 3),
                filename="requirements.txt"),
        Example("GDAL==3.8.4\n", expect_lines=(1,), filename="requirements.txt"),
        Example("apache-airflow-providers-jdbc\n", expect_lines=(1,), filename="requirements.txt",
                note="info: put the JDBC driver jar in dags/classpath/"),
        Example("psycopg2==2.9.9\nmysqlclient==2.2.4\noracledb==2.4.1\n", filename="requirements.txt"),
        Example("pyodbc==5.1.0; sys_platform == 'win32'\n", filename="requirements.txt",
                note="never installed on MWAA's Linux"),
    )

    def check_requirements(self, requirements: RequirementsFile) -> Iterator[Finding]:
        for line in named_lines(requirements):
            native = mwaa_packages.native_package(line.name)
            if native is None:
                continue
            what = "cannot be installed" if native.when == "install" else "installs but cannot be used"
            yield self.finding(
                requirements.location(line),
                f"{line.name} {what} on MWAA as is: it needs {native.library}",
                remedy=native.remedy,
                severity=Severity.parse(native.severity),
                fixable=native.bundle_can_fix,
                data=(
                    ("remedy_kind", native.kind.value),
                    ("startup_lines", "\n".join(native.startup_lines)),
                    ("components", ",".join(native.components)),
                    ("replacement", native.replacement),
                ),
            )
