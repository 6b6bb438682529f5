"""One time field of a crontab line, read the way the daemon's own get_list()/get_range() read it.

Not a regex: the daemons read characters, and their quirks live in the details (a step needs a
range, names must be whole three-letter words, Debian skips whatever follows a valid list, a
reversed range is silently empty, cronie's `~` picks a random value when the file is loaded).
Each flavour switch comes from knowledge/cron.toml.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from migrator.cron.facts import Flavor

MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Index 7 is Sunday again, as in the daemons' DowNames table; the first match (0) wins.
DOW_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Vixie upstream's `$` in day-of-month ("last day of the month") is stored as this pseudo-day.
LAST_DAY_OF_MONTH = 32


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str  # as in the daemons' error messages: minute, hour, day-of-month, month, day-of-week
    low: int
    high: int
    names: tuple[str, ...] = ()
    star_flag: str = ""  # MIN_STAR, HR_STAR, DOM_STAR, DOW_STAR (month has none)


MINUTE = FieldSpec("minute", 0, 59, star_flag="MIN_STAR")
HOUR = FieldSpec("hour", 0, 23, star_flag="HR_STAR")
DAY_OF_MONTH = FieldSpec("day-of-month", 1, 31, star_flag="DOM_STAR")
MONTH = FieldSpec("month", 1, 12, MONTH_NAMES)
DAY_OF_WEEK = FieldSpec("day-of-week", 0, 7, DOW_NAMES, star_flag="DOW_STAR")
FIELDS = (MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK)


class FieldError(ValueError):
    """The daemon rejects the line: `bad <field>`, with the reason in our words."""

    def __init__(self, spec: FieldSpec, reason: str) -> None:
        super().__init__(f"bad {spec.name}: {reason}")
        self.spec = spec
        self.reason = reason


@dataclass(frozen=True, slots=True)
class RandomPick:
    """A cronie `a~b` term: the daemon draws one value in [low, high] each time it loads the file."""

    text: str
    low: int
    high: int
    chosen: int


@dataclass(frozen=True, slots=True)
class ParsedField:
    text: str
    values: frozenset[int]
    star_first: bool
    junk: str = ""  # what Debian silently skipped after the list
    reversed_ranges: tuple[str, ...] = ()  # ranges that selected nothing (Debian/cronie)
    random_picks: tuple[RandomPick, ...] = ()
    sunday_as_seven: bool = False  # cronie turned a `X-0` day-of-week range into `X-7`
    notes: tuple[str, ...] = field(default=())


class _Reader:
    """A cursor over one whitespace-free field token."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def take(self) -> str:
        ch = self.peek()
        self.pos += 1
        return ch

    def rest(self) -> str:
        return self.text[self.pos :]


def _number(reader: _Reader, spec: FieldSpec, *, names: bool = True) -> int:
    """get_number(): collect [A-Za-z0-9]; a whole name (any case) or all digits, else an error.
    Steps are read without names (`names=False`), as the daemons do."""
    start = reader.pos
    while reader.peek().isascii() and reader.peek().isalnum():
        reader.pos += 1
    word = reader.text[start : reader.pos]
    if not word:
        where = reader.rest()[:12]
        raise FieldError(spec, f"expected a number at {where!r}" if where else "a number is missing")
    if names and spec.names:
        lowered = word.lower()
        if lowered in spec.names:
            return spec.names.index(lowered) + spec.low
    if word.isdigit():
        if len(word) > 4:  # far out of every field's range (and too long for int())
            raise FieldError(spec, f"{word[:12]}… is outside {spec.low}-{spec.high}")
        return int(word)
    if names and spec.names:
        raise FieldError(spec, f"{word!r} is neither a number nor a three-letter {spec.name} name")
    raise FieldError(spec, f"{word!r} is not a number")


def _set(values: set[int], spec: FieldSpec, number: int) -> None:
    if number < spec.low or number > spec.high:
        raise FieldError(spec, f"{number} is outside {spec.low}-{spec.high}")
    values.add(number)


