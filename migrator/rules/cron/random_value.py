from collections.abc import Iterator

from migrator.cron.analysis import CrontabAnalysis
from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.cron.base import CronRule


class RandomValue(CronRule):
    """A `~` in a time field (`6~15`). cronie picks one random value in the range each time it loads
    the file, so the job's time changes when the crontab is edited or the daemon restarts; the
    converter fixes one value derived from the line (the same on every run). Debian cron reads
    `6~15` as `6` (it skips what follows a number); Vixie cron rejects it."""

    code = "MWAA906"
    name = "random-value"
    title = "Random `~` value in a time field"
    severity = Severity.WARNING
    why = "The host's time for this job was random; the DAG uses one fixed value."
    remedy = (
        "Check the chosen time in the DAG; write the value you want into the crontab to choose it yourself."
    )
    sources = ("shared/cron-facts.md §1.4 (cronie `~`, Debian trailing junk), §1.10",)
    examples = (
        Example(
            "6~15 2 * * * /opt/backup.sh\n0 3 * * * /opt/other.sh\n",
            expect_lines=(1,),
            filename="crontabs/ops.crontab",
        ),
    )

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        for item in analysis.entries:
            for field in item.entry.job.fields:
                for pick in field.random_picks:
                    yield self.finding(
                        self.at(analysis, item.entry.number),
                        f"cronie draws `{pick.text}` at random between {pick.low} and {pick.high} each time it "
                        f"loads the file; the DAG uses {pick.chosen}",
                    )
                if "~" in field.junk:
                    first = field.text[: len(field.text) - len(field.junk)]
                    yield self.finding(
                        self.at(analysis, item.entry.number),
                        f"{analysis.crontab.flavor.title} reads `{field.text}` as `{first}` (it ignores `{field.junk}`); "
                        f"the DAG does the same (cronie would pick a random value)",
                    )
