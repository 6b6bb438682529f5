"""report.md: fits a pull-request comment, blockers first, nothing a PR page would misrender."""

from __future__ import annotations

import json
import re

from migrator.findings import Family, Finding, Location, Severity
from migrator.report.markdown import MAX_LOCATIONS_PER_RULE, md_code, md_prose
from migrator.report.render import render_format
from tests.report.conftest import finding, report_from_findings

GITHUB_COMMENT_LIMIT = 65_536


def _sections(text: str) -> list[str]:
    return re.findall(r"^### (\w+)", text, flags=re.M) + (["Info"] if "<summary>Info" in text else [])


def test_blockers_come_first_then_warnings_then_collapsed_info(written: dict[str, str]) -> None:
    md = written["md"]
    assert _sections(md) == ["Blockers", "Warnings", "Info"]
    assert md.index("### Blockers") < md.index("### Warnings") < md.index("<details>") < md.index("<summary>Info")
    blockers = md[md.index("### Blockers") : md.index("### Warnings")]
    assert "`deploy/dags/broken_dag.py:3`" in blockers
    assert "`deploy/dags/py2_dag.py:2`" in blockers
    assert "MWAA607" not in blockers and "MWAA607" in md[md.index("### Warnings") : md.index("<details>")]
    info = md[md.index("<details>") : md.index("</details>")]
    assert "MWAA008" in info and "MWAA004" in info


def test_header_has_target_readiness_and_counts(written: dict[str, str]) -> None:
    md = written["md"]
    first = md.splitlines()[0]
    assert first.startswith("## MWAA readiness: ") and "Airflow 3.0.6" in first
    summary = json.loads(written["json"])["summary"]
    counts = summary["by_severity"]
    assert f"| {counts['blocker']} | {counts['warning']} | {counts['info']} | {summary['fixable']} |" in md


def test_blocker_groups_are_by_rule_with_the_biggest_first_and_truncated() -> None:
    many = [finding("MWAA001", f"dags/broken_{i:03}.py", i + 1) for i in range(37)]
    few = [finding("MWAA002", "dags/old.py", 4), finding("MWAA002", "dags/older.py", 9)]
    md = render_format(report_from_findings([*few, *many]), "md")
    blockers = md[md.index("### Blockers") : md.index("### Warnings")]
    assert blockers.index("**MWAA001**") < blockers.index("**MWAA002**"), "37 findings outrank 2"
    listed = re.findall(r"`dags/broken_\d+\.py:\d+`", blockers)
    assert listed == [f"`dags/broken_{i:03}.py:{i + 1}`" for i in range(MAX_LOCATIONS_PER_RULE)]
    assert f"- and {37 - MAX_LOCATIONS_PER_RULE} more" in blockers
    assert "`dags/old.py:4`" in blockers and "`dags/older.py:9`" in blockers


def test_worst_case_report_still_fits_in_a_comment() -> None:
    """Every cap reached at once: many rules per severity, many findings per rule, long texts."""
    findings = []
    for severity in Severity:
        for rule_number in range(45):
            code = f"MWAA{severity.value + 6}{rule_number:02}"  # 700-999: no real rule, so the longest titles
            for n in range(20):
                path = f"dags/{'deeply/' * 40}team_{rule_number}/pipeline_{n:05}.py"
                findings.append(
                    Finding(code, severity, Family.DAG_API, Location(path, n + 1, 1), "x<|" * 200, "fix " * 200)
                )
    md = render_format(report_from_findings(findings), "md")
    assert len(md) < GITHUB_COMMENT_LIMIT, len(md)
    assert "and 12 more" in md  # locations cut per rule
    assert re.search(r"and \d+ more blockers from \d+ more rules", md)
    assert "…" in md


def test_hostile_text_is_escaped_and_rule_code_spans_survive() -> None:
    message = "found <script>alert(1)</script> | *bold* _x_ [link](http://e.x) `days_ago`"
    hostile = [finding("MWAA001", "dags/a|b.py", 2, message), finding("MWAA607", "cfg/a|b.cfg", 3, message)]
    md = render_format(report_from_findings(hostile), "md")
    assert "<script>" not in md
    assert "\\<script\\>" in md
    assert "\\[link\\]" in md and "\\*bold\\*" in md
    assert "`days_ago`" in md  # a code span written by a rule author stays one
    assert "- `dags/a|b.py:2` " in md  # a list item: a pipe is harmless and a backslash would show
    assert "| `cfg/a\\|b.cfg:3` |" in md  # a table cell: the pipe is escaped so it cannot split the cell


def test_no_findings_says_so() -> None:
    md = render_format(report_from_findings([], dag_paths=["dags/a.py"]), "md")
    assert "### Blockers (0)" in md and "None: nothing stops" in md
    assert "<details>" not in md
    assert "100%" in md.splitlines()[0]


def test_md_helpers() -> None:
    assert md_code("a`b") == "`` a`b ``"
    assert md_prose("a\n  b") == "a b"
    cut = md_prose("`" + "y" * 300 + "`", limit=20)
    assert cut.count("`") % 2 == 0 and "…" in cut
