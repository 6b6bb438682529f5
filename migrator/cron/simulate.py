"""Proof before emission: croniter, called exactly as Airflow calls it, against the cron model.

Airflow evaluates a cron timetable on naive local wall-clock time (`croniter(expr, naive)`, default
flags) and only then attaches the zone, so the comparison here is on wall-clock times; DST is
dst.py's business. Two checks, both with the real croniter:

* every fire in a window, expression by expression merged, until FIRE_BUDGET fires or a year;
* every day for a year (a leap day included): does the entry fire that day at all.
Together they pin the time-of-day set and the day set, which is all a cron schedule is.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from croniter import croniter

from migrator.cron.host_model import CronSpec
from migrator.cron.normalise import Emission

CHECK_START = dt.datetime(2027, 3, 1)  # a year from here: every month, and 2028-02-29
CHECK_END = dt.datetime(2028, 3, 1)
FIRE_BUDGET = 400


@dataclass(frozen=True, slots=True)
class Mismatch:
    when: dt.datetime
    expected: bool  # the model fires then
    detail: str

    def __str__(self) -> str:
        side = "cron fires, croniter does not" if self.expected else "croniter fires, cron does not"
        return f"{self.when:%Y-%m-%d %H:%M} ({side}; {self.detail})"


def croniter_times(expressions: tuple[str, ...], start: dt.datetime) -> Iterator[dt.datetime]:
    """Naive fires strictly after `start` of any of `expressions`, merged, without repeats."""
    iterators = [croniter(e, start) for e in expressions]
    heap: list[tuple[dt.datetime, int]] = []
    for index, it in enumerate(iterators):
        heapq.heappush(heap, (it.get_next(dt.datetime), index))
    previous: dt.datetime | None = None
    while heap:
        when, index = heapq.heappop(heap)
        heapq.heappush(heap, (iterators[index].get_next(dt.datetime), index))
        if when != previous:
            previous = when
            yield when


def _allowed(emission: Emission, when: dt.datetime) -> bool:
    return emission.guard_allows(when.day, when.isoweekday() % 7)


def check(spec: CronSpec, emission: Emission) -> list[Mismatch]:
    """Empty when `emission` fires exactly when `spec` does (on wall-clock time); else the first
    differences found. Crontabs repeat schedules a lot, so results are kept per process."""
    return list(_check(spec, emission))


@functools.lru_cache(maxsize=4096)
def _check(spec: CronSpec, emission: Emission) -> tuple[Mismatch, ...]:
    expected = list(itertools.islice(spec.naive_times(CHECK_START, CHECK_END), FIRE_BUDGET))
    # With the budget used up, compare up to the last expected fire; otherwise the whole window.
    limit = expected[-1] if len(expected) == FIRE_BUDGET else CHECK_END - dt.timedelta(minutes=1)
    actual: list[dt.datetime] = []
    for when in croniter_times(emission.expressions, CHECK_START - dt.timedelta(minutes=1)):
        if when > limit or len(actual) > 2 * FIRE_BUDGET:
            break
        if _allowed(emission, when):
            actual.append(when)
    expected_set, actual_set = set(expected), set(actual)
    mismatches = [
        Mismatch(when, when in expected_set, "time of day or day")
        for when in sorted(expected_set ^ actual_set)[:5]
    ]
    mismatches.extend(_check_days(spec, emission))
    return tuple(mismatches[:5])


def _check_days(spec: CronSpec, emission: Emission) -> list[Mismatch]:
    """Which days fire, over the whole window, one croniter step per firing day."""
    if not spec.minutes or not spec.hours:
        return []
    last_time = dt.time(max(spec.hours), max(spec.minutes))
    model_days = []
    day = CHECK_START.date()
    while day < CHECK_END.date():
        if spec.day_matches(day):
            model_days.append(day)
        day += dt.timedelta(days=1)
    croniter_days: list[dt.date] = []
    cursor = CHECK_START - dt.timedelta(minutes=1)
    iterators = [croniter(e, cursor) for e in emission.expressions]
    found: set[dt.date] = set()
    for it in iterators:
        while True:
            when = it.get_next(dt.datetime)
            if when >= CHECK_END:
                break
            if _allowed(emission, when):
                found.add(when.date())
            # jump to the end of that day: one step per firing day
            it.set_current(dt.datetime.combine(when.date(), last_time), force=True)
    croniter_days = sorted(found)
    mismatches = []
    for day in sorted(set(model_days) ^ set(croniter_days)):
        mismatches.append(Mismatch(dt.datetime.combine(day, dt.time()), day in model_days, "whole day"))
        if len(mismatches) >= 5:
            break
    return mismatches
