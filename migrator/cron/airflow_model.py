"""What Airflow's cron timetables do with an expression, DST days included (cron-facts §3.5).

`CronTriggerTimetable._get_next` (identical in 2.10, 2.11 and 3.x) converts the last run to naive
local time, asks croniter for the next naive time, and then either

* attaches the zone the pendulum way (`make_aware` with fold=1): a time the clock skipped moves
  forward by the gap (02:30 -> 03:30), a repeated time means its second, standard-time instance; or
* when croniter expands the hour field to `*` (`_covers_every_hour`), adds the naive difference to
  the last run as *elapsed* time, so hourly schedules fire in both copies of a repeated hour.

`MultipleCronTriggerTimetable` asks each expression and takes the earliest. Runs are chained: each
next run is computed from the previous one, which is what a running scheduler does. `cron verify`
checks this emulation against the real thing.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from croniter import croniter

UTC = dt.UTC


def make_aware(naive: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """Airflow's `make_aware` (fold=1) through pendulum's `Timezone.convert`."""
    before = zone.utcoffset(naive.replace(fold=0))
    after = zone.utcoffset(naive.replace(fold=1))
    assert before is not None and after is not None
    if after > before:  # skipped by the clock: move forward by the gap
        naive = naive + (after - before)
    return naive.replace(tzinfo=zone, fold=1).astimezone(UTC)


class CronTimetableModel:
    """One `CronTriggerTimetable(expression, timezone=zone)`."""

    def __init__(self, expression: str, zone: ZoneInfo) -> None:
        self.expression = expression
        self.zone = zone
        self.every_hour = croniter(expression).expanded[1] == ["*"]

    def next_after(self, current: dt.datetime) -> dt.datetime:
        naive = current.astimezone(self.zone).replace(tzinfo=None)
        scheduled: dt.datetime = croniter(self.expression, naive).get_next(dt.datetime)
        if not self.every_hour:
            return make_aware(scheduled, self.zone)
        return current.astimezone(UTC) + (scheduled - naive)


class TimetableModel:
    """A DAG's cron timetable: one expression, or several (MultipleCronTriggerTimetable)."""

    def __init__(self, expressions: tuple[str, ...], zone: ZoneInfo) -> None:
        self.parts = [CronTimetableModel(e, zone) for e in expressions]

    def next_after(self, current: dt.datetime) -> dt.datetime:
        return min(part.next_after(current) for part in self.parts)

    def fires(self, seed: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
        """The chain of runs after `seed` (a run) up to and including `end`."""
        found: list[dt.datetime] = []
        current = seed
        while True:
            current = self.next_after(current)
            if current > end:
                return found
            found.append(current)
