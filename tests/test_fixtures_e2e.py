"""The sample deployments under fixtures/, assessed by the real CLI as a user runs it from the repo root.

Every planted problem is marked in the fixture files (syntax: fixtures/README.md; parser:
tests/fixture_markers.py). These tests check that `assess` reports each marker at its file:line in
all four formats, with the documented exit codes, without leaking the fixtures' fake secrets and
without touching the analysed folder. Findings that no marker predicted are not failures (the
fixtures are realistic, rules may legitimately see more), but they are listed in a warning so that
a new rule's noise or a missing marker gets looked at.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import subprocess
import sys
import warnings
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from tests.fixture_markers import Marker, MarkerSyntaxError, collect_markers, markers_for_target

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
LEGACY = "legacy-airflow-1.10"
MODERN = "airflow-2.x"
# Which targets each fixture is judged against (fixtures/README.md says the same).
RUNS = [(LEGACY, "3.0.6"), (LEGACY, "3.3.1"), (MODERN, "3.0.6"), (MODERN, "2.10.3")]
FORMATS = ("json", "sarif", "md", "html")
# Every fake credential in the fixtures contains this; none may reach a report.
SECRET_CANARY = "FAKE-not-a-real-secret"


@dataclass
class AssessRun:
    fixture: str
    target: str
    fail_on: str
    exit_code: int
    stdout: str
    stderr: str
    out: Path

    @property
    def prefix(self) -> str:
        """Display paths in the reports: relative to the repo root, where the user ran the command."""
        return f"fixtures/{self.fixture}/"

    def text(self, fmt: str) -> str:
        return (self.out / f"report.{fmt}").read_text(encoding="utf-8")

    def json(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.text("json"))
        return data

    def sarif(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.text("sarif"))
        return data


def _tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _assess(fixture: str, target: str, out: Path, fail_on: str = "blocker") -> AssessRun:
    command = [
        sys.executable, "-m", "migrator", "assess", f"fixtures/{fixture}",
        "--target-airflow", target, "--out", str(out), "--fail-on", fail_on, "--no-cache",
    ]  # fmt: skip
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    return AssessRun(fixture, target, fail_on, done.returncode, done.stdout, done.stderr, out)


_runs: dict[tuple[str, str, str], AssessRun] = {}


def run_assess(
    tmp_path_factory: pytest.TempPathFactory, fixture: str, target: str, fail_on: str = "blocker"
) -> AssessRun:
    """Each (fixture, target, fail_on) is assessed once per test session, then shared."""
    key = (fixture, target, fail_on)
    if key not in _runs:
        out = tmp_path_factory.mktemp(f"report-{fixture}-{target}-{fail_on}")
        _runs[key] = _assess(fixture, target, out, fail_on)
    run = _runs[key]
    assert run.exit_code in (0, 1), (
        f"assess crashed or refused (exit {run.exit_code}):\n{run.stdout}\n{run.stderr}"
    )
    return run


@pytest.fixture(params=RUNS, ids=[f"{f}@{t}" for f, t in RUNS])
def assessed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[AssessRun, list[Marker]]:
    fixture, target = request.param
    markers = markers_for_target(FIXTURES / fixture, target)
    return run_assess(tmp_path_factory, fixture, target), markers


# --------------------------------------------------------------------------- helpers


def _missing_by_code(missing: Iterable[Marker]) -> str:
    grouped: dict[str, list[str]] = defaultdict(list)
    for marker in missing:
        grouped[marker.label].append(marker.where)
    lines = [f"  {code} ({len(wheres)}): {', '.join(wheres)}" for code, wheres in sorted(grouped.items())]
    return "\n".join(lines)


def _fail_if_missing(run: AssessRun, fmt: str, missing: list[Marker], total: int) -> None:
    if missing:
        pytest.fail(
            f"{len(missing)} of {total} markers not found in report.{fmt} "
            f"({run.fixture} @ {run.target}), by code:\n{_missing_by_code(missing)}",
            pytrace=False,
        )


def _json_index(run: AssessRun) -> set[tuple[str, int, str]]:
    return {(f["path"], f["line"] or 0, f["code"]) for f in run.json()["findings"]}


def _found(index: set[tuple[str, int, str]], run: AssessRun, marker: Marker) -> bool:
    return any((run.prefix + marker.path, marker.line, code) in index for code in marker.codes)


def _sarif_index(run: AssessRun) -> set[tuple[str, int, str]]:
    index = set()
    log = run.sarif()
    for sarif_run in log["runs"]:
        for result in sarif_run.get("results", []):
            for location in result.get("locations", []):
                physical = location.get("physicalLocation", {})
                uri = physical.get("artifactLocation", {}).get("uri", "")
                path = unquote(urlsplit(uri).path) if uri.startswith("file:") else unquote(uri)
                line = physical.get("region", {}).get("startLine", 0)
                index.add((path, line, result["ruleId"]))
    return index


def _sarif_found(index: set[tuple[str, int, str]], run: AssessRun, marker: Marker) -> bool:
    """SARIF URIs may be relative to a uriBaseId or absolute file: URIs; compare by path suffix."""
    wanted = run.prefix + marker.path
    return any(
        code in marker.codes and line == marker.line and (path == wanted or path.endswith("/" + wanted))
        for path, line, code in index
    )


def _located(text: str, run: AssessRun, marker: Marker) -> bool:
    """`path:line` in a text report (not followed by another digit, so :1 does not match :12)."""
    where = run.prefix + marker.path
    if marker.line:
        return re.search(re.escape(f"{where}:{marker.line}") + r"(?!\d)", text) is not None
    return where in text


def _mentions(text: str, code: str) -> bool:
    return re.search(rf"\b{code}\b", text) is not None


def _severity_of(run: AssessRun, marker: Marker) -> str | None:
    for finding in run.json()["findings"]:
        same_place = finding["path"] == run.prefix + marker.path and (finding["line"] or 0) == marker.line
        if same_place and finding["code"] in marker.codes:
            return str(finding["severity"])
    return None


# --------------------------------------------------------------------------- the fixtures themselves


def test_marker_syntax(tmp_path: Path) -> None:
    """The parser the fixtures rely on: a wrong line here would silently move every check."""
    (tmp_path / "dags").mkdir()
    (tmp_path / "dags" / "a.py").write_text(
        "import os\n"
        "x = 1  # expect: MWAA101,MWAA104|MWAA107\n"
        "y = '# not a marker'  # expect[3.x]: MWAA205; expect[>=3.2,2.10.3]: MWAA106\n"
        "# expected output: a normal comment, not a marker\n"
    )
    (tmp_path / "airflow.cfg").write_text("[core]\n# expect-next: MWAA601\n\n# why\nexecutor = K\n")
    (tmp_path / "q.sql").write_text("-- expect-file: MWAA999\nSELECT '{{ prev_ds }}'  -- expect: MWAA206\n")
    (tmp_path / "expected-findings.txt").write_text("# rows\ndags/a.py:1 [2.x] MWAA001\n")
    found = {(str(m), m.written_at) for m in collect_markers(tmp_path)}
    assert found == {
        ("airflow.cfg:5 MWAA601", "airflow.cfg:2"),
        ("dags/a.py:1 MWAA001 [2.x]", "expected-findings.txt:2"),
        ("dags/a.py:2 MWAA101", "dags/a.py:2"),
        ("dags/a.py:2 MWAA104|MWAA107", "dags/a.py:2"),
        ("dags/a.py:3 MWAA205 [3.x]", "dags/a.py:3"),
        ("dags/a.py:3 MWAA106 [>=3.2,2.10.3]", "dags/a.py:3"),
        ("q.sql MWAA999", "q.sql:1"),
        ("q.sql:2 MWAA206", "q.sql:2"),
    }
    by_target = {
        t: sorted(str(m) for m in markers_for_target(tmp_path, t)) for t in ("2.10.3", "3.0.6", "3.3.1")
    }
    assert "dags/a.py:3 MWAA106 [>=3.2,2.10.3]" in by_target["2.10.3"]
    assert "dags/a.py:3 MWAA106 [>=3.2,2.10.3]" not in by_target["3.0.6"]
    assert "dags/a.py:3 MWAA106 [>=3.2,2.10.3]" in by_target["3.3.1"]
    assert "dags/a.py:3 MWAA205 [3.x]" not in by_target["2.10.3"]
    assert "dags/a.py:1 MWAA001 [2.x]" in by_target["2.10.3"]
    (tmp_path / "bad.py").write_text("x = 1  # expect MWAA101\n")
    with pytest.raises(MarkerSyntaxError):
        collect_markers(tmp_path)


@pytest.mark.parametrize("fixture", [LEGACY, MODERN])
def test_fixture_markers_parse_and_point_at_real_lines(fixture: str) -> None:
    root = FIXTURES / fixture
    markers = collect_markers(root)  # raises MarkerSyntaxError on a malformed marker
    assert len(markers) >= 40, "the fixture lost its planted problems"
    for marker in markers:
        path = root / marker.path
        assert path.is_file(), marker
        if marker.line:
            assert marker.line <= len(path.read_bytes().splitlines()), marker


@pytest.mark.parametrize("fixture", [LEGACY, MODERN])
def test_every_python_file_is_python3_except_the_marked_python2_leftover(fixture: str) -> None:
    """Issue 3 loads the converted fixtures in real Airflow: only the deliberate py2 file may not parse."""
    root = FIXTURES / fixture
    unparsable_on_purpose = {m.path for m in collect_markers(root) if {"MWAA001", "MWAA002"} & set(m.codes)}
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        source = path.read_text(encoding="utf-8")
        if relative in unparsable_on_purpose:
            with pytest.raises(SyntaxError):
                ast.parse(source)
        else:
            ast.parse(source, filename=relative)


# --------------------------------------------------------------------------- exit codes


def test_legacy_fixture_exits_1_on_blockers_and_0_with_fail_on_never(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    blocked = run_assess(tmp_path_factory, LEGACY, "3.0.6", "blocker")
    assert blocked.exit_code == 1, blocked.stdout + blocked.stderr
    assert "blockers" in blocked.stdout
    never = run_assess(tmp_path_factory, LEGACY, "3.0.6", "never")
    assert never.exit_code == 0, never.stdout + never.stderr
    assert "Traceback" not in blocked.stderr + never.stderr


def test_same_input_gives_the_same_report_bytes(tmp_path_factory: pytest.TempPathFactory) -> None:
    """--fail-on changes only the exit code, so the two legacy runs must write identical reports."""
    first = run_assess(tmp_path_factory, LEGACY, "3.0.6", "blocker")
    second = run_assess(tmp_path_factory, LEGACY, "3.0.6", "never")
    for fmt in FORMATS:
        assert first.text(fmt) == second.text(fmt), f"report.{fmt} differs between two runs on the same input"


# --------------------------------------------------------------------------- every marker, every format


def test_every_marker_is_in_report_json(assessed: tuple[AssessRun, list[Marker]]) -> None:
    run, markers = assessed
    index = _json_index(run)
    _fail_if_missing(run, "json", [m for m in markers if not _found(index, run, m)], len(markers))


def _reported(run: AssessRun, markers: list[Marker]) -> list[Marker]:
    """The markers report.json has. The text formats are checked against these only, so that a rule
    not written yet fails the JSON test once instead of every format's test."""
    index = _json_index(run)
    return [m for m in markers if _found(index, run, m)]


