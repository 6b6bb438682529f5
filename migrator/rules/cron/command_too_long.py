from collections.abc import Iterator

from migrator.cron import facts
from migrator.cron.analysis import CrontabAnalysis
from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.cron.base import CronRule


class CommandTooLong(CronRule):
    """The command field is longer than Debian cron's documented limit of 998 characters; how the
    daemon cuts it is not something to rely on. The DAG gets the whole command."""

    code = "MWAA925"
    name = "command-too-long"
    title = "Command longer than cron's limit"
    severity = Severity.WARNING
    why = "The host may have run a truncated command; the DAG runs the full one."
    remedy = "Move the command into a script and call that from the crontab and the DAG."
    sources = ("shared/cron-facts.md §1.7 (Length limits)",)
    examples = (
        Example(
            "0 1 * * * echo " + "x" * 1000 + "\n0 2 * * * echo short\n",
            expect_lines=(1,),
            filename="crontabs/etl.crontab",
        ),
    )

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        limit = facts.limits()["command_length"]
        for item in analysis.entries:
            if len(item.entry.job.command) > limit:
                yield self.finding(
                    self.at(analysis, item.entry.number),
                    f"the command has {len(item.entry.job.command)} characters; Debian cron allows {limit}",
                )
