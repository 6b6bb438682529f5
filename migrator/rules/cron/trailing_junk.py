from collections.abc import Iterator

from migrator.cron.analysis import CrontabAnalysis
from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.cron.base import CronRule


class TrailingJunk(CronRule):
    """Debian cron skips whatever follows a valid list in a time field: `5#3` (meant as "third
    Friday") is read as `5`, every Friday. cronie and Vixie reject the line. The DAG reproduces
    what the Debian host did."""

    code = "MWAA912"
    name = "trailing-junk"
    title = "Debian cron ignored part of a time field"
    severity = Severity.WARNING
    why = "The job ran more often than its author wrote; the DAG keeps the host's behaviour."
    remedy = "Check the intent; write the schedule in plain cron syntax and re-run the converter."
    sources = ("shared/cron-facts.md §1.4 (Trailing junk), §2.5",)
    examples = (
        Example(
            "0 0 * * 5#3 /opt/third_friday.sh\n0 0 * * 5 /opt/friday.sh\n",
            expect_lines=(1,),
            filename="crontabs/etl.crontab",
        ),
    )

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        names = ("minute", "hour", "day-of-month", "month", "day-of-week")
        for item in analysis.entries:
            for name, field in zip(names, item.entry.job.fields, strict=False):
                if field.junk and "~" not in field.junk:
                    used = field.text[: len(field.text) - len(field.junk)]
                    yield self.finding(
                        self.at(analysis, item.entry.number),
                        f"{analysis.crontab.flavor.title} reads the {name} field `{field.text}` as `{used}` "
                        f"(it ignores `{field.junk}`); the DAG does the same",
                    )
