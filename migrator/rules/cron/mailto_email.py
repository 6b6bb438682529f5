from collections.abc import Iterator

from migrator.cron.analysis import CrontabAnalysis
from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.cron.base import CronRule


class MailtoEmail(CronRule):
    """`MAILTO` names who receives a job's output. The DAGs set `email` and `email_on_failure=True`
    for the jobs below it: Airflow mails failures, not every output, and needs an SMTP connection
    (on MWAA, SES through the `smtp_default` connection or an email backend). `MAILTO=""` turns
    mail off, and the DAGs send none."""

    code = "MWAA918"
    name = "mailto-email"
    title = "MAILTO becomes failure emails"
    severity = Severity.INFO
    why = "Cron mailed any output; Airflow mails only failures, and only once email is configured."
    remedy = "Configure email on MWAA (SES) or replace mail with a notifier (e.g. on_failure_callback)."
    sources = ("shared/cron-facts.md §1.3 (MAILTO)",)
    examples = (
        Example(
            "MAILTO=ops@example.com\n0 1 * * * /opt/a.sh\n",
            expect_lines=(1,),
            filename="crontabs/etl.crontab",
        ),
        Example('MAILTO=""\n0 1 * * * /opt/a.sh\n', filename="crontabs/etl.crontab"),
    )

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        for line in analysis.crontab.lines:
            env = line.env
            if env is not None and env.name == "MAILTO" and env.value.strip():
                yield self.finding(
                    self.at(analysis, line.number),
                    f"jobs below email {env.value.strip()} on failure (cron mailed every output)",
                )
