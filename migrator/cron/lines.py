"""One crontab line, classified and parsed the way the daemon reads it (cron-facts §1.2-1.7).

The daemon first tries `load_env()` (NAME=VALUE with optional quotes); only if that fails does it
try `load_entry()` (a job). There are no trailing comments: a `#` after a job or a value is part of
it. In system crontabs (/etc/crontab, /etc/cron.d/*) a user name follows the time fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from migrator.cron import facts
from migrator.cron.facts import Flavor
from migrator.cron.fields import FIELDS, FieldError, ParsedField, parse_field

BLANKS = " \t"


@dataclass(frozen=True, slots=True)
class EnvSetting:
    name: str
    value: str
    quoted: bool


@dataclass(frozen=True, slots=True)
class JobLine:
    """A job as the daemon stores it: fields (or a keyword), user, options and the raw command."""

    fields: tuple[ParsedField, ...]  # minute, hour, day-of-month, month, day-of-week
    keyword: str  # "" or e.g. "daily", "reboot"
    star_flags: frozenset[str]  # MIN_STAR, HR_STAR, DOM_STAR, DOW_STAR
    user: str  # "" in user crontabs
    command: str  # everything after the fields/user/options, leading blanks removed
    options: tuple[str, ...] = ()  # cronie "-n", Vixie "-q"
    no_log: bool = False  # cronie leading "-"

    @property
    def is_reboot(self) -> bool:
        return self.keyword == "reboot"

    @property
    def time_text(self) -> str:
        return f"@{self.keyword}" if self.keyword else " ".join(f.text for f in self.fields)


@dataclass(frozen=True, slots=True)
class Line:
    number: int
    text: str  # without its newline
    kind: str  # blank | comment | env | job | invalid
    env: EnvSetting | None = None
    job: JobLine | None = None
    error: str = ""  # why the daemon rejects it (kind == invalid)
    no_newline: bool = False


# ---------------------------------------------------------------------- env lines


def parse_env(text: str) -> EnvSetting | None:
    """load_env(): NAME = VALUE, each side optionally quoted; None when the line is not a setting."""
    name: list[str] = []
    value: list[str] = []
    target = name
    state = "name-start"
    quote = ""
    quoted_value = False
    index = 0
    while index < len(text) and state != "error":
        ch = text[index]
        if state in ("name-start", "value-start"):
            if ch in "'\"":
                quote = ch
                quoted_value = state == "value-start"
                index += 1
            state = "name" if state == "name-start" else "value"
            continue
        if state in ("name", "value"):
            if quote:
                if ch == quote:
                    state = "eq1" if state == "name" else "done"
                    index += 1
                    continue
                if state == "name" and ch == "=":
                    state = "error"
                    continue
            elif state == "name":
                if ch in BLANKS or ch.isspace():
                    state = "eq1"
                    index += 1
                    continue
                if ch == "=":
                    state = "eq1"
                    continue
            target.append(ch)
            index += 1
        elif state == "eq1":
            if ch == "=":
                state = "eq2"
                target = value
                quote = ""
            elif not ch.isspace():
                state = "error"
            index += 1
        elif state in ("eq2", "done"):
            if ch.isspace():
                index += 1
            else:
                state = "value-start" if state == "eq2" else "error"
    if state == "value-start":  # the line ended right after "=" and blanks
        state = "eq2"
    if not (state == "done" or (state == "value" and not quote)):
        return None
    result = "".join(value)
    if state == "value":
        result = result.rstrip()
    return EnvSetting("".join(name), result, quoted_value)


# ---------------------------------------------------------------------- job lines


class _LineError(Exception):
    pass


def _take_word(text: str, pos: int) -> tuple[str, int]:
    end = pos
    while end < len(text) and text[end] not in BLANKS:
        end += 1
    return text[pos:end], end


def _skip_blanks(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in BLANKS:
        pos += 1
    return pos


def parse_job(text: str, *, system: bool, flavor: Flavor, key: str) -> JobLine:
    """load_entry(). Raises _LineError with the daemon's reason when it rejects the line."""
    pos = _skip_blanks(text, 0)
    no_log = False
    if flavor.leading_dash_no_log and text[pos : pos + 1] == "-":
        no_log = True
        pos += 1
    keyword = ""
    flags: set[str] = set()
    parsed: list[ParsedField] = []
    if text[pos : pos + 1] == "@":
        word, pos = _take_word(text, pos + 1)
        known = facts.keywords()
        if word != "reboot" and word not in known:
            raise _LineError(f"bad time specifier: @{word} is not a cron keyword")
        keyword = word
        template = known["daily"] if word == "reboot" else known[word]
        parsed = [
            parse_field(t, spec, flavor) for t, spec in zip(template.fields.split(), FIELDS, strict=True)
        ]
        flags = set(template.flags) if word != "reboot" else set()
        pos = _skip_blanks(text, pos)
        if pos >= len(text):
            raise _LineError(f"bad command: nothing follows @{word}")
    else:
        for spec in FIELDS:
            if pos >= len(text):
                raise _LineError(f"bad {spec.name}: the line ends before the {spec.name} field")
            word, pos = _take_word(text, pos)
            try:
                field = parse_field(word, spec, flavor, key)
            except FieldError as exc:
                raise _LineError(str(exc)) from None
            parsed.append(field)
            if field.star_first and spec.star_flag:
                flags.add(spec.star_flag)
            pos = _skip_blanks(text, pos)
        if pos >= len(text):
            raise _LineError("bad command: the line has time fields but no command")
        if text[pos] == "*":
            raise _LineError("bad command: a sixth time field (cron has five; `*` cannot start a command)")
    user = ""
    if system:
        user, pos = _take_word(text, pos)
        pos = _skip_blanks(text, pos)
        if pos >= len(text):
            raise _LineError(f"bad command: nothing follows the user name {user!r}")
    options: list[str] = []
    while flavor.command_options and text[pos : pos + 1] == "-":
        option = text[pos + 1 : pos + 2]
        if option not in flavor.command_options:
            allowed = ", ".join("-" + o for o in flavor.command_options)
            raise _LineError(
                f"bad option: -{option} before the command ({flavor.title} knows only {allowed})"
            )
        if pos + 2 >= len(text) or text[pos + 2] not in BLANKS:
            raise _LineError(f"bad option: -{option} must be followed by a blank and the command")
        if option in options:
            raise _LineError(f"bad option: -{option} given twice")
        options.append(option)
        pos = _skip_blanks(text, pos + 2)
        if pos >= len(text):
            raise _LineError("bad command: nothing follows the options")
    return JobLine(
        fields=tuple(parsed),
        keyword=keyword,
        star_flags=frozenset(flags),
        user=user,
        command=text[pos:],
        options=tuple(options),
        no_log=no_log,
    )


def classify(number: int, text: str, *, system: bool, flavor: Flavor, key: str, no_newline: bool) -> Line:
    stripped = text.lstrip(BLANKS)
    if not stripped:
        return Line(number, text, "blank", no_newline=no_newline)
    if stripped.startswith("#"):
        return Line(number, text, "comment", no_newline=no_newline)
    if no_newline:
        return Line(
            number, text, "invalid",
            error="no newline at the end of the file: cron ignores an unterminated last line",
            no_newline=True,
        )  # fmt: skip
    env = parse_env(stripped)
    if env is not None:
        return Line(number, text, "env", env=env)
    try:
        job = parse_job(text, system=system, flavor=flavor, key=key)
    except _LineError as exc:
        return Line(number, text, "invalid", error=str(exc))
    return Line(number, text, "job", job=job)
