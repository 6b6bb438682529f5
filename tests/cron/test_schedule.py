"""Cron bit sets -> croniter expressions, proved by simulation; the timetable chosen per entry."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from migrator.cron.analysis import analyse_entry, options_for
from migrator.cron.crontab import parse_crontab
from migrator.cron.dst import describe, differences
from migrator.cron.normalise import Emission, emission_for, render_field, split_hours
from migrator.cron.simulate import check

UTC = dt.UTC


def entry(fields: str, flavor: str = "debian"):  # type: ignore[no-untyped-def]
    crontab = parse_crontab("crontabs/x.crontab", f"{fields} /bin/true\n", flavor)
    return crontab, crontab.entries[0]


@pytest.mark.parametrize(
    ("fields", "flavor", "expressions", "guard"),
    [
        ("0 9 */2 * 1", "debian", ("0 9 * * 1",), True),  # AND, both restricted: guard on the odd dates
        ("0 0 */2 * sun", "debian", ("0 0 * * 0",), True),
        ("30 4 1,15 * 5", "debian", ("30 4 1,15 * 5",), False),  # OR: croniter ORs too
        ("0 0 1 * */1", "debian", ("0 0 1 * *",), False),  # `*/1` is every day but still ANDs
        ("0 0 1-1 * *", "debian", ("0 0 1 * *",), False),  # croniter would read 1-1 as every day
        ("0 0 * * 0-7", "debian", ("0 0 * * *",), False),
        ("0 0 * * 7", "debian", ("0 0 * * 0",), False),
        ("0 0 30 2 5", "debian", ("0 0 * 2 5",), False),  # an impossible day leaves only Fridays
        ("*/15 9-17 * * mon-fri", "debian", ("*/15 9-17 * * 1-5",), False),
        ("0 0 * * sat-sun", "cronie", ("0 0 * * 0,6",), False),
        ("5#3 * * * *", "debian", ("5 * * * *",), False),
        ("0 0 1-31 * 1", "debian", ("0 0 * * *",), False),  # OR with every day is every day
        ("0 12 1,15 jan-dec/3 *", "debian", ("0 12 1,15 */3 *",), False),
        ("0-59/30 1 * * *", "debian", ("0,30 1 * * *",), False),
    ],
)
def test_emission(fields: str, flavor: str, expressions: tuple[str, ...], guard: bool) -> None:
    _, item = entry(fields, flavor)
    emission = emission_for(item.spec)
    assert emission.expressions == expressions and emission.guarded == guard
    assert check(item.spec, emission) == []


def test_simulation_catches_wrong_expressions() -> None:
    """The check is not a rubber stamp: passing the source text through croniter fails it."""
    for fields, wrong in [
        ("0 9 */2 * 1", "0 9 */2 * 1"),  # croniter ORs
        ("0 0 1-1 * *", "0 0 1-1 * *"),  # croniter: every day
        ("0 0 1 * */1", "0 0 1 * */1"),
        ("30 4 1,15 * 5", "30 4 1,15 * *"),
        ("15 7 * * 1-5", "15 7 * * 1-6"),
        ("0 0 29 2 *", "0 0 28 2 *"),
    ]:
        _, item = entry(fields)
        assert check(item.spec, Emission((wrong,))), fields


def test_render_field_vocabulary() -> None:
    assert render_field(frozenset(range(60)), 0, 59) == "*"
    assert render_field(frozenset({0, 15, 30, 45}), 0, 59) == "*/15"
    assert render_field(frozenset({1, 2, 3, 5, 7, 8}), 0, 59) == "1-3,5,7,8"
    assert split_hours("*/5 * * * 1-5") == ("*/5 0-11 * * 1-5", "*/5 12-23 * * 1-5")
    assert split_hours("0 9 * * *") == ("0 9 * * *",)


def analysed(fields: str, zone: str, **kwargs: object):  # type: ignore[no-untyped-def]
    crontab, item = entry(fields, str(kwargs.pop("flavor", "debian")))
    opts = options_for(zone=zone, start=dt.date(2026, 1, 1), dst_years=2, **kwargs)  # type: ignore[arg-type]
    return analyse_entry(item, crontab, opts)


def test_fixed_time_in_the_gap_is_a_reported_difference() -> None:
    result = analysed("30 2 * * *", "America/New_York")
    assert result.schedule is not None and result.schedule.kind == "cron"
    text = describe(list(result.schedule.differences), "America/New_York")
    assert "2026-03-08 cron 03:00 EDT (07:00Z), Airflow 03:30 EDT (07:30Z)" in text
    assert not analysed("30 2 * * *", "UTC").schedule.differences  # type: ignore[union-attr]
    assert not analysed("30 2 * * 1-5", "America/New_York").schedule.differences  # type: ignore[union-attr]


def test_weekday_hourly_schedules_split_the_hour_field_on_airflow_3() -> None:
    three = analysed("*/15 * * * 1-5", "America/New_York")
    two = analysed("*/15 * * * 1-5", "America/New_York", target_major=2)
    assert three.schedule is not None and three.schedule.kind == "multiple"
    assert three.schedule.expressions == ("*/15 0-11 * * 1-5", "*/15 12-23 * * 1-5")
    assert three.schedule.differences == ()
    assert two.schedule is not None and two.schedule.kind == "cron" and two.schedule.differences
    # Every day: stepping from the previous run is exact, so nothing is split.
    assert analysed("*/15 * * * *", "America/New_York").schedule.kind == "cron"  # type: ignore[union-attr]


def test_exact_dst_only_where_needed() -> None:
    gap = analysed("30 2 * * *", "America/New_York", exact_dst=True)
    plain = analysed("0 12 * * *", "America/New_York", exact_dst=True)
    quirk = analysed("0 9 */2 * 1", "America/New_York", exact_dst=True)
    assert gap.schedule is not None and gap.schedule.kind == "exact" and gap.schedule.exact_rule is not None
    assert plain.schedule is not None and plain.schedule.kind == "cron"
    assert quirk.schedule is not None and quirk.schedule.kind == "exact"


def test_skips() -> None:
    assert analysed("0 23-1 * * *", "UTC").skip_kind == "never"
    assert analysed("0 0 31 2 *", "UTC").skip_kind == "never"
    crontab = parse_crontab("crontabs/x.crontab", "@reboot /x\n")
    opts = options_for(zone="UTC", start=dt.date(2026, 1, 1))
    assert analyse_entry(crontab.entries[0], crontab, opts).skip_kind == "reboot"
    unknown = analysed("30 2 * * *", "")
    assert unknown.skip_kind == "no-zone" and dict(unknown.dst_by_zone)["America/New_York"]


def test_zone_local_entries_see_the_daemons_clock_changes() -> None:
    crontab = parse_crontab(
        "crontabs/x.crontab", "CRON_TZ=UTC\n30 16 * * * /x\n", "cronie", host_zone="Australia/Sydney"
    )
    spec = crontab.entries[0].spec
    assert spec is not None
    found = differences(
        (spec,),
        emission_for(spec),
        "UTC",
        dt.datetime(2026, 1, 1, tzinfo=UTC),
        dt.datetime(2027, 1, 1, tzinfo=UTC),
    )
    assert [(d.instant.isoformat(), d.side) for d in found] == [("2026-04-04T16:30:00+00:00", "airflow")]


def test_vixie_last_day_of_month_needs_the_exact_timetable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.cron.conftest import convert_paths

    crontab = tmp_path / "crontabs" / "month_end.crontab"
    crontab.parent.mkdir()
    crontab.write_text("30 23 $ * * /opt/month_end.sh\n")
    conversion = convert_paths([crontab], tmp_path / "out", zone="UTC", flavor="vixie")
    (plan,) = conversion.plans
    assert plan.schedule.kind == "exact" and "plugins/cron_exact_timetable.py" in conversion.files
    module = next(content for name, content in conversion.files.items() if name.startswith("dags/"))
    assert '"fields": "30 23 L * *"' in module
    manifest = json.loads(conversion.files["cron-manifest.json"])
    assert manifest["dags"][0]["oracle"]["cron_fields"] == "30 23 L * *"
