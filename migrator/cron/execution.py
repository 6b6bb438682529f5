"""How a DAG runs the job as cron did: shell, environment, working directory, standard input.

cron runs `$SHELL -c "<command>"` in `$HOME` with a minimal environment (SHELL, PATH, HOME,
LOGNAME, USER plus the crontab's settings) and the `%` data on stdin (cron-facts §1.7, §3.9). The
runner script below does the same on an MWAA worker (bash/ecs) or on the original host over SSH.
Airflow renders every string of these operators with Jinja, so literal text is escaped, and secret
values are replaced by Airflow Variable templates instead of being written into the DAG.
"""

from __future__ import annotations

import hashlib
import re
import shlex
from dataclasses import dataclass

from migrator.cron import facts
from migrator.cron.crontab import Entry
from migrator.masking import is_sensitive_key, mask_urls

_URL_PASSWORD = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.\-]*://)(?P<user>[^:/@\s]*):(?P<pw>[^@/\s]+)@")
_PLACEHOLDER = "\x00SECRET\x00"


def slug(text: str, limit: int = 40) -> str:
    cleaned = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return cleaned[:limit].strip("_") or "job"


def jinja_literal(text: str) -> str:
    """`text` such that Airflow's Jinja rendering gives back exactly `text`.

    Jinja turns every carriage return in a template into a newline, so a CR (a crontab saved with
    CRLF line endings keeps them in commands) is written as the expression `{{ '\\r' }}`."""
    if "\r" in text:
        return _CARRIAGE_RETURN.join(jinja_literal(part) for part in text.split("\r"))
    if not any(opener in text for opener in facts.jinja_openers()):
        return text
    if "endraw" not in text:
        return "{% raw %}" + text + "{% endraw %}"
    return text.replace("{", "{{ '{' }}")


_CARRIAGE_RETURN = "{{ '\\r' }}"


def _variable_template(name: str) -> str:
    return "{{ var.value." + name + " }}"


def _split_keep(text: str, separator: str) -> list[str]:
    """'a<S>b' -> ['a', '<S>', 'b'] (empty parts dropped)."""
    parts: list[str] = []
    for index, part in enumerate(text.split(separator)):
        if index:
            parts.append(separator)
        if part:
            parts.append(part)
    return parts


def _placeholder(index: int) -> str:
    return f"\x00S{index}\x00"


@dataclass(frozen=True, slots=True)
class Execution:
    """The job as cron ran it. Text fields are raw (what the shell must see); secret values are
    placeholders, replaced by Airflow Variable templates in `safe()` and by markers in `expected()`."""

    user: str
    shell: str
    environment: tuple[tuple[str, str], ...]  # sorted by name
    secrets: tuple[tuple[str, str, str], ...]  # (placeholder, what, Airflow Variable name)
    command: str
    stdin: str | None
    emails: tuple[str, ...]
    home_from_crontab: bool

    @property
    def secret_variables(self) -> tuple[tuple[str, str], ...]:
        return tuple((what, variable) for _, what, variable in self.secrets)

    def safe(self, text: str) -> str:
        """`text` as a templated operator field: Jinja-escaped, secrets as `{{ var.value.* }}`."""
        pieces = [text]
        for placeholder, _, _ in self.secrets:
            pieces = [part for piece in pieces for part in _split_keep(piece, placeholder)]
        templates = {placeholder: _variable_template(variable) for placeholder, _, variable in self.secrets}
        return "".join(templates.get(piece) or jinja_literal(piece) for piece in pieces)

    def expected(self, text: str) -> str:
        """What Airflow renders `safe(text)` to when each Variable holds the marker `@@name@@`."""
        for placeholder, _, variable in self.secrets:
            text = text.replace(placeholder, f"@@{variable}@@")
        return text

    def runner(self) -> str:
        """The script BashOperator / the ECS container runs: cd $HOME, then $SHELL -c command."""
        return _runner(f'exec "$SHELL" -c {shlex.quote(self.command)}', self.stdin)

    def ssh_runner(self) -> str:
        """The same on the original host, with cron's environment instead of the login's."""
        assignments = [
            f"{name}={shlex.quote(value)}"
            for name, value in self.environment
            if not (name == "HOME" and not self.home_from_crontab)
        ]
        home = "" if self.home_from_crontab else 'HOME="$HOME" '
        launch = f"exec env -i {home}{' '.join(assignments)} {shlex.quote(self.shell)} -c {shlex.quote(self.command)}"
        return _runner(launch, self.stdin)


def _runner(launch: str, stdin: str | None) -> str:
    """No trailing newline: Airflow's Jinja rendering would drop it (keep_trailing_newline is off)."""
    lines = ['cd "$HOME" || exit 1']
    if stdin is None:
        lines.append(f"{launch} </dev/null")
        return "\n".join(lines)
    delimiter = "CRON_STDIN"
    data_lines = set(stdin.split("\n"))
    counter = 0
    while delimiter in data_lines:
        counter += 1
        delimiter = f"CRON_STDIN_{counter}"
    lines.append(f"{launch} <<'{delimiter}'")
    return "\n".join(lines) + "\n" + stdin + delimiter


def secret_variable(owner: str, what: str) -> str:
    return f"cron_{slug(owner, 30)}_{slug(what, 40)}"


def execution_for(entry: Entry, flavor_name: str, owner_label: str) -> Execution:
    flavor = facts.flavor(flavor_name)
    user = entry.user or owner_label or "cron"
    environment: dict[str, str] = {"SHELL": flavor.default_shell, "PATH": flavor.default_path}
    environment.update(entry.env())
    environment["LOGNAME"] = user  # cron sets these two itself; a crontab cannot override them
    environment["USER"] = user
    secrets: list[tuple[str, str, str]] = []
    raw: dict[str, str] = {}
    for name, value in sorted(environment.items()):
        if value and (is_sensitive_key(name) or mask_urls(value) != value):
            placeholder = _placeholder(len(secrets))
            secrets.append((placeholder, name, secret_variable(owner_label or user, name)))
            raw[name] = placeholder
        else:
            raw[name] = value
    command = entry.split.command
    if mask_urls(command) != command:
        digest = hashlib.blake2b(entry.line.text.encode(), digest_size=3).hexdigest()
        placeholder = _placeholder(len(secrets))
        secrets.append(
            (placeholder, "password in a URL of the command",
             secret_variable(owner_label or user, f"url_password_{digest}"))
        )  # fmt: skip
        command = _URL_PASSWORD.sub(lambda m: f"{m['scheme']}{m['user']}:{placeholder}@", command)
    mailto = environment.get("MAILTO", "")
    emails = tuple(a.strip() for a in mailto.split(",") if a.strip())
    return Execution(
        user=user,
        shell=environment.get("SHELL") or flavor.default_shell,
        environment=tuple(sorted(raw.items())),
        secrets=tuple(secrets),
        command=command,
        stdin=entry.split.stdin,
        emails=emails,
        home_from_crontab="HOME" in entry.env(),
    )


def owner_label(display: str, owner: str) -> str:
    """Who a file's jobs belong to, for names: the spool owner, else the file's name."""
    return owner or display.replace("\\", "/").rsplit("/", 1)[-1]
