"""A whole crontab file: its format (user or system), its lines, and each job with its context.

Settings apply to the job lines below them (the daemon copies the accumulated environment into
each entry as it reads it); /etc/cron.d files do not inherit /etc/crontab's settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from migrator.cron import facts
from migrator.cron.command import SplitCommand, split_percent
from migrator.cron.facts import Flavor
from migrator.cron.fields import LAST_DAY_OF_MONTH
from migrator.cron.host_model import CronSpec
from migrator.cron.lines import JobLine, Line, classify


def is_system_path(display: str) -> bool:
    """/etc/crontab and /etc/cron.d/* carry a user field; every other crontab does not."""
    parts = PurePosixPath(display.replace("\\", "/")).parts
    if len(parts) < 2:
        return False
    return parts[-2] == "cron.d" or (parts[-1] == "crontab" and parts[-2] == "etc")


def owner_from_path(display: str) -> str:
    """The user a user crontab belongs to: spool files are named after their owner."""
    name = PurePosixPath(display.replace("\\", "/")).name
    for suffix in (".crontab", ".cron", ".txt"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return "" if name in {"crontab", ""} else name


def cron_d_name(display: str) -> str | None:
    parts = PurePosixPath(display.replace("\\", "/")).parts
    return parts[-1] if len(parts) >= 2 and parts[-2] == "cron.d" else None


@dataclass(frozen=True, slots=True)
class Entry:
    """One job line with everything the daemon attached to it when it read the file."""

    line: Line
    job: JobLine
    environment: tuple[tuple[str, str], ...]  # settings in effect, in file order, last one wins
    user: str
    split: SplitCommand
    spec: CronSpec | None  # None for @reboot
    cron_tz: str = ""  # cronie: the zone of this entry's schedule ("" = the host's)
    cron_tz_error: str = ""
    random_delay: str = ""  # cronie: RANDOM_DELAY in effect (minutes, as written)
    ignored_setting_names: tuple[str, ...] = ()  # CRON_TZ/RANDOM_DELAY this flavour does not honour

    @property
    def number(self) -> int:
        return self.line.number

    def env(self) -> dict[str, str]:
        return dict(self.environment)

    @property
    def never_reason(self) -> str:
        """Why the daemon never runs this entry even though it accepted the line ("" if it runs)."""
        if self.spec is None:
            return ""
        return never_runs_reason(self.spec)


@dataclass(slots=True)
class Crontab:
    display: str
    kind: str  # crontab (other kinds are expanded by runparts.py)
    system: bool
    flavor: Flavor
    lines: list[Line]
    entries: list[Entry]
    owner: str
    ignored_reason: str = ""  # the daemon never reads this file
    missing_final_newline: bool = False
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = {"job": 0, "env": 0, "comment": 0, "blank": 0, "invalid": 0}
        for line in self.lines:
            counts[line.kind] += 1
        return counts


def spec_of(job: JobLine, cron_tz: str = "", daemon_zone: str = "") -> CronSpec:
    minutes, hours, doms, months, dows = (f.values for f in job.fields)
    return CronSpec(
        minutes,
        hours,
        doms,
        months,
        {d % 7 for d in dows},
        day_and=bool({"DOM_STAR", "DOW_STAR"} & job.star_flags),
        wildcard=bool({"MIN_STAR", "HR_STAR"} & job.star_flags),
        zone_local=bool(cron_tz),
        daemon_zone=daemon_zone if cron_tz else "",
    )


_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def possible_days_of_month(spec: CronSpec) -> frozenset[int]:
    """The day-of-month values that exist in at least one of the entry's months (Feb has a 29th)."""
    longest = max((_MONTH_DAYS[m - 1] for m in spec.months), default=0)
    return frozenset(d for d in spec.days_of_month if d <= longest or d == LAST_DAY_OF_MONTH)


def never_runs_reason(spec: CronSpec) -> str:
    for name, values in (("minute", spec.minutes), ("hour", spec.hours), ("month", spec.months)):
        if not values:
            return f"the {name} field selects nothing (a reversed range), so the daemon never runs it"
    days = possible_days_of_month(spec)
    weekdays = spec.days_of_week
    if spec.day_and and not days:
        months = ",".join(str(m) for m in spec.months)
        return f"day {','.join(str(d) for d in spec.days_of_month) or '(none)'} never occurs in month(s) {months}"
    if spec.day_and and not weekdays:
        return "the day-of-week field selects nothing (a reversed range), so the daemon never runs it"
    if not spec.day_and and not days and not weekdays:
        return "neither day field selects a day that exists, so the daemon never runs it"
    return ""


def parse_crontab(
    display: str,
    text: str,
    flavor_name: str = "debian",
    *,
    system: bool | None = None,
    host_zone: str = "",
) -> Crontab:
    flavor = facts.flavor(flavor_name)
    system = is_system_path(display) if system is None else system
    raw_lines = text.split("\n")
    missing_newline = raw_lines[-1] != ""
    if not missing_newline:
        raw_lines.pop()
    owner = "" if system else owner_from_path(display)
    crontab = Crontab(
        display, "crontab", system, flavor, [], [], owner, missing_final_newline=missing_newline
    )
    name = cron_d_name(display)
    if name is not None:
        crontab.ignored_reason = flavor.cron_d_name_ignored(name) or ""
    environment: dict[str, str] = {}
    for index, raw in enumerate(raw_lines, start=1):
        last = index == len(raw_lines)
        line = classify(
            index,
            raw,
            system=system,
            flavor=flavor,
            key=f"{display}|{raw}",
            no_newline=last and missing_newline,
        )
        crontab.lines.append(line)
        if line.env is not None:
            environment.pop(line.env.name, None)
            environment[line.env.name] = line.env.value
        elif line.job is not None:
            crontab.entries.append(_entry(line, line.job, environment, flavor, owner, host_zone))
    return crontab


def _entry(
    line: Line, job: JobLine, environment: dict[str, str], flavor: Flavor, owner: str, host_zone: str
) -> Entry:
    cron_tz = environment.get("CRON_TZ", "") if flavor.cron_tz else ""
    cron_tz_error = ""
    if cron_tz:
        try:
            ZoneInfo(cron_tz)
        except (ZoneInfoNotFoundError, ValueError):
            cron_tz_error = f"CRON_TZ={cron_tz!r} is not an IANA time zone"
    ignored = tuple(
        n for n in ("CRON_TZ", "RANDOM_DELAY")
        if n in environment and not (flavor.cron_tz if n == "CRON_TZ" else flavor.random_delay)
    )  # fmt: skip
    split = split_percent(job.command, collapse_backslashes=flavor.backslash_collapse_in_command)
    spec = None if job.is_reboot else spec_of(job, cron_tz if not cron_tz_error else "", host_zone)
    return Entry(
        line=line,
        job=job,
        environment=tuple(environment.items()),
        user=job.user or owner,
        split=split,
        spec=spec,
        cron_tz=cron_tz if not cron_tz_error else "",
        cron_tz_error=cron_tz_error,
        random_delay=environment.get("RANDOM_DELAY", "") if flavor.random_delay else "",
        ignored_setting_names=ignored,
    )
