from collections.abc import Iterator

from migrator.cron.analysis import CrontabAnalysis
from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.cron.base import CronRule


class RunPartsScript(CronRule):
    """A script in /etc/cron.hourly, cron.daily, cron.weekly or cron.monthly. `run-parts` runs it at
    the time the flavour's stock /etc/crontab (or anacron) gives, which the converter uses: on
    Debian hourly at :17, daily 06:25, weekly Sunday 06:47, monthly on the 1st at 06:52. Debian's
    run-parts skips names with a dot (`backup.sh`), so such a script never ran and is not converted."""

    code = "MWAA924"
    name = "run-parts-script"
    title = "run-parts script"
    severity = Severity.INFO
    why = "MWAA runs no run-parts; the script needs a DAG at the time the host ran it."
    remedy = "Convert it with `mwaa-migrator cron` (the script itself must be shipped or run over SSH)."
    sources = ("shared/cron-facts.md §1.9 (run-parts)",)
    examples = (
        Example(
            "#!/bin/sh\nexec /usr/sbin/logrotate /etc/logrotate.conf\n",
            expect_lines=(0,),
            filename="etc/cron.daily/logrotate",
        ),
        Example("#!/bin/sh\necho hi\n", expect_lines=(0,), filename="etc/cron.daily/backup.sh"),
    )

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        crontab = analysis.crontab
        if crontab.kind != "run-parts-script":
            return
        if crontab.ignored_reason:
            yield self.finding(
                self.at(analysis, 0),
                f"{crontab.ignored_reason}, so it never ran and is not converted",
                severity=Severity.WARNING,
            )
            return
        yield self.finding(self.at(analysis, 0), f"run-parts script: {'; '.join(crontab.notes)}")
