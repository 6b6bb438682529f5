from collections.abc import Iterator

from migrator.cron.analysis import CrontabAnalysis
from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.cron.base import CronRule


class RebootJob(CronRule):
    """`@reboot` runs a command once when the cron daemon starts after a boot. Airflow has no boot
    event (croniter and Airflow reject `@reboot`), and such jobs usually start daemons, which do not
    belong on Airflow workers. The line is not converted."""

    code = "MWAA904"
    name = "reboot-job"
    title = "@reboot job has no Airflow equivalent"
    severity = Severity.WARNING
    why = "Nothing on MWAA runs at boot; the job would silently stop running."
    remedy = (
        "Move it to the host's systemd unit or the instance's user data, or make it a manually triggered DAG."
    )
    sources = ("shared/cron-facts.md §3.8",)
    examples = (
        Example(
            "@reboot /opt/agent/start.sh\n30 2 * * * /opt/etl/nightly.sh\n",
            expect_lines=(1,),
            filename="crontabs/etl.crontab",
        ),
        Example("@reboot root /opt/agent/start.sh\n", expect_lines=(1,), filename="etc/cron.d/agent"),
    )

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        for item in analysis.entries:
            if item.skip_kind == "reboot":
                yield self.finding(self.at(analysis, item.entry.number), f"{item.skip_reason}; not converted")
