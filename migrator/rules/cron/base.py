"""The base of every crontab rule: one analysed crontab in, findings out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from migrator.findings import Family, Finding, Location
from migrator.rules.base import EngineRule, InputKind

if TYPE_CHECKING:
    from migrator.cron.analysis import CrontabAnalysis


class CronRule(EngineRule):
    """Reads a CrontabAnalysis (migrator.cron.analysis): the file parsed by the daemon's rules, and
    for each entry the timetable chosen and its DST differences. Called by migrator.cron.assess."""

    family = Family.CRON
    input_kind = InputKind.CRONTAB

    def check(self, analysis: CrontabAnalysis) -> Iterator[Finding]:
        raise NotImplementedError

    @staticmethod
    def at(analysis: CrontabAnalysis, line: int, column: int = 1) -> Location:
        return Location(analysis.crontab.display, line, column if line else 0)
