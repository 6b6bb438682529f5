"""Reads the planted-problem markers of a sample deployment under fixtures/ (syntax: fixtures/README.md).

A marker says "assess must report this rule code at this line". Inline markers live in comments of
the fixture files themselves, so they move with the line they describe:

    from airflow.contrib.operators.ssh_operator import SSHOperator  # expect: MWAA101
    bash_command="rsync -az /data/x/ backup:/x/",  # expect: MWAA501,MWAA502
    "sla": timedelta(hours=2),  # expect[3.x]: MWAA209
    from airflow.datasets import Dataset  # expect[3.0,3.1]: MWAA106; expect[>=3.2]: MWAA104

    # expect-next: MWAA601          (airflow.cfg, env files, crontabs: the next non-comment line)
    executor = KubernetesExecutor

    # expect-file: MWAA901          (about the whole file: the finding has line 0)

`--` starts the comment in .sql files. Findings on lines that cannot carry a comment go to
`<fixture>/expected-findings.txt`, one `relative/path:line [selector] CODES` row each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

EXPECTED_FINDINGS_FILE = "expected-findings.txt"
_NOT_SCANNED = {EXPECTED_FINDINGS_FILE, "README.md"}

_CODE = r"MWAA\d{3,4}"
_CODES = rf"{_CODE}(?:\s*[,|]\s*{_CODE})*"
# One clause: expect / expect-next / expect-file, an optional [target selector], a colon, the codes.
_CLAUSE = re.compile(
    rf"^expect(?P<kind>-next|-file)?(?:\[(?P<selector>[^\]]*)\])?:\s*(?P<codes>{_CODES})\s*$"
)
# Where a marker comment starts on a line: `#` (Python, cfg, env, requirements, crontab) or `--` (SQL).
_COMMENT_START = re.compile(r"(?:#|--)\s*(?=expect\b)")
_ROW = re.compile(rf"^(?P<path>\S+):(?P<line>\d+)\s+(?:\[(?P<selector>[^\]]*)\]\s+)?(?P<codes>{_CODES})\s*$")
_SELECTOR_ITEM = re.compile(r"^(?P<op>>=|<=|>|<|==)?\s*(?P<version>\d+(?:\.\d+)*)(?:\.x)?$")
_COMMENT_LINE = re.compile(r"^\s*(?:#|;|--)")


class MarkerSyntaxError(ValueError):
    """A comment that looks like a marker but does not follow the syntax (a typo would hide a check)."""


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


@dataclass(frozen=True, slots=True)
class TargetSelector:
    """Which target Airflow versions a marker applies to. Empty: every version the fixture is run with.

    Items are OR-ed: `3.x` / `3` (major), `3.0` (prefix), `2.10.3` (exact), `>=3.2`, `<3.2`, ...
    """

    text: str = ""

    def __post_init__(self) -> None:
        for item in self.items:
            if not _SELECTOR_ITEM.match(item):
                raise MarkerSyntaxError(f"bad target selector item {item!r} in [{self.text}]")

    @property
    def items(self) -> list[str]:
        return [item.strip() for item in self.text.split(",") if item.strip()]

    def matches(self, target: str) -> bool:
        if not self.items:
            return True
        return any(self._item_matches(item, _version(target)) for item in self.items)

    @staticmethod
    def _item_matches(item: str, target: tuple[int, ...]) -> bool:
        match = _SELECTOR_ITEM.match(item)
        assert match is not None
        wanted = _version(match["version"])
        op = match["op"]
        if op is None or op == "==":
            return target[: len(wanted)] == wanted
        padded = (
            target[: len(wanted)]
            if len(target) >= len(wanted)
            else target + (0,) * (len(wanted) - len(target))
        )
        return {
            ">=": padded >= wanted,
            ">": padded > wanted,
            "<=": padded <= wanted,
            "<": padded < wanted,
        }[op]


@dataclass(frozen=True, slots=True)
class Marker:
    """`path` (relative to the fixture root, POSIX) at `line` (0: the whole file) must get one of `codes`.

    Several codes separated by `,` in a marker are several markers; `|` makes alternatives of one
    marker (either code satisfies it)."""

    path: str
    line: int
    codes: tuple[str, ...]
    selector: TargetSelector
    written_at: str  # where the marker itself is, for messages: "dags/x.py:12" or "expected-findings.txt:3"

    @property
    def label(self) -> str:
        return "|".join(self.codes)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def applies_to(self, target: str) -> bool:
        return self.selector.matches(target)

    def __str__(self) -> str:
        qualifier = f" [{self.selector.text}]" if self.selector.text else ""
        return f"{self.where} {self.label}{qualifier}"


def _split_codes(codes: str) -> list[tuple[str, ...]]:
    """'MWAA501,MWAA502' -> two markers; 'MWAA104|MWAA107' -> one marker with two alternatives."""
    return [tuple(alt.strip() for alt in group.split("|")) for group in codes.split(",")]


def _clauses(comment: str, where: str) -> Iterator[re.Match[str]]:
    for clause in comment.split(";"):
        clause = clause.strip()
        match = _CLAUSE.match(clause)
        if match is None:
            raise MarkerSyntaxError(f"{where}: malformed marker {clause!r} (see fixtures/README.md)")
        yield match


def _next_content_line(lines: list[str], index: int) -> int:
    for later in range(index + 1, len(lines)):
        text = lines[later]
        if text.strip() and not _COMMENT_LINE.match(text):
            return later + 1
    raise MarkerSyntaxError(f"expect-next at line {index + 1} has no following content line")


def markers_in_file(root: Path, path: Path) -> list[Marker]:
    relative = path.relative_to(root).as_posix()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (UnicodeDecodeError, OSError):
        return []  # binary or unreadable fixture files carry their markers in expected-findings.txt
    found: list[Marker] = []
    for index, text in enumerate(lines):
        start = _COMMENT_START.search(text)
        if start is None:
            continue
        where = f"{relative}:{index + 1}"
        for clause in _clauses(text[start.end() :], where):
            kind = clause["kind"]
            if kind == "-next":
                line = _next_content_line(lines, index)
            elif kind == "-file":
                line = 0
            else:
                line = index + 1
            selector = TargetSelector(clause["selector"] or "")
            for codes in _split_codes(clause["codes"]):
                found.append(Marker(relative, line, codes, selector, where))
    return found


def markers_in_expected_file(root: Path) -> list[Marker]:
    table = root / EXPECTED_FINDINGS_FILE
    if not table.is_file():
        return []
    found: list[Marker] = []
    for number, raw in enumerate(table.read_text(encoding="utf-8").splitlines(), start=1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        where = f"{EXPECTED_FINDINGS_FILE}:{number}"
        row = _ROW.match(text)
        if row is None:
            raise MarkerSyntaxError(f"{where}: expected `relative/path:line [selector] CODES`, got {text!r}")
        if not (root / row["path"]).exists():
            raise MarkerSyntaxError(f"{where}: {row['path']} does not exist in {root.name}")
        selector = TargetSelector(row["selector"] or "")
        for codes in _split_codes(row["codes"]):
            found.append(Marker(row["path"], int(row["line"]), codes, selector, where))
    return found


def _fixture_files(root: Path) -> Iterable[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.name not in _NOT_SCANNED:
            yield path


def collect_markers(root: Path) -> list[Marker]:
    """Every marker of the deployment under `root`, in file then line order."""
    markers: list[Marker] = []
    for path in _fixture_files(root):
        markers.extend(markers_in_file(root, path))
    markers.extend(markers_in_expected_file(root))
    return sorted(markers, key=lambda m: (m.path, m.line, m.codes))


def markers_for_target(root: Path, target: str) -> list[Marker]:
    return [m for m in collect_markers(root) if m.applies_to(target)]
