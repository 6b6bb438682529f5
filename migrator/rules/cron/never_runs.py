from collections.abc import Iterator

from migrator.cron.analysis import CrontabAnalysis
from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.cron.base import CronRule


class NeverRuns(CronRule):
    """The daemon accepts the line but its schedule selects no instant: a reversed range (`23-1`,
    `sat-sun` on Debian, `19-7` as in sysstat's example crontab) is silently empty, and a day that
    does not exist (`31 2` = 31 February) never comes. The job never ran, so it is not converted
    (croniter would wrap the range and run it)."""

    code = "MWAA907"
    name = "never-runs"
    title = "Schedule never fires on the host"
    severity = Severity.WARNING
    why = "Converting it would start running a job that never ran."
    remedy = "If the job was meant to run, write the range in order (`23,0-1`, `sat,sun`) and re-run the converter."
    sources = ("shared/cron-facts.md §1.4 (reversed ranges), §2.5",)
    examples = (
        Example(
            "0 23-1 * * * /opt/night.sh\n0 0 31 2 * /opt/feb.sh\n0 0 * * sat-sun /opt/weekend.sh\n"
            "0 0 1 * * /opt/ok.sh\n",
            expect_lines=(1, 2, 3),
            filename="crontabs/ops.crontab",
        ),
    )

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        for item in analysis.entries:
            if item.skip_kind == "never":
                yield self.finding(self.at(analysis, item.entry.number), f"{item.skip_reason}; not converted")
