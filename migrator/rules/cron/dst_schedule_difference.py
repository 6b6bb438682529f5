from collections.abc import Iterator

from migrator.cron import dst
from migrator.cron.analysis import CrontabAnalysis
from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.cron.base import CronRule


class DstScheduleDifference(CronRule):
    """On the days the clocks change, Airflow's cron timetables fire this job at other instants than
    the host's cron did. Linux cron runs a fixed-time job whose time was skipped right after the
    jump (02:30 -> 03:00) and runs it once, at the first (summer-time) instance, when an hour
    repeats; Airflow shifts a skipped time by the gap (02:30 -> 03:30) and picks the second
    (standard-time) instance; hourly schedules are stepped from the previous run. The message
    lists the dates and both sides' times. When the host's zone is unknown (assess), the entry is
    judged in representative zones."""

    code = "MWAA903"
    name = "dst-schedule-difference"
    title = "Fires at different times than cron on DST days"
    severity = Severity.WARNING
    why = "For up to an hour on each clock change, the job runs at another time (or a different number of times)."
    remedy = (
        "Accept the difference, or convert with `--exact-dst` to use the exact timetable plugin, "
        "which fires exactly when the host's cron did."
    )
    sources = ("shared/cron-facts.md §1.8, §3.5, §3.6",)
    examples = (
        Example(
            "30 2 * * * /opt/etl/nightly.sh\n0 9 * * 1-5 /opt/etl/report.sh\n",
            expect_lines=(1,),
            filename="crontabs/etl.crontab",
        ),
        Example("0 12 * * * /opt/etl/noon.sh\n", filename="crontabs/etl.crontab"),
    )

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        for item in analysis.entries:
            schedule = item.schedule
            if schedule is not None and schedule.differences:
                days = len(dst.by_local_date(list(schedule.differences), schedule.zone))
                yield self.finding(
                    self.at(analysis, item.entry.number),
                    f"in {schedule.zone}, Airflow and cron differ on {days} DST day(s): "
                    + dst.describe(list(schedule.differences), schedule.zone),
                )
            elif item.skip_kind == "no-zone":
                differing = [(zone, found) for zone, found in item.dst_by_zone if found]
                if differing:
                    zone, found = differing[0]
                    zones = ", ".join(z for z, _ in differing)
                    yield self.finding(
                        self.at(analysis, item.entry.number),
                        f"in zones such as {zones}, Airflow and cron differ on DST days, e.g. in {zone}: "
                        + dst.describe(list(found), zone, limit=2)
                        + " (give the host's zone to `cron --timezone` for the exact dates)",
                    )
