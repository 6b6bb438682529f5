"""Stable, valid dag_ids: from the file and the line's content, never from the line's position.

`cron_<file>_<what the command runs>_<hash>`: the hash covers the file's last two path parts and
the line's text, so re-running the converter, moving lines around or adding lines elsewhere keeps
every id; identical lines in one file get `_2`, `_3` in file order.
"""

from __future__ import annotations

import hashlib
import shlex
from pathlib import PurePosixPath

from migrator.cron.execution import slug

_WRAPPERS = frozenset(
    {"cd", "test", "[", "exec", "nice", "ionice", "nohup", "timeout", "sudo", "env", "flock", "lockrun",
     "run-one", "setlock", "solo", "time", "chronic", "xargs", "if", "then", "do", "true", "false", "sleep",
     "source", ".", "export", "set", "cron", "run-parts"}
)  # fmt: skip
_INTERPRETERS = frozenset(
    {"python", "python2", "python3", "bash", "sh", "zsh", "perl", "php", "ruby", "node", "java"}
)
_SCRIPT_EXTENSIONS = frozenset({"sh", "bash", "py", "pl", "rb", "php", "js", "jar", "ksh", "zsh"})
_SEPARATORS = frozenset({";", "&&", "||", "|", "&", "(", ")", "{", "}", "!"})


def command_head(command: str) -> str:
    """A short name for what a command runs: its first real program, or the script an interpreter runs."""
    try:
        lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        tokens = list(lexer)
    except ValueError:
        tokens = command.split()
    skip_next_argument = False
    interpreter = ""
    for token in tokens:
        if token in _SEPARATORS or token.startswith("-") or token.startswith(">") or token.startswith("<"):
            continue
        if "=" in token.split("/", 1)[0]:
            continue
        name = PurePosixPath(token).name
        if skip_next_argument:
            skip_next_argument = False
            continue
        if name in ("flock", "timeout", "lockrun", "setlock"):
            skip_next_argument = True  # their first argument is a lock file or a duration
            continue
        if name in _WRAPPERS or name.startswith("$"):
            continue
        if name in _INTERPRETERS and not interpreter:
            interpreter = name
            continue
        stem, dot, extension = name.rpartition(".")
        stem = stem if dot and extension in _SCRIPT_EXTENSIONS else name
        if stem:
            return slug(stem, 30)
    return slug(interpreter, 30) if interpreter else "job"


def file_label(display: str) -> str:
    path = PurePosixPath(display.replace("\\", "/"))
    if path.parent.name.startswith("cron.") and path.parent.name != "cron.d":
        return slug(path.parent.name.removeprefix("cron."), 30)  # run-parts: the script name follows
    name = path.name
    for suffix in (".crontab", ".cron", ".txt"):
        name = name.removesuffix(suffix)
    return slug(name, 30)


def dag_id_for(display: str, line_text: str, command: str, taken: set[str]) -> str:
    tail = "/".join(PurePosixPath(display.replace("\\", "/")).parts[-2:])
    digest = hashlib.blake2b(f"{tail}\n{line_text}".encode(), digest_size=3).hexdigest()
    base = f"cron_{file_label(display)}_{command_head(command)}_{digest}"
    candidate, counter = base, 1
    while candidate in taken:
        counter += 1
        candidate = f"{base}_{counter}"
    taken.add(candidate)
    return candidate
