"""Where Airflow and the host's cron disagree: around each clock change of the zone.

Away from a clock change both fire at the same instants (simulate.py proved the wall-clock times
equal). Near one, the daemon's rules (host_model) and Airflow's (airflow_model) differ. For each
change we take the host's last run well before it, let the emulated Airflow scheduler chain runs
from there, and compare both lists up to the host's first run well after it.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from migrator.cron.airflow_model import TimetableModel
from migrator.cron.host_model import UTC, CronSpec, fires_between, next_fire_of_any
from migrator.cron.normalise import Emission

MARGIN = dt.timedelta(hours=4)


@dataclass(frozen=True, slots=True, order=True)
class Difference:
    """One instant where only one side fires. `side` is "cron" or "airflow"."""

    instant: dt.datetime
    side: str

    def local(self, zone: ZoneInfo) -> str:
        when = self.instant.astimezone(zone)
        return f"{when:%H:%M} {when.tzname()} ({self.instant:%H:%M}Z)"


@functools.cache
def transitions(zone_name: str, start: dt.datetime, end: dt.datetime) -> tuple[dt.datetime, ...]:
    """Instants (UTC) in [start, end) at which the zone's UTC offset changes, to the minute."""
    zone = ZoneInfo(zone_name)
    found: list[dt.datetime] = []
    step = dt.timedelta(hours=6)
    cursor = start.astimezone(UTC)
    offset = cursor.astimezone(zone).utcoffset()
    while cursor < end:
        following = cursor + step
        next_offset = following.astimezone(zone).utcoffset()
        if next_offset != offset:
            low, high = cursor, following
            while high - low > dt.timedelta(minutes=1):
                middle = low + (high - low) / 2
                middle = middle.replace(second=0, microsecond=0)
                if middle <= low:
                    middle = low + dt.timedelta(minutes=1)
                if middle.astimezone(zone).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            found.append(high)
            offset = next_offset
        cursor = following
    return tuple(found)


def _last_fire_before(specs: tuple[CronSpec, ...], zone: ZoneInfo, before: dt.datetime) -> dt.datetime | None:
    width = dt.timedelta(hours=2)
    while width < dt.timedelta(days=366 * 30):
        found = sorted({t for s in specs for t in fires_between(s, zone, before - width, before)})
        if found:
            return found[-1]
        width *= 4
    return None


def _guard_allows(emission: Emission, instant: dt.datetime, zone: ZoneInfo) -> bool:
    local = instant.astimezone(zone)
    return emission.guard_allows(local.day, local.isoweekday() % 7)


def differences(
    specs: tuple[CronSpec, ...],
    emission: Emission,
    zone_name: str,
    start: dt.datetime,
    end: dt.datetime,
) -> list[Difference]:
    """Every instant in [start, end) near a clock change where `emission` on Airflow and `specs` on
    the host do not both fire. Kept per process: crontabs repeat schedules a lot."""
    return list(_differences(specs, emission, zone_name, start, end))


@functools.lru_cache(maxsize=4096)
def _differences(
    specs: tuple[CronSpec, ...],
    emission: Emission,
    zone_name: str,
    start: dt.datetime,
    end: dt.datetime,
) -> tuple[Difference, ...]:
    zone = ZoneInfo(zone_name)
    model = TimetableModel(emission.expressions, zone)
    found: set[Difference] = set()
    # cronie's CRON_TZ entries also feel the daemon's own clock changes (see host_model).
    zones = {zone_name} | {s.daemon_zone for s in specs if s.zone_local and s.daemon_zone and not s.wildcard}
    changes = sorted({change for name in zones for change in transitions(name, start, end)})
    for change in changes:
        seed = _last_fire_before(specs, zone, change - MARGIN)
        if seed is None:
            continue
        stop = next_fire_of_any(specs, zone, change + MARGIN - dt.timedelta(seconds=1))
        if stop is None:
            stop = end
        host, airflow = _until_in_step(specs, emission, model, zone, seed, stop)
        for instant in host - airflow:
            if start <= instant < end:
                found.add(Difference(instant, "cron"))
        for instant in airflow - host:
            if start <= instant < end:
                found.add(Difference(instant, "airflow"))
    return tuple(sorted(found))


def _until_in_step(
    specs: tuple[CronSpec, ...],
    emission: Emission,
    model: TimetableModel,
    zone: ZoneInfo,
    seed: dt.datetime,
    stop: dt.datetime,
) -> tuple[set[dt.datetime], set[dt.datetime]]:
    """Both sides' runs after `seed`, up to the first run after `stop` on which they agree again.

    Airflow chains each run from the previous one, so one displaced run can displace the following
    ones (an hourly schedule stepped across a weekend clock change starts Monday an hour late)."""
    host_until = stop + dt.timedelta(days=1)
    give_up = stop + dt.timedelta(days=8)
    host = {t for s in specs for t in fires_between(s, zone, seed + dt.timedelta(seconds=1), host_until)}
    airflow: set[dt.datetime] = set()
    current = seed
    while True:
        current = model.next_after(current)
        while current >= host_until and host_until < give_up:
            host |= {
                t
                for s in specs
                for t in fires_between(s, zone, host_until, host_until + dt.timedelta(days=1))
            }
            host_until += dt.timedelta(days=1)
        if (current > stop and current in host) or current >= host_until:
            break
        if _guard_allows(emission, current, zone):
            airflow.add(current)
    return {t for t in host if t < current}, airflow


def by_local_date(found: list[Difference], zone_name: str) -> dict[dt.date, list[Difference]]:
    zone = ZoneInfo(zone_name)
    grouped: dict[dt.date, list[Difference]] = {}
    for difference in found:
        grouped.setdefault(difference.instant.astimezone(zone).date(), []).append(difference)
    return grouped


def describe(found: list[Difference], zone_name: str, limit: int = 4) -> str:
    """e.g. '2026-03-08 cron 03:00 EDT (07:00Z), Airflow 03:30 EDT (07:30Z); 2026-11-01 ...'."""
    zone = ZoneInfo(zone_name)
    grouped = by_local_date(found, zone_name)
    parts = []
    for day in sorted(grouped)[:limit]:
        cron = ", ".join(d.local(zone) for d in grouped[day] if d.side == "cron") or "no run"
        airflow = ", ".join(d.local(zone) for d in grouped[day] if d.side == "airflow") or "no run"
        parts.append(f"{day.isoformat()} cron {cron}, Airflow {airflow}")
    more = len(grouped) - limit
    return "; ".join(parts) + (f"; and {more} more day(s)" if more > 0 else "")
