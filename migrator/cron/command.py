"""The command field: cron's `%` rule, and what the command needs from the machine it runs on."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from migrator.cron import facts


@dataclass(frozen=True, slots=True)
class SplitCommand:
    """What the daemon runs (`command`, given to `$SHELL -c`) and feeds on stdin (None: nothing)."""

    command: str
    stdin: str | None
    percent_split: bool  # an unescaped % cut the command


def split_percent(raw: str, *, collapse_backslashes: bool) -> SplitCommand:
    """cron-facts §1.7: the first unescaped `%` ends the command; the rest is stdin, with every
    unescaped `%` a newline, `\\%` a percent sign, other backslashes kept, and a final newline added.
    In the command part `\\%` becomes `%`; Debian also turns `\\\\` into `\\`."""
    out: list[str] = []
    escaped = False
    rest: str | None = None
    for index, ch in enumerate(raw):
        if escaped:
            if ch == "%" or (collapse_backslashes and ch == "\\"):
                out[-1] = ch
            else:
                out.append(ch)
            escaped = False
            continue
        if ch == "\\":
            out.append(ch)
            escaped = True
            continue
        if ch == "%":
            rest = raw[index + 1 :]
            break
        out.append(ch)
    command = "".join(out)
    if rest is None:
        return SplitCommand(command, None, False)
    return SplitCommand(command, _stdin_data(rest), True)


def _stdin_data(rest: str) -> str | None:
    data: list[str] = []
    escaped = False
    for ch in rest:
        if escaped:
            if ch != "%":
                data.append("\\")
        elif ch == "%":
            ch = "\n"
        escaped = ch == "\\"
        if not escaped:
            data.append(ch)
    if escaped:
        data.append("\\")
    text = "".join(data)
    if not text:
        return None  # the daemon writes nothing for an empty remainder
    return text if text.endswith("\n") else text + "\n"


# ---------------------------------------------------------------------- what the command touches

_WORD = re.compile(r"[^\s;&|()<>`'\"]+")
_ABSOLUTE = re.compile(r"(?<![\w.:/~$-])(/[A-Za-z0-9._+-]+(?:/[A-Za-z0-9._+@%-]*)*)")
_SHELL_SEPARATORS = {";", "&&", "||", "|", "&", "(", ")", "{", "}", "!", "then", "do", "else", "exec", "nice",
                     "nohup", "sudo", "time", "env", "timeout", "ionice", "xargs", "if", "while"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class CommandTraits:
    host_paths: tuple[str, ...]
    absent_binaries: tuple[str, ...]
    lock_wrapper: str  # "" when none


def _program_words(command: str) -> list[str]:
    """The words in command position (first word of each pipeline stage), best effort."""
    try:
        lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        tokens = list(lexer)
    except ValueError:
        tokens = command.split()
    programs: list[str] = []
    expect = True
    for token in tokens:
        if token in {";", "&&", "||", "|", "&", "(", ")", "{", "}", "!", "then", "do", "else", "if", "while"}:
            expect = True
            continue
        if expect:
            if "=" in token and not token.startswith("="):  # VAR=value prefix
                continue
            if token in _SHELL_SEPARATORS or token.startswith("-"):
                continue
            programs.append(token)
            expect = False
    return programs


def traits(command: str) -> CommandTraits:
    worker = facts.mwaa_worker()
    portable = worker["portable_path_prefixes"]
    paths: list[str] = []
    for match in _ABSOLUTE.finditer(command):
        path = match.group(1)
        if path == "/" or any(path == p.rstrip("/") or path.startswith(p) for p in portable):
            continue
        if path not in paths:
            paths.append(path)
    programs = _program_words(command)
    names = [p.rsplit("/", 1)[-1] for p in programs]
    absent = tuple(dict.fromkeys(n for n in names if n in worker["absent_binaries"]))
    all_words = {w.rsplit("/", 1)[-1] for w in _WORD.findall(command)}
    lock = next((w for w in worker["lock_wrappers"] if w in names or w in all_words), "")
    return CommandTraits(tuple(paths), absent, lock)
