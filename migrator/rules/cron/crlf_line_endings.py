from collections.abc import Iterator

from migrator.cron.analysis import CrontabAnalysis
from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.cron.base import CronRule


class CrlfLineEndings(CronRule):
    """The file has Windows (CRLF) line endings. cron keeps the carriage return: commands end in
    `\\r` (usually `command not found`) and values carry it. The DAGs reproduce the host, so the
    jobs fail the same way until the file is fixed."""

    code = "MWAA922"
    name = "crlf-line-endings"
    title = "CRLF line endings"
    severity = Severity.WARNING
    why = "Jobs and settings behaved differently on the host than the file appears to say."
    remedy = "Convert the file to LF line endings (`dos2unix`) and re-run the converter."
    sources = ("shared/cron-facts.md §1.2, §1.7 (the command is the rest of the line)",)
    examples = (
        Example(
            "MAILTO=ops@example.com\r\n0 1 * * * /opt/a.sh\r\n",
            expect_lines=(1,),
            filename="crontabs/etl.crontab",
        ),
        Example("# ops\r\n0 1 * * * /opt/a.sh\r\n", expect_lines=(2,), filename="crontabs/etl.crontab"),
        Example("MAILTO=ops@example.com\n0 1 * * * /opt/a.sh\n", filename="crontabs/etl.crontab"),
    )

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        if analysis.crontab.kind == "run-parts-script":
            return
        for line in analysis.crontab.lines:
            if line.text.endswith("\r") and line.kind not in ("comment", "blank"):
                count = sum(1 for ln in analysis.crontab.lines if ln.text.endswith("\r"))
                yield self.finding(
                    self.at(analysis, line.number),
                    f"{count} line(s) end in a carriage return, which cron keeps as part of the command or value",
                )
                return
