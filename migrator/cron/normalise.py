"""Cron bit sets -> croniter expressions that Airflow reads the same way (cron-facts §6.3).

croniter (and so Airflow, which calls `croniter(expr, naive_start)` with default flags) ORs the
two day fields whenever neither *expands* to `*`, reads `1-1` as the whole cycle, wraps reversed
ranges and treats a sixth field as seconds. So we never pass the source text through: we write
each field from the daemon's bit set, in a small canonical vocabulary (`*`, numbers, `a-b` with
a < b, `*/n`, lists), and decide the day rule ourselves:

* AND (a day field starts with `*`) with one side unrestricted: that side becomes `*`, and
  croniter ANDs too;
* AND with both sides restricted (`0 9 */2 * 1`): no croniter expression can say it. We schedule
  the cheaper side and add a guard that checks the other one (or use the exact timetable);
* OR: `*` if either side covers every day, otherwise both lists, which croniter ORs.

Every result is checked by simulation (simulate.py) before it is used.
"""

from __future__ import annotations

from dataclasses import dataclass

from migrator.cron.crontab import never_runs_reason, possible_days_of_month
from migrator.cron.fields import LAST_DAY_OF_MONTH
from migrator.cron.host_model import CronSpec

ALL_DAYS = frozenset(range(1, 32))
ALL_WEEKDAYS = frozenset(range(7))


@dataclass(frozen=True, slots=True)
class Emission:
    """What a DAG's timetable says: croniter expressions (any of them fires), and for the AND quirk
    the day sets a guard task checks on the run's local date."""

    expressions: tuple[str, ...]
    guard_days_of_month: tuple[int, ...] = ()
    guard_days_of_week: tuple[int, ...] = ()

    @property
    def guarded(self) -> bool:
        return bool(self.guard_days_of_month or self.guard_days_of_week)

    def guard_allows(self, day_of_month: int, day_of_week: int) -> bool:
        if not self.guarded:
            return True
        return day_of_month in self.guard_days_of_month and day_of_week in self.guard_days_of_week


class NotExpressible(Exception):
    """No croniter expression (even with a guard) says this; only the exact timetable can."""


def render_field(values: frozenset[int] | tuple[int, ...], low: int, high: int) -> str:
    ordered = sorted(set(values))
    if not ordered:
        raise ValueError("empty field")
    if ordered == list(range(low, high + 1)):
        return "*"
    if len(ordered) >= 3 and ordered[0] == low:
        step = ordered[1] - ordered[0]
        if step > 1 and ordered == list(range(low, high + 1, step)):
            return f"*/{step}"
    parts: list[str] = []
    run_start = previous = ordered[0]
    for value in [*ordered[1:], None]:
        if value is not None and value == previous + 1:
            previous = value
            continue
        if previous - run_start >= 2:
            parts.append(f"{run_start}-{previous}")
        else:
            parts.extend(str(v) for v in range(run_start, previous + 1))
        if value is not None:
            run_start = previous = value
    return ",".join(parts)


def _expression(spec: CronSpec, days_of_month: str, days_of_week: str) -> str:
    return " ".join(
        (
            render_field(spec.minutes, 0, 59),
            render_field(spec.hours, 0, 23),
            days_of_month,
            render_field(spec.months, 1, 12),
            days_of_week,
        )
    )


def _covers_every_day(days: frozenset[int], spec: CronSpec) -> bool:
    """True when `days` holds every day that exists in the entry's months (so `*` says the same)."""
    longest = max((31 if m != 2 else 29) if m not in (4, 6, 9, 11) else 30 for m in spec.months)
    return set(range(1, longest + 1)) <= days


def emission_for(spec: CronSpec) -> Emission:
    """The croniter form of `spec`. Raises NotExpressible (e.g. Vixie's `$`) and ValueError when
    the entry never runs (callers check never_runs_reason first)."""
    reason = never_runs_reason(spec)
    if reason:
        raise ValueError(reason)
    if LAST_DAY_OF_MONTH in spec.days_of_month:
        raise NotExpressible("`$` (last day of the month) has no plain croniter form")
    days = possible_days_of_month(spec)
    weekdays = frozenset(spec.days_of_week)
    all_days = _covers_every_day(days, spec)
    all_weekdays = weekdays == ALL_WEEKDAYS
    dom_text = "*" if all_days else render_field(days, 1, 31) if days else ""
    dow_text = "*" if all_weekdays else render_field(weekdays, 0, 6) if weekdays else ""
    if spec.day_and:
        if all_days or all_weekdays:
            return Emission(
                (_expression(spec, dom_text if not all_days else "*", dow_text if not all_weekdays else "*"),)
            )
        # Both restricted: schedule the side with fewer days a year, guard on both.
        by_month_day = len(days) * 12 <= len(weekdays) * 52
        expression = _expression(spec, dom_text, "*") if by_month_day else _expression(spec, "*", dow_text)
        return Emission((expression,), tuple(sorted(days)), tuple(sorted(weekdays)))
    if all_days or all_weekdays:
        return Emission((_expression(spec, "*", "*"),))
    if not days:
        return Emission((_expression(spec, "*", dow_text),))
    if not weekdays:
        return Emission((_expression(spec, dom_text, "*"),))
    return Emission((_expression(spec, dom_text, dow_text),))


def split_hours(expression: str) -> tuple[str, ...]:
    """One expression whose hour field is `*`, as two whose hour fields are not: Airflow then resolves
    DST by local time (make_aware) instead of stepping from the previous run (see airflow_model)."""
    fields = expression.split()
    if fields[1] != "*":
        return (expression,)
    return (" ".join([fields[0], "0-11", *fields[2:]]), " ".join([fields[0], "12-23", *fields[2:]]))
