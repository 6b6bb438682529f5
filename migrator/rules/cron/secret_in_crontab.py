from collections.abc import Iterator

from migrator.cron.analysis import CrontabAnalysis
from migrator.cron.execution import execution_for, owner_label
from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.cron.base import CronRule


class SecretInCrontab(CronRule):
    """A crontab setting whose name says it holds a credential (`PGPASSWORD`, `API_TOKEN`, …), or a
    URL with a password in a value or a command. The generated DAGs never contain the value: they
    read it at run time from an Airflow Variable (`{{ var.value.NAME }}`), which on MWAA lives in
    Secrets Manager. The message names the Variable to create; the value is never shown."""

    code = "MWAA920"
    name = "secret-in-crontab"
    title = "Credential in a crontab"
    severity = Severity.WARNING
    why = "DAG files are synced to S3 and readable by every DAG author; credentials must not be in them."
    remedy = (
        "Create the named Airflow Variable (Secrets Manager `airflow/variables/NAME` on MWAA) "
        "with the value; `mwaa-migrator secrets` can copy it."
    )
    sources = ("migrator/masking.py (Airflow's sensitive field names)",)
    examples = (
        Example(
            "PGPASSWORD=hunter2\n0 1 * * * pg_isready\n", expect_lines=(1,), filename="crontabs/db.crontab"
        ),
        Example(
            "0 1 * * * curl -s https://bot:s3cret@hooks.example.com/ping\n",
            expect_lines=(1,),
            filename="crontabs/db.crontab",
        ),
    )

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        crontab = analysis.crontab
        label = owner_label(crontab.display, crontab.owner)
        reported: set[tuple[int, str]] = set()
        env_lines = {line.env.name: line.number for line in crontab.lines if line.env is not None}
        for item in analysis.entries:
            execution = execution_for(item.entry, crontab.flavor.name, label)
            for what, variable in execution.secret_variables:
                line = env_lines.get(what, item.entry.number)
                if (line, variable) in reported:
                    continue
                reported.add((line, variable))
                subject = (
                    f"{what} is a credential"
                    if what in env_lines
                    else f"the command has a {what.split(' of ')[0]}"
                )
                yield self.finding(
                    self.at(analysis, line),
                    f"{subject}; the DAG reads it from the Airflow Variable `{variable}` instead of writing it out",
                    data=(("variable", variable),),
                )