def test_every_reported_marker_is_in_report_sarif(assessed: tuple[AssessRun, list[Marker]]) -> None:
    run, markers = assessed
    index = _sarif_index(run)
    reported = _reported(run, markers)
    _fail_if_missing(run, "sarif", [m for m in reported if not _sarif_found(index, run, m)], len(reported))


def test_every_reported_marker_is_linked_in_report_html(assessed: tuple[AssessRun, list[Marker]]) -> None:
    run, markers = assessed
    html = run.text("html")
    reported = _reported(run, markers)
    missing = [
        m
        for m in reported
        if not _located(html, run, m) or (not m.line and not any(_mentions(html, c) for c in m.codes))
    ]
    _fail_if_missing(run, "html", missing, len(reported))


def _md_blocker_section(markdown: str, code: str) -> str | None:
    start = markdown.find(f"**{code}**")
    if start < 0:
        return None
    end = min(
        (i for i in (markdown.find("\n**MWAA", start + 1), markdown.find("\n### ", start + 1)) if i >= 0),
        default=len(markdown),
    )
    return markdown[start:end]


def test_report_md_lists_reported_blockers_at_their_lines_and_names_every_other_rule(
    assessed: tuple[AssessRun, list[Marker]],
) -> None:
    """report.md is capped for PR comments: each blocker marker must be listed at its path:line, or its
    rule's group must say how many more there are; non-blocker rules appear as one row per rule."""
    run, markers = assessed
    markdown = run.text("md")
    reported = _reported(run, markers)
    missing = []
    for marker in reported:
        severity = _severity_of(run, marker)
        if severity == "blocker":
            if _located(markdown, run, marker):
                continue
            section = next(
                (s for s in map(lambda c: _md_blocker_section(markdown, c), marker.codes) if s), None
            )
            if section is not None and re.search(r"^- and \d+ more$", section, re.MULTILINE):
                continue
            if section is None and "more blockers from" in markdown:
                continue
            missing.append(marker)
        elif not any(_mentions(markdown, code) for code in marker.codes) and "more rules" not in markdown:
            missing.append(marker)
    _fail_if_missing(run, "md", missing, len(reported))


