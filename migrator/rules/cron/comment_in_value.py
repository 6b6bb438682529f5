from collections.abc import Iterator

from migrator.cron.analysis import CrontabAnalysis
from migrator.findings import Finding, Severity
from migrator.masking import mask_value
from migrator.rules.base import Example
from migrator.rules.cron.base import CronRule


class CommentInValue(CronRule):
    """Crontabs have no trailing comments: in `MAILTO=ops@example.com # on-call` the value is the
    whole rest of the line, comment included. The DAG uses the value cron used."""

    code = "MWAA915"
    name = "comment-in-value"
    title = "A trailing comment is part of the value"
    severity = Severity.WARNING
    why = (
        "The variable had a different value on the host than it appears to have (e.g. mail never delivered)."
    )
    remedy = "Move the comment to its own line and re-run the converter."
    sources = ("shared/cron-facts.md §1.2, §1.3",)
    examples = (
        Example(
            "MAILTO=ops@example.com # on-call\n0 1 * * * /opt/a.sh\n",
            expect_lines=(1,),
            filename="crontabs/etl.crontab",
        ),
        Example("MAILTO=ops@example.com\n", filename="crontabs/etl.crontab"),
    )

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        for line in analysis.crontab.lines:
            env = line.env
            if env is not None and not env.quoted and " #" in env.value:
                yield self.finding(
                    self.at(analysis, line.number),
                    f"{env.name} is {mask_value(env.name, env.value)!r} on the host, comment included",
                )
