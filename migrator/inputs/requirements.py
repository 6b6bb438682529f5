"""requirements*.txt read line by line the way pip reads it, keeping line numbers and raw text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from migrator.findings import Location
from migrator.masking import mask_urls

_VCS = re.compile(r"^(git|hg|svn|bzr)\+", re.IGNORECASE)
_EGG = re.compile(r"#egg=([A-Za-z0-9_.\-]+)")


@dataclass(frozen=True, slots=True)
class RequirementLine:
    """One logical line. kind: requirement | option | vcs | url | path | editable | invalid."""

    line: int
    raw: str
    kind: str
    name: str = ""  # canonical distribution name, when known
    specifier: str = ""
    marker: str = ""
    error: str = ""

    @property
    def shown(self) -> str:
        return mask_urls(self.raw)

    @property
    def pinned_version(self) -> str | None:
        spec = self.specifier
        if spec.startswith("==") and "," not in spec and "*" not in spec:
            return spec[2:]
        return None


@dataclass(slots=True)
class RequirementsFile:
    path: str
    lines: list[RequirementLine] = field(default_factory=list)

    def location(self, line: RequirementLine) -> Location:
        return Location(self.path, line.line, 1)

    @property
    def requirements(self) -> list[RequirementLine]:
        return [r for r in self.lines if r.kind == "requirement"]

    def has_constraint_line(self) -> bool:
        # MWAA's image counts any line matching `-c ` or `--constraint `, even commented out.
        return any(re.search(r"-c |--constraint", r.raw) for r in self.lines)


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Join backslash continuations; strip comments the way pip does (` #` or a leading `#`)."""
    out: list[tuple[int, str]] = []
    pending = ""
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not pending:
            start = number
        if raw.endswith("\\"):
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
    return re.split(r"\s+#", line, maxsplit=1)[0].strip()


def parse_requirements(text: str, path: str) -> RequirementsFile:
    result = RequirementsFile(path)
    for number, raw in _logical_lines(text):
        body = _strip_comment(raw)
        if not body:
            if raw.strip():
                result.lines.append(RequirementLine(number, raw.strip(), "comment"))
            continue
        result.lines.append(_classify(number, raw.strip(), body))
    return result


def _classify(number: int, raw: str, body: str) -> RequirementLine:
    if body.startswith(("-e ", "--editable")):
        target = body.split(None, 1)[1] if " " in body else ""
        egg = _EGG.search(target)
        return RequirementLine(number, raw, "editable", canonicalize_name(egg[1]) if egg else "")
    if body.startswith("-"):
        return RequirementLine(number, raw, "option")
    if _VCS.match(body):
        egg = _EGG.search(body)
        return RequirementLine(number, raw, "vcs", canonicalize_name(egg[1]) if egg else "")
    if body.startswith((".", "/", "~", "file:")) or body.endswith((".whl", ".tar.gz", ".zip")) and "://" not in body:
        return RequirementLine(number, raw, "path")
    try:
        req = Requirement(body)
    except InvalidRequirement as exc:
        return RequirementLine(number, raw, "invalid", error=str(exc).splitlines()[0])
    name = canonicalize_name(req.name)
    if req.url:
        kind = "vcs" if _VCS.match(req.url) else "path" if req.url.startswith("file:") else "url"
        return RequirementLine(number, raw, kind, name)
    return RequirementLine(number, raw, "requirement", name, str(req.specifier), str(req.marker or ""))
