from collections.abc import Iterator

from migrator.cron.analysis import CrontabAnalysis
from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.cron.base import CronRule


class DayFieldsAndRule(CronRule):
    """Both day fields are restricted and one of them *starts with* `*` (`0 9 */2 * 1`). Every
    Vixie-derived cron then requires both to match (Mondays that fall on odd dates), while the
    crontab man page, croniter and Airflow read "either". The DAG keeps the host's behaviour: it is
    scheduled on the cheaper field and a guard task skips the runs on days the other field rejects
    (with `--exact-dst`, the exact timetable fires only on the right days). Worth checking: the
    author may have expected the documented "either" behaviour."""

    code = "MWAA911"
    name = "day-fields-and-rule"
    title = "Day fields are ANDed because one starts with `*`"
    severity = Severity.INFO
    why = "The job runs on fewer days than the crontab's documentation suggests; the DAG keeps that."
    remedy = (
        "Nothing to do if the host's behaviour was intended; otherwise fix the crontab's day fields first."
    )
    sources = ("shared/cron-facts.md §1.5, §3.7",)
    examples = (
        Example(
            "0 9 */2 * 1 /opt/report.sh\n0 9 1,15 * 5 /opt/pay.sh\n",
            expect_lines=(1,),
            filename="crontabs/etl.crontab",
        ),
    )

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        for item in analysis.entries:
            if item.base_emission is not None and item.base_emission.guarded:
                fields = item.entry.job.fields
                how = (
                    "the exact timetable"
                    if item.schedule is not None and item.schedule.kind == "exact"
                    else f"`{item.base_emission.expressions[0]}` plus a guard task"
                )
                yield self.finding(
                    self.at(analysis, item.entry.number),
                    f"cron runs this only on days matching both `{fields[2].text}` (day of month) and "
                    f"`{fields[4].text}` (day of week); the DAG does the same with {how}",
                )
