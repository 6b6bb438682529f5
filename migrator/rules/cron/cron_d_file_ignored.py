from collections.abc import Iterator

from migrator.cron.analysis import CrontabAnalysis
from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.cron.base import CronRule


class CronDFileIgnored(CronRule):
    """The daemon never reads this /etc/cron.d file because of its name. Debian cron only reads names
    made of letters, digits, `_` and `-` (so `backup.sh` or `app.cron` are skipped); cronie skips
    names starting with `.` or `#` and ending in `~`, `.rpmsave`, `.rpmorig` or `.rpmnew`. None of
    its jobs ever ran, so none is converted."""

    code = "MWAA921"
    name = "cron-d-file-ignored"
    title = "cron.d file the daemon never reads"
    severity = Severity.WARNING
    why = "Its jobs never ran on the host; converting them would start running them for the first time."
    remedy = "If they should run, rename the file on the host (no dots on Debian) and re-run the converter."
    sources = ("shared/cron-facts.md §1.1 (/etc/cron.d file-name rules)",)
    examples = (
        Example("0 2 * * * root /opt/backup.sh\n", expect_lines=(0,), filename="etc/cron.d/backup.sh"),
        Example("0 2 * * * root /opt/backup.sh\n", filename="etc/cron.d/backup"),
    )

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        crontab = analysis.crontab
        if crontab.kind == "crontab" and crontab.ignored_reason:
            yield self.finding(
                self.at(analysis, 0),
                f"{crontab.ignored_reason}: its {len(crontab.entries)} job(s) never ran and are not converted",
            )
