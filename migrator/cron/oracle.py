"""The independent oracle `cron verify` compares Airflow with: what the host's cron would do.

It shares no code with the generator (no host_model, no normalise): it reads the crontab's own
time fields (as written, with flavour quirks resolved to plain text in the manifest) with cronsim,
which "tries to match Debian's cron as closely as possible, including its quirky behaviour during
DST transitions" (the star-first day rule, skipped fixed-time jobs caught up after the jump,
repeated ones run once). Two things cronsim does not model are added here:

* cronie's CRON_TZ entries: every real minute is matched in the entry's zone. cronsim does exactly
  that for 6-field expressions (it applies its Debian DST handling to 5-field ones only), so the
  fields get a leading seconds field;
* for fixed-time CRON_TZ entries, cronie skips the minutes when the daemon's own clock repeats an
  hour; those instants are removed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from cronsim import CronSim, CronSimError

UTC = dt.UTC

# cron(5): what each @keyword stands for.
KEYWORDS = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}


class OracleError(ValueError):
    pass


_SINGLE_VALUE_RANGE = re.compile(r"(?<![\w-])(\w+)-\1/\d+")


def cronsim_text(cron_fields: str) -> str:
    """cron text as cronsim must read it to mean what cron means.

    cronsim reads a one-value range with a step (`1-1/2`) like a single value with a step (`1/2`,
    "from 1 to the end"); every Vixie-derived cron sets just that one value. Written as the value."""
    expression = KEYWORDS.get(cron_fields, cron_fields)
    return " ".join(_SINGLE_VALUE_RANGE.sub(r"\1", field) for field in expression.split())


class CronOracle:
    def __init__(
        self,
        cron_fields: str,
        zone: str,
        *,
        zone_local: bool = False,
        daemon_zone: str = "",
        fixed_time: bool = True,
    ) -> None:
        if not cron_fields:
            raise OracleError("no plain cron text for this entry")
        self.expression = cronsim_text(cron_fields)
        if zone_local:
            self.expression = "0 " + self.expression
        self.zone = ZoneInfo(zone)
        self.daemon = ZoneInfo(daemon_zone) if zone_local and daemon_zone and fixed_time else None
        try:
            CronSim(self.expression, dt.datetime(2025, 1, 1, tzinfo=self.zone))
        except CronSimError as exc:
            raise OracleError(f"cronsim cannot read {self.expression!r}: {exc}") from None

    def _keep(self, instant: dt.datetime) -> bool:
        if self.daemon is None:
            return True
        wall = instant.astimezone(self.daemon).replace(tzinfo=None)
        first = wall.replace(tzinfo=self.daemon, fold=0).astimezone(UTC)
        return first == instant  # not the second pass of a repeated hour on the daemon's clock

    def fires(self, start: dt.datetime, end: dt.datetime, limit: int | None = None) -> Iterator[dt.datetime]:
        """Instants (UTC) in [start, end), at most `limit` of them."""
        count = 0
        previous: dt.datetime | None = None
        cursor = (start - dt.timedelta(seconds=1)).astimezone(self.zone)
        for local in CronSim(self.expression, cursor):
            instant = local.astimezone(UTC)
            if instant >= end:
                return
            if instant < start or instant == previous or not self._keep(instant):
                continue
            previous = instant
            yield instant
            count += 1
            if limit is not None and count >= limit:
                return

    def last_before(self, before: dt.datetime) -> dt.datetime | None:
        cursor = (before - dt.timedelta(seconds=1)).astimezone(self.zone)
        try:
            for local in CronSim(self.expression, cursor, reverse=True):
                instant = local.astimezone(UTC)
                if instant < before and self._keep(instant):
                    return instant
        except StopIteration:
            return None
        return None
