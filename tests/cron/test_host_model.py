"""The host fire-instant model against cron-facts §3.6 (cronie crond under libfaketime) and cronsim."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from cronsim import CronSim
from hypothesis import given, settings
from hypothesis import strategies as st

from migrator.cron.crontab import parse_crontab
from migrator.cron.host_model import CronSpec, fires_between, next_fire, parse_field_text, spec_from_fields

UTC = dt.UTC


def spec(fields: str, flavor: str = "debian") -> CronSpec:
    entry = parse_crontab("crontabs/x.crontab", f"{fields} /bin/true\n", flavor).entries[0]
    assert entry.spec is not None
    return entry.spec


def local_times(expression: str, zone: str, day: str, hours: int = 6) -> list[str]:
    tz = ZoneInfo(zone)
    start = dt.datetime.fromisoformat(day).replace(tzinfo=tz)
    found = fires_between(spec(expression), tz, start, start + dt.timedelta(hours=hours))
    return [f"{t.astimezone(tz):%H:%M %Z}" for t in found]


# (expression, day, cron's fire times) from cron-facts §3.6, America/New_York 2025.
NEW_YORK = [
    ("30 2 * * *", "2025-03-09", ["03:00 EDT"]),
    ("15 2 * * *", "2025-03-09", ["03:00 EDT"]),
    ("0 2 * * *", "2025-03-09", ["03:00 EDT"]),
    ("0 */2 * * *", "2025-03-09", ["00:00 EST", "04:00 EDT"]),
    ("*/30 2 * * *", "2025-03-09", []),
    ("30 * * * *", "2025-03-09", ["00:30 EST", "01:30 EST", "03:30 EDT", "04:30 EDT", "05:30 EDT"]),
    ("30 1 * * *", "2025-11-02", ["01:30 EDT"]),
    ("15,45 1 * * *", "2025-11-02", ["01:15 EDT", "01:45 EDT"]),
    ("0 1-3 * * *", "2025-11-02", ["01:00 EDT", "02:00 EST", "03:00 EST"]),
    ("*/30 1 * * *", "2025-11-02", ["01:00 EDT", "01:30 EDT", "01:00 EST", "01:30 EST"]),
    ("0-59/30 1 * * *", "2025-11-02", ["01:00 EDT", "01:30 EDT"]),
    ("0 */2 * * *", "2025-11-02", ["00:00 EDT", "02:00 EST", "04:00 EST"]),
]


@pytest.mark.parametrize(("expression", "day", "expected"), NEW_YORK)
def test_new_york_dst_days(expression: str, day: str, expected: list[str]) -> None:
    assert local_times(expression, "America/New_York", day) == expected


def test_spring_duplicate_runs_collapse_to_one_instant() -> None:
    # cronie ran `0 1-3` twice at 03:00 EDT; an instant can hold one Airflow run, so the model keeps one.
    assert local_times("0 1-3 * * *", "America/New_York", "2025-03-09") == ["01:00 EST", "03:00 EDT"]


@pytest.mark.parametrize(
    ("zone", "day", "expected_utc"),
    [
        ("Europe/London", "2025-03-30", "01:00"),
        ("Europe/London", "2025-10-26", "00:30"),
        ("Australia/Sydney", "2025-04-06", "15:30"),
    ],
)
def test_other_zones(zone: str, day: str, expected_utc: str) -> None:
    expression = "30 1 * * *" if zone == "Europe/London" else "30 2 * * *"
    tz = ZoneInfo(zone)
    start = dt.datetime.fromisoformat(day).replace(tzinfo=tz) - dt.timedelta(hours=12)
    found = fires_between(spec(expression), tz, start, start + dt.timedelta(hours=24))
    assert [f"{t:%H:%M}" for t in found] == [expected_utc]


def test_sydney_spring_runs_at_the_jump() -> None:
    assert local_times("30 2 * * *", "Australia/Sydney", "2025-10-05") == ["03:00 AEDT"]


def test_star_rule_days() -> None:
    odd_mondays = spec("0 9 */2 * 1")
    days = [
        d for d in (dt.date(2025, 1, 1) + dt.timedelta(n) for n in range(60)) if odd_mondays.day_matches(d)
    ]
    assert days == [dt.date(2025, 1, 13), dt.date(2025, 1, 27), dt.date(2025, 2, 3), dt.date(2025, 2, 17)]
    either = spec("30 4 1,15 * 5")
    assert either.day_matches(dt.date(2025, 1, 3)) and either.day_matches(dt.date(2025, 1, 15))


def test_zone_local_entries_follow_every_real_minute() -> None:
    # cronie CRON_TZ: skipped times never run, repeated ones run twice...
    text = (
        "CRON_TZ=America/New_York\n30 2 * * * a\n30 1 * * * b\nCRON_TZ=UTC\n30 16 * * * c\n*/30 16 * * * d\n"
    )
    entries = parse_crontab("crontabs/x.crontab", text, "cronie", host_zone="Australia/Sydney").entries
    ny = ZoneInfo("America/New_York")
    spring = dt.datetime(2025, 3, 9, tzinfo=ny)
    fall = dt.datetime(2025, 11, 2, tzinfo=ny)
    assert entries[0].spec is not None and entries[1].spec is not None
    assert fires_between(entries[0].spec, ny, spring, spring + dt.timedelta(hours=6)) == []
    assert len(fires_between(entries[1].spec, ny, fall, fall + dt.timedelta(hours=6))) == 2
    # ...but fixed-time entries pause while the daemon's own clock repeats an hour (Sydney, 6 April).
    utc = ZoneInfo("UTC")
    day = dt.datetime(2025, 4, 5, 12, tzinfo=UTC)
    assert entries[2].spec is not None and entries[3].spec is not None
    assert fires_between(entries[2].spec, utc, day, day + dt.timedelta(hours=12)) == []
    assert len(fires_between(entries[3].spec, utc, day, day + dt.timedelta(hours=12))) == 2


def test_next_fire_agrees_with_fires_between() -> None:
    tz = ZoneInfo("America/New_York")
    for expression in ("30 2 * * *", "*/30 1 * * *", "0 1-3 * * *", "0 9 */2 * 1", "0 0 29 2 *"):
        rule = spec(expression)
        start = dt.datetime(2024, 1, 1, tzinfo=UTC)
        end = dt.datetime(2026, 1, 1, tzinfo=UTC)
        chained, cursor = [], start - dt.timedelta(seconds=1)
        while (cursor := next_fire(rule, tz, cursor)) is not None and cursor < end:  # type: ignore[assignment]
            chained.append(cursor)
        assert chained == fires_between(rule, tz, start, end), expression


def test_never_and_compact_fields() -> None:
    assert next_fire(spec("0 0 31 2 *"), ZoneInfo("UTC"), dt.datetime(2025, 1, 1, tzinfo=UTC)) is None
    assert parse_field_text("*/15,7,1-3", 0, 59) == [0, 1, 2, 3, 7, 15, 30, 45]
    rule = spec_from_fields("0 9 1,L * 1-5", day_and=False, wildcard=False)
    assert rule.day_matches(dt.date(2025, 2, 28)) and rule.day_matches(dt.date(2025, 3, 1))
    assert CronSpec.from_dict(rule.to_dict()) == rule


# ---------------------------------------------------------------------- property: model == cronsim

FIELD = st.one_of(
    st.just("*"),
    st.builds(lambda n: f"*/{n}", st.integers(2, 13)),
    st.builds(lambda a, b: f"{min(a, b)}-{max(a, b)}", st.integers(0, 5), st.integers(0, 5)),
)


@st.composite
def cron_line(draw: st.DrawFn) -> str:
    minute = draw(st.one_of(st.sampled_from(["0", "15", "30", "45", "*/20", "*/30", "0-59/30", "5,35"])))
    hour = draw(st.one_of(st.sampled_from(["*", "1", "2", "1-3", "*/2", "0-23", "2,3", "*/6"])))
    dom = draw(st.sampled_from(["*", "*/2", "1,15", "1-7", "8-14", "*/10", "29"]))
    month = draw(st.sampled_from(["*", "3", "10,11", "*/2", "mar-nov"]))
    dow = draw(st.sampled_from(["*", "0", "1-5", "sun", "*/2", "6,0", "7"]))
    return f"{minute} {hour} {dom} {month} {dow}"


@settings(max_examples=60, deadline=None)
@given(cron_line(), st.sampled_from(["America/New_York", "Europe/London", "Australia/Sydney"]))
def test_model_matches_cronsim_on_dst_years(line: str, zone: str) -> None:
    """cronsim models Debian cron including DST; the model must fire at exactly the same instants."""
    tz = ZoneInfo(zone)
    start = dt.datetime(2025, 1, 1, tzinfo=UTC)
    end = dt.datetime(2026, 1, 1, tzinfo=UTC)
    ours = fires_between(spec(line), tz, start, end)
    theirs = []
    for local in CronSim(line, (start - dt.timedelta(seconds=1)).astimezone(tz)):
        instant = local.astimezone(UTC)
        if instant >= end:
            break
        if not theirs or theirs[-1] != instant:
            theirs.append(instant)
    assert ours == theirs
