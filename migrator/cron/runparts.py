"""/etc/cron.{hourly,daily,weekly,monthly} scripts and /etc/anacrontab jobs as crontab entries.

Neither has a crontab line of its own: run-parts scripts run when the flavour's /etc/crontab (or
anacron) says, and anacron jobs run "once per period" at no fixed time. We pin each to the time
the flavour's stock configuration gives (knowledge/cron.toml, cron-facts §1.9) and report that
choice with the entry.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from migrator.cron import facts
from migrator.cron.command import SplitCommand
from migrator.cron.crontab import Crontab, Entry, spec_of
from migrator.cron.fields import FIELDS, parse_field
from migrator.cron.lines import JobLine, Line, parse_env

PERIOD_DIRS = {
    "cron.hourly": "hourly",
    "cron.daily": "daily",
    "cron.weekly": "weekly",
    "cron.monthly": "monthly",
}


def _job(schedule: str, command: str, user: str, flavor_name: str) -> JobLine:
    flavor = facts.flavor(flavor_name)
    fields = tuple(
        parse_field(text, spec, flavor) for text, spec in zip(schedule.split(), FIELDS, strict=True)
    )
    flags = frozenset(spec.star_flag for text, spec in zip(schedule.split(), FIELDS, strict=True)
                      if text.startswith("*") and spec.star_flag)  # fmt: skip
    return JobLine(fields=fields, keyword="", star_flags=flags, user=user, command=command)


def run_parts_skip_reason(name: str, flavor_name: str) -> str:
    pattern, suffixes = facts.run_parts_name_rules(flavor_name)
    if pattern and not re.fullmatch(pattern, name):
        return f"run-parts skips {name!r}: names must match {pattern} (a dot is enough to be skipped)"
    if name.startswith("."):
        return f"run-parts skips {name!r}: hidden file"
    for suffix in suffixes:
        if name.endswith(suffix):
            return f"run-parts skips {name!r}: names ending in {suffix!r} are ignored"
    return ""


def host_path(display: str) -> str:
    """/etc/cron.daily/x for any display path ending in cron.daily/x."""
    parts = PurePosixPath(display.replace("\\", "/")).parts
    return "/etc/" + "/".join(parts[-2:])


def parse_run_parts_script(display: str, flavor_name: str = "debian") -> tuple[Crontab, str, str]:
    """The script as one entry. Returns (crontab, period, skip reason or "")."""
    path = PurePosixPath(display.replace("\\", "/"))
    period = PERIOD_DIRS.get(path.parent.name, "daily")
    when = facts.run_parts_time(flavor_name, period)
    command = host_path(display)
    job = _job(when.schedule, command, "root", flavor_name)
    line = Line(0, f"{when.schedule} root {command}", "job", job=job)
    entry = Entry(line, job, (), "root", SplitCommand(command, None, False), spec_of(job))
    crontab = Crontab(display, "run-parts-script", True, facts.flavor(flavor_name), [line], [entry], "root")
    skip = run_parts_skip_reason(path.name, flavor_name)
    if skip:
        crontab.ignored_reason = skip
    crontab.notes.append(f"runs at `{when.schedule}` on a {flavor_name} host ({when.via})")
    return crontab, period, skip


# ---------------------------------------------------------------------- anacrontab

_KEYWORD_PERIODS = {"@daily": 1, "@weekly": 7, "@monthly": 30, "@yearly": 365, "@annually": 365}


def _period_schedule(period: int, hour: int, minute: int) -> tuple[str, str]:
    """A cron schedule for "every `period` days" and what it approximates."""
    if period <= 1:
        return f"{minute} {hour} * * *", "daily"
    if period == 7:
        return f"{minute} {hour} * * 0", "every 7 days, pinned to Sundays"
    if period in (28, 29, 30, 31):
        return f"{minute} {hour} 1 * *", f"every {period} days, pinned to the 1st of the month"
    if period >= 365:
        return f"{minute} {hour} 1 1 *", f"every {period} days, pinned to 1 January"
    return (
        f"{minute} {hour} */{period} * *",
        f"every {period} days, approximated by days 1, {1 + period}, … of each month",
    )


def _logical_lines(text: str) -> list[tuple[int, str, bool]]:
    """(first line number, joined text, had newline) with trailing-backslash continuations joined."""
    raw = text.split("\n")
    missing_newline = raw[-1] != ""
    if not missing_newline:
        raw.pop()
    joined: list[tuple[int, str, bool]] = []
    buffer, start = "", 0
    for number, line in enumerate(raw, start=1):
        if not buffer:
            start = number
        if line.endswith("\\"):
            buffer += line[:-1]
            continue
        joined.append((start, buffer + line, not (missing_newline and number == len(raw))))
        buffer = ""
    if buffer:
        joined.append((start, buffer, False))
    return joined


def parse_anacrontab(display: str, text: str, flavor_name: str = "debian") -> Crontab:
    flavor = facts.flavor(flavor_name)
    crontab = Crontab(display, "anacrontab", True, flavor, [], [], "root")
    environment: dict[str, str] = {}
    hour, minute, default_range = facts.anacron_start(flavor_name)
    for number, body, has_newline in _logical_lines(text):
        stripped = body.strip()
        if not stripped:
            crontab.lines.append(Line(number, body, "blank"))
            continue
        if stripped.startswith("#"):
            crontab.lines.append(Line(number, body, "comment"))
            continue
        env = parse_env(stripped)
        if env is not None:
            environment[env.name] = env.value
            crontab.lines.append(Line(number, body, "env", env=env))
            continue
        parts = stripped.split(None, 3)
        problem = ""
        if len(parts) < 4:
            problem = "an anacron job needs: period delay job-identifier command"
        elif not (parts[0].isdigit() or parts[0] in _KEYWORD_PERIODS):
            problem = f"bad period {parts[0]!r}: days or @daily/@weekly/@monthly"
        elif not parts[1].isdigit():
            problem = f"bad delay {parts[1]!r}: minutes"
        if not has_newline:
            problem = "no newline at the end of the file: anacron ignores an unterminated last line"
        if problem:
            crontab.lines.append(Line(number, body, "invalid", error=problem, no_newline=not has_newline))
            continue
        period = int(parts[0]) if parts[0].isdigit() else _KEYWORD_PERIODS[parts[0]]
        range_text = environment.get("START_HOURS_RANGE", default_range)
        start_hour = hour
        if re.fullmatch(r"\d+-\d+", range_text):
            start_hour = max(hour, int(range_text.split("-")[0]))
        total = start_hour * 60 + (minute if start_hour == hour else 0) + int(parts[1])
        schedule, approximation = _period_schedule(period, (total // 60) % 24, total % 60)
        job = _job(schedule, parts[3], "root", flavor_name)
        line = Line(number, body, "job", job=job)
        crontab.lines.append(line)
        entry = Entry(
            line, job, tuple(environment.items()), "root", SplitCommand(parts[3], None, False), spec_of(job)
        )
        crontab.entries.append(entry)
        delay_note = ""
        if environment.get("RANDOM_DELAY"):
            delay_note = f"; RANDOM_DELAY={environment['RANDOM_DELAY']} taken as 0"
        crontab.notes.append(
            f"line {number}: anacron job {parts[2]!r} ({approximation}) pinned to `{schedule}`: anacron starts at "
            f"{start_hour:02d}:{minute if start_hour == hour else 0:02d} on a {flavor_name} host, plus its "
            f"{parts[1]}-minute delay{delay_note}"
        )
    return crontab
