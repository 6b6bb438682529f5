"""requirements*.txt read line by line the way pip reads it, keeping line numbers and raw text.

pip's rules (pip/_internal/req/req_file.py): a line ending in `\\` continues on the next one (a
comment line never does); `#` at the start of a line or after whitespace starts a comment; options
(`-r`, `-c`, `-e`, `--index-url`, ...) take the rest of the line; a requirement may carry per-line
options such as `--hash=...`. Nothing here touches the network or the file system.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from packaging.markers import InvalidMarker, Marker, UndefinedComparison, UndefinedEnvironmentName
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from migrator.findings import Location
from migrator.masking import MASK, mask_urls

if TYPE_CHECKING:
    from migrator.knowledge.versions import TargetVersion

_VCS = re.compile(r"^(git|hg|svn|bzr)\+", re.IGNORECASE)
_EGG = re.compile(r"#egg=([A-Za-z0-9_.\-]+)")
_ARCHIVE = (".whl", ".tar.gz", ".tgz", ".tar.bz2", ".zip")
# user[:password]@ in a URL; a bare token as user name (https://TOKEN@host) is a secret too.
_USERINFO = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.\-]*://)(?P<userinfo>[^/@\s]+)@")
# Options that take an argument, as pip spells them (short and long forms).
_OPTION_ARGUMENT = {
    "-r": "--requirement", "--requirement": "--requirement",
    "-c": "--constraint", "--constraint": "--constraint",
    "-e": "--editable", "--editable": "--editable",
    "-f": "--find-links", "--find-links": "--find-links",
    "-i": "--index-url", "--index-url": "--index-url",
    "--extra-index-url": "--extra-index-url", "--trusted-host": "--trusted-host",
    "--only-binary": "--only-binary", "--no-binary": "--no-binary", "--use-feature": "--use-feature",
    "--global-option": "--global-option", "--config-settings": "--config-settings",
}  # fmt: skip
# Per-requirement options pip allows after the specifier; they are not part of the PEP 508 text.
_PER_REQUIREMENT_OPTION = re.compile(r"\s--(hash|global-option|config-settings|install-option)(=|\s+)\S+")


def mask_requirement_text(text: str) -> str:
    """user:password@ and token@ in URLs become ***; `git@` (an SSH user, never a secret) stays."""
    text = mask_urls(text)

    def repl(match: re.Match[str]) -> str:
        userinfo = match["userinfo"]
        if userinfo == "git" or MASK in userinfo or userinfo.startswith("${"):
            return match.group(0)
        return f"{match['scheme']}{MASK}@"

    return _USERINFO.sub(repl, text)


@dataclass(frozen=True, slots=True)
class RequirementLine:
    """One logical line. kind: requirement | option | vcs | url | path | editable | invalid | comment."""

    line: int
    raw: str
    kind: str
    name: str = ""  # canonical distribution name, when known
    specifier: str = ""
    marker: str = ""
    error: str = ""
    extras: tuple[str, ...] = ()
    option: str = ""  # for options and editables: the long option name, e.g. --requirement
    argument: str = ""  # the option's argument, or the URL / path of a vcs, url, path or editable line
    hashed: bool = False  # carries --hash=... (pip's hash-checking mode)

    @property
    def shown(self) -> str:
        return mask_requirement_text(self.raw)

    @property
    def shown_argument(self) -> str:
        return mask_requirement_text(self.argument)

    @property
    def pinned_version(self) -> str | None:
        spec = self.specifier
        if spec.startswith("===") and "," not in spec:
            return spec[3:]
        if spec.startswith("==") and "," not in spec and "*" not in spec:
            return spec[2:]
        return None

    def applies_to(self, target: TargetVersion) -> bool:
        """Whether pip would install this line on the target's image (Linux, CPython target.python).
        Markers on the machine architecture cannot be decided here and count as applying."""
        if not self.marker or "platform_machine" in self.marker:
            return True
        build = target.python_build if target.python_build.count(".") == 2 else f"{target.python}.0"
        environment = {
            "python_version": target.python, "python_full_version": build,
            "implementation_version": build, "sys_platform": "linux", "platform_system": "Linux",
            "os_name": "posix", "implementation_name": "cpython", "platform_python_implementation": "CPython",
        }  # fmt: skip
        try:
            return Marker(self.marker).evaluate(environment)
        except (InvalidMarker, UndefinedComparison, UndefinedEnvironmentName):
            return True


@dataclass(slots=True)
class RequirementsFile:
    path: str
    lines: list[RequirementLine] = field(default_factory=list)
    # The MWAA Airflow version the run judges against; set by the engine (None: the newest).
    target: TargetVersion | None = None

    def location(self, line: RequirementLine) -> Location:
        return Location(self.path, line.line, 1)

    @property
    def requirements(self) -> list[RequirementLine]:
        return [r for r in self.lines if r.kind == "requirement"]

    @property
    def distributions(self) -> set[str]:
        """Canonical names this file installs by name (requirements, named VCS/URL/editable lines)."""
        return {r.name for r in self.lines if r.name and r.kind != "invalid"}

    def has_constraint_line(self) -> bool:
        # MWAA's image counts any line matching `-c ` or `--constraint `, even commented out
        # (python/mwaa/utils/user_requirements.py, the documented opt-out).
        return any(re.search(r"-c |--constraint ", r.raw) for r in self.lines)

    def includes(self) -> list[RequirementLine]:
        """-r / -c lines (other files pip would read)."""
        return [r for r in self.lines if r.option in {"--requirement", "--constraint"}]


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Join backslash continuations (a comment line never continues); keep the first line's number."""
    out: list[tuple[int, str]] = []
    pending = ""
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not pending:
            start = number
        if raw.endswith("\\") and not raw.lstrip().startswith("#"):
            pending += raw[:-1]
            continue
        out.append((start, pending + raw))
        pending = ""
    if pending:
        out.append((start, pending))
    return out


