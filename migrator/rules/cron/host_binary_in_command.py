from collections.abc import Iterator

from migrator.cron.analysis import CrontabAnalysis
from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.cron.base import CronRule


class HostBinaryInCommand(CronRule):
    """In `bash` mode the command runs on an MWAA worker, whose image (Amazon Linux 2023) ships no
    database clients, no mail agent, no ssh/rsync and no service manager."""

    code = "MWAA909"
    name = "host-binary-in-command"
    title = "Command calls a program MWAA workers do not have"
    severity = Severity.WARNING
    why = "The task fails with `command not found`."
    remedy = (
        "Use an Airflow operator or hook instead (e.g. SQLExecuteQueryOperator for psql, the Amazon "
        "provider for copies), or convert with `--mode ssh`/`--mode ecs`."
    )
    sources = ("shared/mwaa-facts.md §5 (System-Packages-BOM)",)
    examples = (
        Example(
            "0 1 * * * pg_dump sales | gzip > /tmp/sales.sql.gz\n0 2 * * * date\n",
            expect_lines=(1,),
            filename="crontabs/db.crontab",
        ),
    )

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        if analysis.options.mode != "bash":
            return
        for item in analysis.entries:
            if item.command.absent_binaries and (item.converted or item.skip_kind == "no-zone"):
                yield self.finding(
                    self.at(analysis, item.entry.number),
                    f"the command calls {', '.join(item.command.absent_binaries)}, which the MWAA image does not ship",
                )
