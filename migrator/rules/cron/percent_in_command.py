from collections.abc import Iterator

from migrator.cron.analysis import CrontabAnalysis
from migrator.findings import Finding, Severity
from migrator.masking import mask_urls
from migrator.rules.base import Example
from migrator.rules.cron.base import CronRule


class PercentInCommand(CronRule):
    """An unescaped `%` ends a cron command: the rest of the line, with every `%` turned into a
    newline, is the job's standard input (`date +%Y` runs `date +`). Sometimes intended (mail
    bodies), usually not. The DAG reproduces the host exactly: the command up to the `%` and the
    same standard input."""

    code = "MWAA914"
    name = "percent-in-command"
    title = "Unescaped % splits the command"
    severity = Severity.WARNING
    why = "The host ran a shorter command than the line shows, with the rest on stdin; the DAG does too."
    remedy = "If a literal % was meant, write `\\%` in the crontab and re-run the converter."
    sources = ("shared/cron-facts.md §1.7",)
    examples = (
        Example(
            "0 1 * * * tar czf /backup/etc-$(date +%F).tgz /etc\n0 2 * * * date +\\%F > /tmp/d\n",
            expect_lines=(1,),
            filename="crontabs/ops.crontab",
        ),
    )

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        for item in analysis.entries:
            split = item.entry.split
            if split.percent_split:
                lines = (split.stdin or "").count("\n")
                yield self.finding(
                    self.at(analysis, item.entry.number),
                    f"cron runs only `{mask_urls(split.command.strip())}` and sends {lines} line(s) on its standard "
                    "input; the DAG does the same",
                )
