from collections.abc import Iterator

from migrator.cron.analysis import CrontabAnalysis
from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.cron.base import CronRule


class AnacronJobTime(CronRule):
    """An anacron job runs "once per period" at no fixed time: anacron starts it its delay after
    anacron itself runs (07:30 on Debian; 03:01 within START_HOURS_RANGE on RHEL), plus
    RANDOM_DELAY. The converter pins it to that time (RANDOM_DELAY as 0; 7-day periods on
    Sundays, monthly ones on the 1st) and reports the choice here."""

    code = "MWAA923"
    name = "anacron-job-time"
    title = "Anacron job pinned to a fixed time"
    severity = Severity.INFO
    why = "Anacron catches up after downtime and has no wall-clock time; a DAG needs one."
    remedy = "Check the chosen time in the DAG and change it in the anacrontab if another suits better."
    sources = ("shared/cron-facts.md §1.9 (anacron)",)
    examples = (
        Example(
            "SHELL=/bin/sh\n1\t5\tcron.daily\trun-parts /etc/cron.daily\n",
            expect_lines=(2,),
            filename="etc/anacrontab",
        ),
    )

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        if analysis.crontab.kind != "anacrontab":
            return
        notes = {int(note.split(":", 1)[0].removeprefix("line ")): note.split(": ", 1)[1]
                 for note in analysis.crontab.notes if note.startswith("line ")}  # fmt: skip
        for item in analysis.entries:
            note = notes.get(item.entry.number)
            if note:
                yield self.finding(self.at(analysis, item.entry.number), note)
