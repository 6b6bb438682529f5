"""When a Linux cron daemon fires an entry: the instants, DST days included.

This module is self-contained (standard library only) because it is also shipped, verbatim, as
the engine of the exact-DST timetable plugin (templates/cron/cron_exact_schedule.py.j2). It
encodes the rules of cron-facts §1.5 and §1.8, which Debian cron, cronie and Vixie cron share:

* the day rule: when the day-of-month or day-of-week field *starts with* `*`, both day fields
  must match (AND); otherwise either one suffices (OR);
* the clock rule: the daemon ticks once a minute in local wall-clock time. When the clock jumps
  forward (spring), "wildcard" entries (minute or hour field starting with `*`, or @hourly) run
  only for the new wall-clock minute, while fixed-time entries run once, right after the jump,
  for every skipped minute they match. When the clock goes back (autumn), fixed-time entries do
  not run again in the repeated hour; wildcard entries do;
* cronie's per-entry CRON_TZ ("zone-local" entries): every real minute is tested in the entry's
  zone, so skipped times never match and repeated times match twice, except that fixed-time
  entries are not run while the *daemon's* own clock repeats an hour.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

UTC = dt.UTC
LAST_DAY_OF_MONTH = 32
# Larger clock changes are "the clock was corrected" for the daemons (timeDiff beyond 180 minutes);
# every real DST change is smaller, and scanning this far back catches any repeated hour.
MAX_SHIFT = dt.timedelta(hours=3)
SEARCH_YEARS = 100
_ONE_DAY = dt.timedelta(days=1)
_ONE_MINUTE = dt.timedelta(minutes=1)


class CronSpec:
    """The bit sets of one crontab entry plus the two flags that decide its semantics.

    Days of week are 0-6 with Sunday = 0 (the daemons' 7 is folded into 0). Days of month may
    contain LAST_DAY_OF_MONTH (Vixie's `$`)."""

    __slots__ = (
        "_dom",
        "_dow",
        "_minutes_of_day",
        "_months",
        "daemon_zone",
        "day_and",
        "days_of_month",
        "days_of_week",
        "hours",
        "minutes",
        "months",
        "wildcard",
        "zone_local",
    )

    def __init__(
        self,
        minutes: Iterable[int],
        hours: Iterable[int],
        days_of_month: Iterable[int],
        months: Iterable[int],
        days_of_week: Iterable[int],
        *,
        day_and: bool,
        wildcard: bool,
        zone_local: bool = False,
        daemon_zone: str = "",
    ) -> None:
        self.minutes = tuple(sorted(set(minutes)))
        self.hours = tuple(sorted(set(hours)))
        self.days_of_month = tuple(sorted(set(days_of_month)))
        self.months = tuple(sorted(set(months)))
        self.days_of_week = tuple(sorted({d % 7 for d in days_of_week}))
        self.day_and = day_and
        self.wildcard = wildcard
        self.zone_local = zone_local
        self.daemon_zone = daemon_zone
        self._dom = frozenset(self.days_of_month)
        self._dow = frozenset(self.days_of_week)
        self._months = frozenset(self.months)
        self._minutes_of_day = [h * 60 + m for h in self.hours for m in self.minutes]

    # ------------------------------------------------------------------ identity and transport

    def to_dict(self) -> dict[str, Any]:
        return {
            "minutes": list(self.minutes),
            "hours": list(self.hours),
            "days_of_month": list(self.days_of_month),
            "months": list(self.months),
            "days_of_week": list(self.days_of_week),
            "day_and": self.day_and,
            "wildcard": self.wildcard,
            "zone_local": self.zone_local,
            "daemon_zone": self.daemon_zone,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CronSpec:
        return cls(
            data["minutes"],
            data["hours"],
            data["days_of_month"],
            data["months"],
            data["days_of_week"],
            day_and=bool(data["day_and"]),
            wildcard=bool(data["wildcard"]),
            zone_local=bool(data.get("zone_local", False)),
            daemon_zone=str(data.get("daemon_zone", "")),
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CronSpec) and self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(repr(sorted(self.to_dict().items())))

    def __repr__(self) -> str:
        return f"CronSpec({self.to_dict()!r})"

    # ------------------------------------------------------------------ calendar

    def day_matches(self, day: dt.date) -> bool:
        if day.month not in self._months:
            return False
        dom = day.day in self._dom or (
            LAST_DAY_OF_MONTH in self._dom and day.day == calendar.monthrange(day.year, day.month)[1]
        )
        dow = day.isoweekday() % 7 in self._dow
        return (dom and dow) if self.day_and else (dom or dow)

    def naive_times(self, start: dt.datetime, end: dt.datetime | None = None) -> Iterator[dt.datetime]:
        """Local wall-clock times the entry matches, from `start` (inclusive, naive) onward, in order.
        Stops at `end` (exclusive) or after SEARCH_YEARS without a match."""
        if not self._minutes_of_day:
            return
        day = start.date()
        limit = day.replace(year=day.year + SEARCH_YEARS) if end is None else end.date() + _ONE_DAY
        first_minute = start.hour * 60 + start.minute + (1 if (start.second or start.microsecond) else 0)
        while day < limit:
            if day.month not in self._months:
                day = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
                first_minute = 0
                continue
            if self.day_matches(day):
                index = bisect.bisect_left(self._minutes_of_day, first_minute)
                for minute_of_day in self._minutes_of_day[index:]:
                    naive = dt.datetime(day.year, day.month, day.day, minute_of_day // 60, minute_of_day % 60)
                    if end is not None and naive >= end:
                        return
                    yield naive
            day += _ONE_DAY
            first_minute = 0


# ---------------------------------------------------------------------- wall clock -> instants


def _transition_end(zone: ZoneInfo, naive: dt.datetime, low: dt.datetime, high: dt.datetime) -> dt.datetime:
    """The first real minute whose wall-clock time is at or after `naive` (which the clock skipped):
    the moment the daemon wakes up after the jump. `low`/`high` bracket it (UTC)."""
    while high - low > _ONE_MINUTE:
        middle = low + ((high - low) // 2 // _ONE_MINUTE) * _ONE_MINUTE
        if middle.astimezone(zone).replace(tzinfo=None) >= naive:
            high = middle
        else:
            low = middle
    return high


def _daemon_repeats(daemon: ZoneInfo, instant: dt.datetime) -> bool:
    """True while the daemon's own clock shows an hour for the second time (cron's "negative" case)."""
    wall = instant.astimezone(daemon).replace(tzinfo=None)
    return wall.replace(tzinfo=daemon, fold=0).astimezone(UTC) != instant


def instants_of(spec: CronSpec, zone: ZoneInfo, naive: dt.datetime) -> list[dt.datetime]:
    """The real instants (UTC) at which the daemon runs `spec` for the wall-clock time `naive`."""
    first = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    second = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    if first == second:
        found = [first]
    elif first < second:  # the time happens twice (autumn)
        found = [first] if not (spec.wildcard or spec.zone_local) else [first, second]
    else:  # the clock skipped this time (spring)
        if spec.wildcard or spec.zone_local:
            return []
        found = [_transition_end(zone, naive, second, first)]
    if spec.zone_local and not spec.wildcard and spec.daemon_zone:
        daemon = ZoneInfo(spec.daemon_zone)
        found = [instant for instant in found if not _daemon_repeats(daemon, instant)]
    return found


def _offsets_stable(
    zone: ZoneInfo, day: dt.date, cache: dict[dt.date, dt.timedelta | None]
) -> dt.timedelta | None:
    """The UTC offset of `day` when it has no clock change, else None (cached per day)."""
    if day not in cache:
        start = dt.datetime(day.year, day.month, day.day, tzinfo=zone).utcoffset()
        following = day + _ONE_DAY
        end = dt.datetime(following.year, following.month, following.day, tzinfo=zone).utcoffset()
        cache[day] = start if start == end else None
    return cache[day]


def fires_between(spec: CronSpec, zone: ZoneInfo, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """Every instant (UTC, sorted, unique) in [start, end) at which the daemon runs `spec`."""
    start_utc, end_utc = start.astimezone(UTC), end.astimezone(UTC)
    local_start = start_utc.astimezone(zone).replace(tzinfo=None) - MAX_SHIFT
    local_end = end_utc.astimezone(zone).replace(tzinfo=None) + MAX_SHIFT
    offsets: dict[dt.date, dt.timedelta | None] = {}
    found: set[dt.datetime] = set()
    for naive in spec.naive_times(local_start, local_end):
        offset = _offsets_stable(zone, naive.date(), offsets)
        if offset is not None and not (spec.zone_local and spec.daemon_zone and not spec.wildcard):
            candidates = [(naive - offset).replace(tzinfo=UTC)]
        else:
            candidates = instants_of(spec, zone, naive)
        for instant in candidates:
            if start_utc <= instant < end_utc:
                found.add(instant)
    return sorted(found)


def next_fire(spec: CronSpec, zone: ZoneInfo, after: dt.datetime) -> dt.datetime | None:
    """The first instant (UTC) strictly after `after` at which the daemon runs `spec`; None if never."""
    after_utc = after.astimezone(UTC)
    local_start = after_utc.astimezone(zone).replace(tzinfo=None) - MAX_SHIFT
    best: dt.datetime | None = None
    best_wall: dt.datetime | None = None
    for naive in spec.naive_times(local_start):
        if best_wall is not None and naive > best_wall + MAX_SHIFT:
            break
        for instant in instants_of(spec, zone, naive):
            if instant > after_utc and (best is None or instant < best):
                best = instant
                best_wall = instant.astimezone(zone).replace(tzinfo=None)
    return best


def next_fire_of_any(specs: Iterable[CronSpec], zone: ZoneInfo, after: dt.datetime) -> dt.datetime | None:
    """The earliest next fire among several entries (one DAG for several identical crontab lines)."""
    candidates = [found for spec in specs if (found := next_fire(spec, zone, after)) is not None]
    return min(candidates) if candidates else None


# ---------------------------------------------------------------------- compact field text


def parse_field_text(text: str, low: int, high: int) -> list[int]:
    """Values of a field written in the converter's canonical vocabulary: `*`, `*/n`, `a`, `a-b`,
    `a-b/n`, `L` (last day of the month) and comma lists of these."""
    values: set[int] = set()
    for term in text.split(","):
        body, _, step_text = term.partition("/")
        step = int(step_text) if step_text else 1
        if body == "*":
            first, last = low, high
        elif body == "L":
            values.add(LAST_DAY_OF_MONTH)
            continue
        elif "-" in body:
            first_text, last_text = body.split("-", 1)
            first, last = int(first_text), int(last_text)
        else:
            first = last = int(body)
        if step < 1 or first < low or last > high or first > last:
            raise ValueError(f"bad field {text!r}")
        values.update(range(first, last + 1, step))
    return sorted(values)


def spec_from_fields(
    fields: str, *, day_and: bool, wildcard: bool, zone_local: bool = False, daemon_zone: str = ""
) -> CronSpec:
    """A CronSpec from five canonical fields (minute hour day-of-month month day-of-week, Sunday = 0)."""
    minute, hour, dom, month, dow = fields.split()
    return CronSpec(
        parse_field_text(minute, 0, 59),
        parse_field_text(hour, 0, 23),
        parse_field_text(dom, 1, 31),
        parse_field_text(month, 1, 12),
        parse_field_text(dow, 0, 6),
        day_and=day_and,
        wildcard=wildcard,
        zone_local=zone_local,
        daemon_zone=daemon_zone,
    )
