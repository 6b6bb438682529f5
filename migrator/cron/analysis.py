"""Everything we know about each crontab entry: whether it converts, to which timetable, and
where that timetable still differs from the host on DST days. Rules and the DAG writer both read it.

The timetable choice per entry:
1. the croniter form (normalise.py), proved equal to cron's bit rules by simulation (simulate.py);
2. if an expression's hour field is `*` and the target has MultipleCronTriggerTimetable, the same
   schedule split into two hour ranges is also tried: Airflow then resolves DST days by local
   time instead of stepping from the previous run, which is exact for e.g. weekday-only schedules;
   the candidate with fewer DST differences wins (ties: the simpler one);
3. with --exact-dst, entries that still differ on a DST day, or need a guard task, or cannot be
   written for croniter at all, use the exact timetable plugin instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from migrator.cron import dst, facts
from migrator.cron.command import CommandTraits, traits
from migrator.cron.crontab import Crontab, Entry, possible_days_of_month
from migrator.cron.host_model import CronSpec
from migrator.cron.normalise import Emission, NotExpressible, emission_for, split_hours
from migrator.cron.simulate import check

UTC = dt.UTC


@dataclass(frozen=True, slots=True)
class AnalysisOptions:
    flavor: str = "debian"
    zone: str = ""  # the host's zone; "" when unknown (assess)
    mode: str = "bash"
    multiple_cron: bool = True  # the target has MultipleCronTriggerTimetable (3.x)
    exact_dst: bool = False
    start: dt.date = dt.date(2026, 1, 1)
    dst_years: int = 5
    representative_zones: tuple[str, ...] = ()  # judged instead when the zone is unknown
    # Prove each croniter form by simulation. `assess` writes no DAG, so it skips the proof;
    # `cron` never writes an unproven schedule.
    simulate: bool = True

    @property
    def horizon(self) -> tuple[dt.datetime, dt.datetime]:
        begin = dt.datetime(self.start.year, self.start.month, self.start.day, tzinfo=UTC)
        return begin, begin.replace(year=begin.year + self.dst_years)


def default_start(today: dt.date | None = None) -> dt.date:
    """1 January of the current year: fixed for a whole year, so output is stable run to run."""
    today = today or dt.date.today()
    return dt.date(today.year, 1, 1)


@dataclass(frozen=True, slots=True)
class Schedule:
    kind: str  # "cron" (CronTriggerTimetable) | "multiple" | "exact" (plugin)
    zone: str
    emission: Emission | None  # None for "exact"
    exact_rule: CronSpec | None  # the rule the plugin evaluates ("exact" only)
    differences: tuple[dst.Difference, ...]  # instants in the horizon where Airflow and cron differ
    why: tuple[str, ...] = ()

    @property
    def guarded(self) -> bool:
        return self.emission is not None and self.emission.guarded

    @property
    def expressions(self) -> tuple[str, ...]:
        return self.emission.expressions if self.emission else ()


@dataclass(frozen=True, slots=True)
class EntryAnalysis:
    entry: Entry
    skip_kind: str = ""  # reboot | never | ignored-file | bad-cron-tz | no-zone | internal
    skip_reason: str = ""
    schedule: Schedule | None = None
    base_emission: Emission | None = None
    not_expressible: str = ""
    command: CommandTraits = field(default_factory=lambda: traits(""))
    dst_by_zone: tuple[
        tuple[str, tuple[dst.Difference, ...]], ...
    ] = ()  # zone unknown: per representative zone

    @property
    def converted(self) -> bool:
        return self.schedule is not None


@dataclass(slots=True)
class CrontabAnalysis:
    crontab: Crontab
    options: AnalysisOptions
    entries: list[EntryAnalysis]

    def counts(self) -> dict[str, int]:
        return self.crontab.counts()


def canonical_rule(spec: CronSpec) -> CronSpec:
    """The same schedule with impossible days dropped and an empty day side folded into the AND
    rule, so that every field is non-empty (what the exact timetable is given)."""
    days = possible_days_of_month(spec)
    weekdays = spec.days_of_week
    day_and = spec.day_and
    if not day_and and not days:
        days, day_and = frozenset(range(1, 32)), True
    elif not day_and and not weekdays:
        weekdays, day_and = tuple(range(7)), True
    return CronSpec(
        spec.minutes, spec.hours, days, spec.months, weekdays,
        day_and=day_and, wildcard=spec.wildcard, zone_local=spec.zone_local, daemon_zone=spec.daemon_zone,
    )  # fmt: skip


def _candidates(base: Emission, multiple_cron: bool) -> list[tuple[Emission, str]]:
    found = [(base, "")]
    if multiple_cron and any(e.split()[1] == "*" for e in base.expressions):
        split = tuple(part for e in base.expressions for part in split_hours(e))
        found.append(
            (
                Emission(split, base.guard_days_of_month, base.guard_days_of_week),
                "hour field split in two so that Airflow resolves DST days by local time, not by "
                "stepping from the previous run",
            )
        )
    return found


def _choose(
    spec: CronSpec, base: Emission, zone: str, options: AnalysisOptions
) -> tuple[Emission, tuple[dst.Difference, ...], str]:
    start, end = options.horizon
    best: tuple[Emission, tuple[dst.Difference, ...], str] | None = None
    for emission, why in _candidates(base, options.multiple_cron):
        found = tuple(dst.differences((spec,), emission, zone, start, end))
        if best is None or len(found) < len(best[1]):
            best = (emission, found, why)
        if not found:
            break
    assert best is not None
    return best


def analyse_entry(entry: Entry, crontab: Crontab, options: AnalysisOptions) -> EntryAnalysis:
    command = traits(entry.split.command)
    if crontab.ignored_reason:
        return EntryAnalysis(entry, "ignored-file", crontab.ignored_reason, command=command)
    if entry.job.is_reboot:
        return EntryAnalysis(
            entry, "reboot", "@reboot runs once when the daemon starts after a boot; Airflow has no such event",
            command=command,
        )  # fmt: skip
    if entry.cron_tz_error:
        return EntryAnalysis(entry, "bad-cron-tz", entry.cron_tz_error, command=command)
    assert entry.spec is not None
    spec = entry.spec
    never = entry.never_reason
    if never:
        return EntryAnalysis(entry, "never", never, command=command)
    zone = entry.cron_tz or options.zone
    try:
        base: Emission | None = emission_for(spec)
        not_expressible = ""
    except NotExpressible as exc:
        base, not_expressible = None, str(exc)
    if base is not None and options.simulate:
        mismatches = check(spec, base)
        if mismatches:  # a bug in normalise.py; never emit an unproven schedule
            return EntryAnalysis(
                entry, "internal",
                "the croniter form failed the simulation check: " + "; ".join(str(m) for m in mismatches[:3]),
                command=command,
            )  # fmt: skip
    if not zone:
        by_zone = tuple(
            (z, _choose(spec, base, z, options)[1]) for z in options.representative_zones if base is not None
        )
        return EntryAnalysis(
            entry, "no-zone", "the host's time zone is unknown", None, base, not_expressible, command, by_zone
        )
    rule = canonical_rule(spec)
    if base is None:
        schedule = Schedule("exact", zone, None, rule, (), (f"exact timetable: {not_expressible}",))
        return EntryAnalysis(entry, "", "", schedule, None, not_expressible, command)
    emission, found, why = _choose(spec, base, zone, options)
    needs_exact = bool(found) or emission.guarded
    if options.exact_dst and needs_exact:
        reason = (
            "exact timetable: Airflow's cron timetables differ from the host on DST days"
            if found
            else "exact timetable: the day-of-month AND day-of-week rule has no croniter form"
        )
        schedule = Schedule("exact", zone, None, rule, (), (reason,))
    else:
        kind = "multiple" if len(emission.expressions) > 1 else "cron"
        reasons = tuple(r for r in (why,) if r)
        if emission.guarded:
            reasons += (
                "guard task: cron ANDs the day fields because one starts with `*`; croniter would OR them",
            )
        schedule = Schedule(kind, zone, emission, None, found, reasons)
    return EntryAnalysis(entry, "", "", schedule, base, "", command)


def analyse(crontab: Crontab, options: AnalysisOptions) -> CrontabAnalysis:
    return CrontabAnalysis(crontab, options, [analyse_entry(e, crontab, options) for e in crontab.entries])


def options_for(
    *,
    flavor: str = "debian",
    zone: str = "",
    mode: str = "bash",
    target_major: int = 3,
    exact_dst: bool = False,
    start: dt.date | None = None,
    dst_years: int = 5,
    simulate: bool = True,
) -> AnalysisOptions:
    return AnalysisOptions(
        flavor=flavor,
        zone=zone,
        mode=mode,
        multiple_cron=target_major >= int(facts.multiple_cron_since().split(".")[0]),
        exact_dst=exact_dst,
        start=start or default_start(),
        dst_years=dst_years,
        representative_zones=() if zone else facts.representative_zones(),
        simulate=simulate,
    )
