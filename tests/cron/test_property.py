"""Property: for random valid crontab lines, the emitted Airflow schedule fires exactly when cron does.

The oracle is cronsim ("matches Debian's cron as closely as possible, including its quirky behaviour
during DST transitions"), which shares no code with the converter. Two views:

* wall-clock time, as Airflow evaluates a cron timetable (`croniter(expr, naive)`, then the guard
  task on the run's date): the emitted schedule and cronsim fire at the same local times;
* real instants in DST zones around each clock change: Airflow's timetable (airflow_model, itself
  checked against real Airflow by `cron verify`) and cronsim differ exactly at the instants the
  converter reported as DST differences.
"""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from cronsim import CronSim
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from migrator.cron.airflow_model import TimetableModel
from migrator.cron.analysis import analyse_entry, options_for
from migrator.cron.crontab import parse_crontab
from migrator.cron.dst import transitions
from migrator.cron.oracle import KEYWORDS, CronOracle, cronsim_text
from migrator.cron.simulate import croniter_times

UTC = dt.UTC
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]


def _term(draw: st.DrawFn, low: int, high: int, names: list[str] | None, max_step: int) -> str:
    def value() -> str:
        number = draw(st.integers(low, high))
        if names and draw(st.booleans()) and number - low < len(names):
            name = names[number - low]
            return draw(st.sampled_from([name, name.upper(), name.capitalize()]))
        return str(number)

    kind = draw(st.sampled_from(["value", "range", "range-step", "star-step"]))
    if kind == "value":
        return value()
    if kind == "star-step":
        return f"*/{draw(st.integers(1, max_step))}"
    a, b = sorted((draw(st.integers(low, high)), draw(st.integers(low, high))))
    text = f"{a}-{b}"
    if kind == "range-step":
        text += f"/{draw(st.integers(1, max_step))}"
    return text


def _field(draw: st.DrawFn, low: int, high: int, names: list[str] | None = None, max_step: int = 12) -> str:
    if draw(st.integers(0, 3)) == 0:
        return "*"
    return ",".join(_term(draw, low, high, names, max_step) for _ in range(draw(st.integers(1, 3))))


@st.composite
def crontab_line(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(sorted(KEYWORDS)))
    # Minutes stay sparse enough for a year of fires to be compared quickly.
    minute = draw(
        st.one_of(st.integers(0, 59).map(str), st.sampled_from(["*/15", "*/20", "0,30", "5-50/15"]))
    )
    return " ".join(
        (minute, _field(draw, 0, 23, max_step=8), _field(draw, 1, 31), _field(draw, 1, 12, MONTHS, 4),
         _field(draw, 0, 7, DAYS, 3))
    )  # fmt: skip


def _entry(line: str):  # type: ignore[no-untyped-def]
    crontab = parse_crontab("crontabs/p.crontab", f"{line} /bin/true\n")
    assume(crontab.entries)
    return crontab, crontab.entries[0]


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(crontab_line())
def test_emitted_schedule_equals_cronsim_on_the_wall_clock(line: str) -> None:
    crontab, entry = _entry(line)
    item = analyse_entry(entry, crontab, options_for(zone="UTC", start=dt.date(2026, 1, 1), dst_years=1))
    assume(item.skip_kind != "never")
    assert item.schedule is not None, item.skip_reason
    emission = item.schedule.emission
    assert emission is not None
    for expression in emission.expressions:  # five fields, nothing croniter reads differently from cron
        assert len(expression.split()) == 5 and not set(expression) & set("?HRLW#@")
    start = dt.datetime(2026, 1, 1)
    oracle = list(itertools.islice(CronSim(cronsim_text(line), start - dt.timedelta(seconds=1)), 1500))
    airflow = []
    for when in croniter_times(emission.expressions, start - dt.timedelta(seconds=1)):
        if when > oracle[-1]:
            break
        if emission.guard_allows(when.day, when.isoweekday() % 7):
            airflow.append(when)
    assert airflow == oracle


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(crontab_line(), st.sampled_from(["America/New_York", "Europe/London", "Australia/Sydney"]))
def test_dst_differences_are_exactly_the_reported_ones(line: str, zone: str) -> None:
    crontab, entry = _entry(line)
    start, end = dt.datetime(2026, 1, 1, tzinfo=UTC), dt.datetime(2027, 1, 1, tzinfo=UTC)
    item = analyse_entry(entry, crontab, options_for(zone=zone, start=start.date(), dst_years=1))
    assume(item.skip_kind != "never")
    schedule = item.schedule
    assert schedule is not None and schedule.emission is not None
    oracle = CronOracle(line, zone)
    model = TimetableModel(schedule.emission.expressions, ZoneInfo(zone))
    reported = {(d.instant, d.side) for d in schedule.differences}
    local = ZoneInfo(zone)
    for change in transitions(zone, start, end):
        window = (change - dt.timedelta(days=3), change + dt.timedelta(days=3))
        seed = oracle.last_before(window[0])
        assume(seed is not None)
        cron = set(oracle.fires(*window))
        airflow = set()
        for instant in model.fires(seed, window[1]):  # type: ignore[arg-type]
            day = instant.astimezone(local)
            if window[0] <= instant < window[1] and schedule.emission.guard_allows(
                day.day, day.isoweekday() % 7
            ):
                airflow.add(instant)
        found = {(t, "cron") for t in cron - airflow} | {(t, "airflow") for t in airflow - cron}
        expected = {(t, side) for t, side in reported if window[0] <= t < window[1]}
        assert found == expected, (line, zone, change)