# --------------------------------------------------------------------------- safety


def test_no_fake_secret_reaches_any_report_or_the_console(assessed: tuple[AssessRun, list[Marker]]) -> None:
    run, _ = assessed
    assert SECRET_CANARY not in run.stdout + run.stderr
    for fmt in FORMATS:
        assert SECRET_CANARY not in run.text(fmt), f"a fixture secret leaked into report.{fmt}"


def test_assess_never_writes_into_the_analysed_fixture(tmp_path: Path) -> None:
    root = FIXTURES / MODERN
    before = _tree_digest(root)
    run = _assess(MODERN, "3.0.6", tmp_path / "out")
    assert run.exit_code in (0, 1), run.stderr
    assert _tree_digest(root) == before


# --------------------------------------------------------------------------- what no marker predicted


def test_summarise_findings_no_marker_predicted(assessed: tuple[AssessRun, list[Marker]]) -> None:
    """Never fails: lists (as a warning) what assess reported beyond the markers, blockers first,
    so that rule noise or a missing marker is looked at by a human."""
    run, markers = assessed
    expected = {(run.prefix + m.path, m.line, code) for m in markers for code in m.codes}
    extra: dict[tuple[str, str], list[str]] = defaultdict(list)
    for finding in run.json()["findings"]:
        key = (finding["path"], finding["line"] or 0, finding["code"])
        if key not in expected:
            where = finding["path"].removeprefix(run.prefix) + (
                f":{finding['line']}" if finding["line"] else ""
            )
            extra[(finding["severity"], finding["code"])].append(where)
    if not extra:
        return
    order = {"blocker": 0, "warning": 1, "info": 2}
    lines = [f"{run.fixture} @ {run.target}: {sum(map(len, extra.values()))} findings no marker predicted"]
    for (severity, code), wheres in sorted(
        extra.items(), key=lambda item: (order.get(item[0][0], 3), item[0][1])
    ):
        shown = ", ".join(wheres[:6]) + (f", … {len(wheres) - 6} more" if len(wheres) > 6 else "")
        lines.append(f"  {severity:8} {code} ({len(wheres)}): {shown}")
    summary = "\n".join(lines)
    print(summary)
    warnings.warn(summary, stacklevel=1)
