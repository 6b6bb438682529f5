from collections.abc import Iterator

from migrator.cron.analysis import CrontabAnalysis
from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.cron.base import CronRule


class RandomDelay(CronRule):
    """`RANDOM_DELAY=N`. cronie delays every job below it by the same random 0..N minutes, drawn once
    per daemon start (so the offset changes on each restart); Debian and Vixie cron ignore it and
    run at the nominal time. The DAGs run at the nominal time; on cronie hosts that is earlier than
    the host ran them."""

    code = "MWAA905"
    name = "random-delay"
    title = "RANDOM_DELAY is not reproduced"
    severity = Severity.WARNING
    why = "On cronie the job ran up to N minutes after its nominal time; Airflow runs it on the minute."
    remedy = "Nothing if the delay only spread load; otherwise shift the schedule by the delay you want."
    sources = ("shared/cron-facts.md §1.3 (RANDOM_DELAY)",)
    examples = (
        Example(
            "RANDOM_DELAY=30\n0 3 * * * /opt/backup.sh\n", expect_lines=(1,), filename="crontabs/ops.crontab"
        ),
    )

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        flavor = analysis.crontab.flavor
        for line in analysis.crontab.lines:
            if line.env is None or line.env.name != "RANDOM_DELAY":
                continue
            if flavor.random_delay:
                message = (
                    f"cronie delays the jobs below by one random 0-{line.env.value} minutes per daemon start; "
                    "the DAGs run at the nominal time"
                )
                yield self.finding(self.at(analysis, line.number), message)
            else:
                message = f"{flavor.title} ignores RANDOM_DELAY; the jobs ran at their nominal time, as the DAGs will"
                yield self.finding(self.at(analysis, line.number), message, severity=Severity.INFO)
