from collections.abc import Iterator

from migrator.cron.analysis import CrontabAnalysis
from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.cron.base import CronRule

_KIND_LABELS = {
    "crontab": "crontab",
    "anacrontab": "anacrontab",
    "run-parts-script": "run-parts script",
}


class CrontabFound(CronRule):
    """A crontab, anacrontab or run-parts script was found. MWAA has no cron: each job in it has to
    become a DAG (`mwaa-migrator cron`). The message counts the file's lines by kind, as the daemon
    reads them, and how many jobs can be converted."""

    code = "MWAA901"
    name = "crontab-found"
    title = "Crontab found"
    severity = Severity.INFO
    why = "MWAA runs no cron daemon; these jobs stop running unless each becomes a DAG."
    remedy = "Run `mwaa-migrator cron FILE --out DIR --timezone ZONE` to write one DAG per job."
    sources = ("shared/mwaa-facts.md: Cron jobs (MWAA has no cron facility)",)
    examples = (
        Example(
            "MAILTO=ops@example.com\n30 2 * * * /opt/etl/nightly.sh\n",
            expect_lines=(0,),
            filename="crontabs/etl.crontab",
        ),
        Example(
            "17 * * * * root cd / && run-parts --report /etc/cron.hourly\n",
            expect_lines=(0,),
            filename="etc/crontab",
        ),
    )

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        crontab = analysis.crontab
        counts = analysis.counts()
        label = _KIND_LABELS.get(crontab.kind, crontab.kind)
        if crontab.kind == "crontab":
            label = f"{'system' if crontab.system else 'user'} crontab"
        convertible = sum(1 for e in analysis.entries if e.converted or e.skip_kind == "no-zone")
        parts = [f"{counts['job']} job(s)", f"{counts['env']} setting(s)"]
        if counts["invalid"]:
            parts.append(f"{counts['invalid']} line(s) cron rejects")
        yield self.finding(
            self.at(analysis, 0),
            f"{label} with {', '.join(parts)}; {convertible} job(s) can become DAGs",
        )
