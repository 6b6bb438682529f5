from collections.abc import Iterator

from migrator.cron.analysis import CrontabAnalysis
from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.cron.base import CronRule


class LockSerialised(CronRule):
    """A lock wrapper (`flock`, `lockrun`, `run-one`, …) keeps runs of the job from overlapping. The
    DAG sets `max_active_runs=1`, so overlapping runs cannot happen on Airflow either; a run that
    would have been skipped by `flock -n` waits instead. The wrapper stays in the command (it is
    harmless on a worker)."""

    code = "MWAA919"
    name = "lock-serialised"
    title = "Lock-guarded job becomes max_active_runs=1"
    severity = Severity.INFO
    why = "Without it Airflow would start overlapping runs (default max_active_runs is 16)."
    remedy = "Nothing to do; remove the wrapper from the command once the job runs only on Airflow."
    sources = ("shared/cron-facts.md §3.2 (max_active_runs)",)
    examples = (
        Example(
            "*/5 * * * * flock -n /tmp/sync.lock /opt/sync.sh\n0 1 * * * /opt/a.sh\n",
            expect_lines=(1,),
            filename="crontabs/etl.crontab",
        ),
    )

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        for item in analysis.entries:
            if item.command.lock_wrapper:
                yield self.finding(
                    self.at(analysis, item.entry.number),
                    f"`{item.command.lock_wrapper}` serialises this job; the DAG sets max_active_runs=1",
                )
