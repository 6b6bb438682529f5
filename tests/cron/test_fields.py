"""Time fields read the way each daemon's get_list()/get_range() reads them (cron-facts §1.4, §2.5)."""

from __future__ import annotations

import pytest

from migrator.cron.facts import flavor
from migrator.cron.fields import DAY_OF_MONTH, DAY_OF_WEEK, HOUR, MINUTE, MONTH, FieldError, parse_field

DEBIAN, CRONIE, VIXIE = flavor("debian"), flavor("cronie"), flavor("vixie")


@pytest.mark.parametrize(
    ("text", "spec", "values"),
    [
        ("*", MINUTE, set(range(60))),
        ("*/15", MINUTE, {0, 15, 30, 45}),
        ("*/35", MINUTE, {0, 35}),  # a step larger than half the range: first value and one more
        ("0-4,8-12", HOUR, {0, 1, 2, 3, 4, 8, 9, 10, 11, 12}),
        ("1-10/3", DAY_OF_MONTH, {1, 4, 7, 10}),
        ("09,39", MINUTE, {9, 39}),  # leading zeros
        ("JAN-MAR/2", MONTH, {1, 3}),
        ("jan-mar", MONTH, {1, 2, 3}),
        ("MON,wed,Fri", DAY_OF_WEEK, {1, 3, 5}),
        ("7", DAY_OF_WEEK, {0, 7}),  # Sunday is both 0 and 7
        ("0-7", DAY_OF_WEEK, set(range(8))),
        ("1-1", DAY_OF_MONTH, {1}),  # croniter would read "every day"
        ("sun", DAY_OF_WEEK, {0, 7}),
    ],
)
def test_standard_syntax_is_the_same_everywhere(text: str, spec, values: set[int]) -> None:  # type: ignore[no-untyped-def]
    for daemon in (DEBIAN, CRONIE, VIXIE):
        assert set(parse_field(text, spec, daemon).values) == values


@pytest.mark.parametrize(
    ("text", "spec"),
    [("5/15", MINUTE), ("60", MINUTE), ("0", DAY_OF_MONTH), ("8", DAY_OF_WEEK), ("Monday", DAY_OF_WEEK),
     ("January", MONTH), ("*/0", MINUTE), ("?", DAY_OF_MONTH), ("L", DAY_OF_MONTH), ("", MINUTE), ("1,", MINUTE),
     ("5-", HOUR), ("H", MINUTE), ("0x5", MINUTE), ("0-70", MINUTE)],
)  # fmt: skip
def test_every_daemon_rejects(text: str, spec) -> None:  # type: ignore[no-untyped-def]
    for daemon in (DEBIAN, CRONIE, VIXIE):
        with pytest.raises(FieldError):
            parse_field(text, spec, daemon)


def test_star_flag_is_the_first_character() -> None:
    assert parse_field("*/2", DAY_OF_MONTH, DEBIAN).star_first
    assert parse_field("*", DAY_OF_WEEK, DEBIAN).star_first
    assert not parse_field("1-31", DAY_OF_MONTH, DEBIAN).star_first


def test_reversed_ranges_by_flavor() -> None:
    assert parse_field("23-1", HOUR, DEBIAN).values == frozenset()
    assert parse_field("23-1", HOUR, DEBIAN).reversed_ranges == ("23-1",)
    assert parse_field("sat-sun", DAY_OF_WEEK, DEBIAN).values == frozenset()
    cronie = parse_field("sat-sun", DAY_OF_WEEK, CRONIE)
    assert set(cronie.values) == {0, 6, 7} and cronie.sunday_as_seven
    assert parse_field("19-7", HOUR, CRONIE).values == frozenset()
    with pytest.raises(FieldError, match="reversed"):
        parse_field("23-1", HOUR, VIXIE)
    # Debian checks each value it sets, so a reversed range with an out-of-range bound is silently empty.
    assert parse_field("70-5", MINUTE, DEBIAN).values == frozenset()


def test_trailing_junk_only_on_debian() -> None:
    field = parse_field("5#3", DAY_OF_WEEK, DEBIAN)
    assert set(field.values) == {5} and field.junk == "#3"
    assert set(parse_field("6~15", MINUTE, DEBIAN).values) == {6}
    assert set(parse_field("1,2#,3", MINUTE, DEBIAN).values) == {1, 2}  # everything after the junk goes
    for daemon in (CRONIE, VIXIE):
        with pytest.raises(FieldError):
            parse_field("5#3", DAY_OF_WEEK, daemon)


def test_cronie_random_is_stable_and_in_range() -> None:
    first = parse_field("6~15", MINUTE, CRONIE, key="crontabs/a|6~15 2 * * * x")
    again = parse_field("6~15", MINUTE, CRONIE, key="crontabs/a|6~15 2 * * * x")
    other = [parse_field("0~59", MINUTE, CRONIE, key=f"k{i}").random_picks[0].chosen for i in range(40)]
    assert first == again and len(first.values) == 1
    assert 6 <= first.random_picks[0].chosen <= 15
    assert len(set(other)) > 5  # spread, not a constant
    assert {p.chosen for p in parse_field("~", HOUR, CRONIE, key="x").random_picks} <= set(range(24))
    with pytest.raises(FieldError):
        parse_field("15~6", MINUTE, CRONIE)
    with pytest.raises(FieldError):
        parse_field("~", MINUTE, DEBIAN)  # nothing before the junk


def test_vixie_last_day_of_month() -> None:
    assert 32 in parse_field("$", DAY_OF_MONTH, VIXIE).values
    with pytest.raises(FieldError):
        parse_field("$", DAY_OF_MONTH, DEBIAN)
