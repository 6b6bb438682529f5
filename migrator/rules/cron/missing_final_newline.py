from collections.abc import Iterator

from migrator.cron.analysis import CrontabAnalysis
from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.cron.base import CronRule


class MissingFinalNewline(CronRule):
    """The file's last line has no newline. Debian cron and cronie both drop such a line (cronie logs
    "missing newline before EOF"; Debian's crontab(1) refuses the file), so the job never ran."""

    code = "MWAA910"
    name = "missing-final-newline"
    title = "Last line has no newline; cron ignores it"
    severity = Severity.WARNING
    why = "The job on the last line never ran on the host; converting it would start something new."
    remedy = "Add the newline if the job was meant to run, and re-run the converter."
    sources = ("shared/cron-facts.md §1.1 (Line ending)",)
    examples = (
        Example(
            "0 1 * * * /opt/a.sh\n0 2 * * * /opt/b.sh", expect_lines=(2,), filename="crontabs/etl.crontab"
        ),
        Example("0 1 * * * /opt/a.sh\n# done", filename="crontabs/etl.crontab"),
    )

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        for line in analysis.crontab.lines:
            if line.kind == "invalid" and line.no_newline:
                yield self.finding(
                    self.at(analysis, line.number),
                    "the last line has no newline: cron ignores it, so it never ran and is not converted",
                )
