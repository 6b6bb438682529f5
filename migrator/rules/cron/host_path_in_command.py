from collections.abc import Iterator

from migrator.cron.analysis import CrontabAnalysis
from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.cron.base import CronRule


class HostPathInCommand(CronRule):
    """In `bash` mode the command runs on an MWAA worker (Amazon Linux, user `airflow`, nothing of
    the old host's file system). Absolute paths outside /tmp, /dev and the system bin folders are
    the old host's scripts and data."""

    code = "MWAA908"
    name = "host-path-in-command"
    title = "Command uses paths of the old host"
    severity = Severity.WARNING
    why = "The files do not exist on MWAA workers; the task fails with `No such file or directory`."
    remedy = (
        "Ship the scripts with the DAGs (S3) and point the command at them, or convert with `--mode ssh` "
        "to run the command on the original host, or `--mode ecs` to run it in a container."
    )
    sources = ("shared/mwaa-facts.md §5 (workers, image contents)", "shared/cron-facts.md §3.9")
    examples = (
        Example(
            "30 2 * * * /opt/etl/nightly.sh >> /var/log/etl.log 2>&1\n0 * * * * date > /tmp/now\n",
            expect_lines=(1,),
            filename="crontabs/etl.crontab",
        ),
    )

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        if analysis.options.mode != "bash":
            return
        for item in analysis.entries:
            if item.command.host_paths and (item.converted or item.skip_kind == "no-zone"):
                paths = ", ".join(item.command.host_paths[:4])
                yield self.finding(
                    self.at(analysis, item.entry.number),
                    f"the command uses {paths}{' …' if len(item.command.host_paths) > 4 else ''}, "
                    "which MWAA workers do not have",
                )