def _stable_pick(low: int, high: int, key: str) -> int:
    """cronie draws a random value; we need the same value on every run, so derive it from the line."""
    digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
    return low + int.from_bytes(digest, "big") % (high - low + 1)


def parse_field(text: str, spec: FieldSpec, flavor: Flavor, key: str = "") -> ParsedField:
    """Read one field token as `flavor`'s daemon does. Raises FieldError when it rejects the line.

    `key` makes cronie's random `~` choice stable (the file and line it came from)."""
    reader = _Reader(text)
    values: set[int] = set()
    reversed_ranges: list[str] = []
    picks: list[RandomPick] = []
    sunday_as_seven = False
    while True:
        term_start = reader.pos
        if reader.peek() == "$" and flavor.name == "vixie" and spec is DAY_OF_MONTH:
            reader.take()
            values.add(LAST_DAY_OF_MONTH)
        elif reader.peek() == "~" and flavor.tilde_random:
            reader.take()
            high = spec.high if not _starts_number(reader) else _number(reader, spec)
            picks.append(_pick(reader, spec, spec.low, high, term_start, key, values))
        elif reader.peek() == "*":
            reader.take()
            _range(reader, spec, flavor, spec.low, spec.high, values, reversed_ranges, text, term_start)
        else:
            first = _number(reader, spec)
            if reader.peek() == "-":
                reader.take()
                last = _number(reader, spec)
                if spec is DAY_OF_WEEK and last == 0 and first > 0 and flavor.dow_zero_high_end_is_seven:
                    last = 7
                    sunday_as_seven = True
                _range(reader, spec, flavor, first, last, values, reversed_ranges, text, term_start)
            elif reader.peek() == "~" and flavor.tilde_random:
                reader.take()
                high = _number(reader, spec) if _starts_number(reader) else spec.high
                picks.append(_pick(reader, spec, first, high, term_start, key, values))
            else:
                if reader.peek() == "/":
                    raise FieldError(
                        spec, f"a step needs a range or `*` ({text!r}); write {first}-{spec.high}/…"
                    )
                _set(values, spec, first)
        if reader.peek() == ",":
            reader.take()
            continue
        break
    junk = reader.rest()
    if junk and flavor.trailing_junk == "rejected":
        raise FieldError(spec, f"unexpected {junk!r} after {text[: reader.pos]!r}")
    if spec is DAY_OF_WEEK and (0 in values or 7 in values):
        values.update((0, 7))  # "make sundays equivalent"
    return ParsedField(
        text=text,
        values=frozenset(values),
        star_first=text.startswith("*"),
        junk=junk,
        reversed_ranges=tuple(reversed_ranges),
        random_picks=tuple(picks),
        sunday_as_seven=sunday_as_seven,
    )


def _starts_number(reader: _Reader) -> bool:
    ch = reader.peek()
    return ch.isascii() and ch.isalnum()


def _pick(
    reader: _Reader, spec: FieldSpec, low: int, high: int, term_start: int, key: str, values: set[int]
) -> RandomPick:
    if low > high:
        raise FieldError(spec, f"random range {reader.text[term_start : reader.pos]!r} is reversed")
    chosen = _stable_pick(low, high, f"{key}|{spec.name}|{reader.text}|{term_start}")
    _set(values, spec, chosen)
    return RandomPick(reader.text[term_start : reader.pos], low, high, chosen)


def _range(
    reader: _Reader,
    spec: FieldSpec,
    flavor: Flavor,
    first: int,
    last: int,
    values: set[int],
    reversed_ranges: list[str],
    text: str,
    term_start: int,
) -> None:
    step = 1
    if reader.peek() == "/":
        reader.take()
        step = _number(reader, spec, names=False)
        if step == 0:
            raise FieldError(spec, "a step of 0")
    if first > last:
        if flavor.reversed_range == "rejected":
            raise FieldError(spec, f"reversed range {text[term_start : reader.pos]!r}")
        reversed_ranges.append(text[term_start : reader.pos])
        return
    for number in range(first, last + 1, step):
        _set(values, spec, number)
