from collections.abc import Iterator

from migrator.cron.analysis import CrontabAnalysis
from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.cron.base import CronRule


class ZoneSetting(CronRule):
    """`CRON_TZ` and `TZ` lines. Only cronie honours `CRON_TZ`: it evaluates the entries below in
    that zone, where a time skipped by DST never runs and a repeated one runs twice; the DAGs use
    that zone and the converter models those rules. Debian and Vixie cron ignore `CRON_TZ`, so the
    entries ran in the host's zone, as the DAGs will. `TZ` never changes when jobs run (it only
    reaches the job's environment)."""

    code = "MWAA916"
    name = "zone-setting"
    title = "Time zone setting in a crontab"
    severity = Severity.WARNING
    why = "Which zone the schedule is read in decides every fire time."
    remedy = "Check the zone the DAGs use (`timezone=` on each timetable) against the host's intent."
    sources = ("shared/cron-facts.md §1.3 (CRON_TZ, TZ), §1.8 (CRON_TZ caveat), §3.4",)
    examples = (
        Example(
            "CRON_TZ=Europe/Paris\n0 9 * * * /opt/report.sh\n",
            expect_lines=(1,),
            filename="crontabs/etl.crontab",
        ),
        Example("TZ=UTC\n0 9 * * * /opt/report.sh\n", expect_lines=(1,), filename="crontabs/etl.crontab"),
    )

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        flavor = analysis.crontab.flavor
        for line in analysis.crontab.lines:
            env = line.env
            if env is None:
                continue
            where = self.at(analysis, line.number)
            if env.name == "CRON_TZ" and flavor.cron_tz:
                yield self.finding(
                    where,
                    f"cronie runs the entries below in {env.value} with per-minute matching there (skipped "
                    "times never run, repeated ones run twice); the DAGs use that zone and rule",
                    severity=Severity.INFO,
                )
            elif env.name == "CRON_TZ":
                yield self.finding(
                    where,
                    f"{flavor.title} ignores CRON_TZ: the entries below ran in the host's zone, not {env.value}; "
                    "the DAGs use the host's zone too",
                )
            elif env.name == "TZ":
                yield self.finding(
                    where,
                    f"TZ={env.value} only reaches the jobs' environment; cron schedules in the host's zone",
                    severity=Severity.INFO,
                )
