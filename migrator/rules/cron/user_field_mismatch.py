from collections.abc import Iterator

from migrator.cron.analysis import CrontabAnalysis
from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.cron.base import CronRule

# Words that are programs, not accounts: a system-crontab line whose "user" is one of these lost
# its user field; a user-crontab command that starts with an account name was copied from a system one.
_PROGRAMS = frozenset(
    {"run-parts", "cd", "test", "[", "python", "python3", "bash", "sh", "php", "perl", "nice", "flock",
     "sudo", "curl", "wget", "find", "rm", "cp", "mv", "tar", "echo", "env"}
)  # fmt: skip
_ACCOUNTS = frozenset({"root", "www-data", "nobody", "postgres", "mysql", "daemon", "apache", "nginx"})


class UserFieldMismatch(CronRule):
    """/etc/crontab and /etc/cron.d files put a user name after the time fields; user crontabs do not.
    A system line whose "user" looks like a program (`17 * * * * run-parts /etc/cron.hourly`) lost
    its user field: Debian drops it (unknown user), cronie runs the rest as that "user". A user
    crontab command that starts with an account name (`root /opt/x.sh`) was copied from a system
    crontab and fails on the host."""

    code = "MWAA913"
    name = "user-field-mismatch"
    title = "User field missing or misplaced"
    severity = Severity.WARNING
    why = "The job did not run as its author intended on the host; the DAG reproduces the same mistake."
    remedy = "Fix the line for the file's format (system: minute hour dom month dow USER command) and re-run."
    sources = ("shared/cron-facts.md §1.1 (User field)",)
    examples = (
        Example(
            "17 * * * * run-parts /etc/cron.hourly\n25 6 * * * root /opt/daily.sh\n",
            expect_lines=(1,),
            filename="etc/cron.d/hourly",
        ),
        Example("0 2 * * * root /opt/backup.sh\n", expect_lines=(1,), filename="crontabs/ops.crontab"),
    )

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        crontab = analysis.crontab
        if crontab.kind != "crontab":
            return
        for item in analysis.entries:
            job = item.entry.job
            if crontab.system and (job.user in _PROGRAMS or "/" in job.user or "=" in job.user):
                yield self.finding(
                    self.at(analysis, item.entry.number),
                    f"`{job.user}` is in the user field of a system crontab: the user name is probably missing "
                    "(Debian cron drops the line; cronie runs the rest as that user)",
                )
            elif not crontab.system and job.command.split(None, 1)[0] in _ACCOUNTS:
                yield self.finding(
                    self.at(analysis, item.entry.number),
                    f"the command starts with `{job.command.split(None, 1)[0]}`, an account name: user crontabs "
                    "have no user field, so the host ran it as a command",
                )