def _strip_comment(line: str) -> str:
    if line.lstrip().startswith("#"):
        return ""
    return re.split(r"(?:^|\s+)#", line, maxsplit=1)[0].strip()


def parse_requirements(text: str, path: str, target: TargetVersion | None = None) -> RequirementsFile:
    result = RequirementsFile(path, target=target)
    for number, raw in _logical_lines(text.lstrip("\ufeff")):
        body = _strip_comment(raw)
        if not body:
            if raw.strip():
                result.lines.append(RequirementLine(number, raw.strip(), "comment"))
            continue
        result.lines.append(_classify(number, raw.strip(), body))
    return result


def _split_option(body: str) -> tuple[str, str]:
    """('-r', 'base.txt') from '-r base.txt', '-rbase.txt', '--requirement=base.txt'."""
    if body.startswith("--"):
        name, _sep, rest = body.partition("=")
        if " " in name:
            name, rest = name.split(None, 1)
        return name, rest.strip()
    if len(body) > 2 and body[2] not in " \t=":
        return body[:2], body[2:].strip()
    parts = body.split(None, 1)
    return parts[0], (parts[1].strip() if len(parts) > 1 else "")


def _is_local_path(text: str) -> bool:
    if "://" in text and not text.startswith("file:"):
        return False
    return (
        text.startswith((".", "/", "~", "file:", "\\"))
        or re.match(r"^[A-Za-z]:[\\/]", text) is not None
        or text.endswith(_ARCHIVE)
    )


def _classify(number: int, raw: str, body: str) -> RequirementLine:
    if body.startswith("-"):
        name, argument = _split_option(body)
        option = _OPTION_ARGUMENT.get(name, name)
        if option == "--editable":
            egg = _EGG.search(argument)
            return RequirementLine(number, raw, "editable", canonicalize_name(egg[1]) if egg else "",
                                   option=option, argument=argument)  # fmt: skip
        return RequirementLine(number, raw, "option", option=option, argument=argument)
    hashed = "--hash" in body
    body = _PER_REQUIREMENT_OPTION.sub("", f" {body}").strip()
    if _VCS.match(body):
        egg = _EGG.search(body)
        return RequirementLine(number, raw, "vcs", canonicalize_name(egg[1]) if egg else "", argument=body)
    if _is_local_path(body.split(";", 1)[0].strip()):
        return RequirementLine(number, raw, "path", argument=body)
    if re.match(r"^[a-z]+://", body, re.IGNORECASE):
        egg = _EGG.search(body)
        return RequirementLine(number, raw, "url", canonicalize_name(egg[1]) if egg else "", argument=body)
    try:
        req = Requirement(body)
    except InvalidRequirement as exc:
        return RequirementLine(number, raw, "invalid", error=str(exc).splitlines()[0])
    name = canonicalize_name(req.name)
    extras = tuple(sorted(canonicalize_name(e) for e in req.extras))
    marker = str(req.marker or "")
    if req.url:
        kind = "vcs" if _VCS.match(req.url) else "path" if req.url.startswith("file:") else "url"
        return RequirementLine(number, raw, kind, name, marker=marker, extras=extras, argument=req.url)
    return RequirementLine(number, raw, "requirement", name, str(req.specifier), marker, extras=extras,
                           hashed=hashed)  # fmt: skip
