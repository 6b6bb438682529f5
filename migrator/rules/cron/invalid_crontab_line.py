from collections.abc import Iterator

from migrator.cron.analysis import CrontabAnalysis
from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.cron.base import CronRule


class InvalidCrontabLine(CronRule):
    """The daemon rejects this line, so the job never ran on the host: a sixth time field, Quartz or
    Jenkins syntax (`?`, `L`, `W`, `#`, `H`), a step on a single number (`5/15`), a full day name
    (`Monday`), a value out of range, an unknown `@keyword`, or a time field with nothing after it.
    The converter reproduces what the host did, so the line is reported and not converted."""

    code = "MWAA902"
    name = "invalid-crontab-line"
    title = "Crontab line the cron daemon rejects"
    severity = Severity.WARNING
    why = "The host's cron never ran this line; a DAG for it would start running something that never ran."
    remedy = "Fix the line if the job was meant to run (and re-run the converter), or delete it."
    sources = ("shared/cron-facts.md §1.4, §1.6, §1.10",)
    examples = (
        Example(
            "0 2 * * * /bin/true\n0 2 * * 1 * /opt/weekly.sh\n60 * * * * /opt/x\n@every_5m /opt/y\n"
            "5/15 * * * * /opt/z\n0 0 ? * MON /opt/q\n",
            expect_lines=(2, 3, 4, 5, 6),
            filename="crontabs/etl.crontab",
        ),
        Example("0 2 * * * /bin/true\n", filename="crontabs/etl.crontab"),
    )

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        for line in analysis.crontab.lines:
            if line.kind == "invalid" and not line.no_newline:
                yield self.finding(
                    self.at(analysis, line.number),
                    f"cron rejects this line ({line.error}); it never ran and is not converted",
                )
