import re
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.requirements import RequirementsFile
from migrator.rules.base import Example, RequirementsRule

# user:password@ or token@ in a URL, unless the secret part is an environment variable reference.
_CREDENTIAL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*://(?P<userinfo>[^/@\s]+)@")


class CredentialsInRequirements(RequirementsRule):
    """A URL in the requirements file carries a credential (`https://user:password@host/...`, or a
    token as user name). requirements.txt lives in the environment's S3 bucket and is printed in
    the `requirements_install_ip` CloudWatch logs; the credential is readable by anyone with access
    to either. The value is never shown here.

    MWAA documents the alternative: store the credential as configuration options (e.g.
    `foo.user`, `foo.pass`; the options map is marked sensitive in the API) and reference the
    variables MWAA derives from them: `--index-url https://${AIRFLOW__FOO__USER}:${AIRFLOW__FOO__PASS}@my.privatepypi.com`.
    For AWS CodeArtifact, a startup script can fetch a short-lived token instead.
    """

    code = "MWAA711"
    name = "credentials-in-requirements"
    title = "Credential written into a requirements URL"
    family = Family.REQUIREMENTS
    severity = Severity.WARNING
    why = "requirements.txt sits in S3 and its install log in CloudWatch; a credential in it leaks to their readers."
    remedy = "Reference configuration options instead: https://${AIRFLOW__FOO__USER}:${AIRFLOW__FOO__PASS}@host (set foo.user / foo.pass on the environment)."
    sources = ("MWAA User Guide: best-practices-dependencies (private repository with credentials), samples-code-artifact",)
    examples = (
        Example("--index-url https://deploy:not-a-real-password@pypi.acme.example/simple\nacme-lib==1.0\n",
                expect_lines=(1,), filename="requirements.txt"),
        Example("git+https://ghp_notARealToken123@github.com/acme/lib.git#egg=lib\n", expect_lines=(1,),
                filename="requirements.txt"),
        Example("--index-url https://${AIRFLOW__FOO__USER}:${AIRFLOW__FOO__PASS}@pypi.acme.example/simple\n",
                filename="requirements.txt"),
        Example("git+ssh://git@github.com/acme/lib.git#egg=lib\n", filename="requirements.txt"),
    )

    def check_requirements(self, requirements: RequirementsFile) -> Iterator[Finding]:
        for line in requirements.lines:
            if line.kind == "comment":
                continue
            for match in _CREDENTIAL.finditer(line.raw):
                userinfo = match["userinfo"]
                secret = userinfo.split(":", 1)[-1]
                if userinfo == "git" or secret.startswith("$"):
                    continue
                yield self.finding(requirements.location(line), f"a URL on this line carries a credential: {line.shown}")
                break
