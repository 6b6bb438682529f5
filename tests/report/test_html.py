"""report.html: one self-contained, escaped page whose links lead to the files."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html import escape as html_escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from migrator.report.render import render_format
from tests.report.conftest import HOSTILE_NAME, finding, report_from_findings


class _Page(HTMLParser):
    """Collects what a browser would fetch or follow, and the inline style/script text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.tags: list[str] = []
        self.ids: list[str] = []
        self.inline: dict[str, str] = {}
        self.csp = ""
        self._open: str | None = None
        self.finding_links: list[tuple[str, str]] = []  # (href, text)
        self._link: str | None = None
        self._in_findings = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = {k: v or "" for k, v in attrs}
        for name in ("src", "href", "action", "data", "poster", "srcset", "xlink:href", "formaction"):
            if name in values:
                self.urls.append((tag, name, values[name]))
        if "id" in values:
            self.ids.append(values["id"])
        if tag == "meta" and values.get("http-equiv") == "Content-Security-Policy":
            self.csp = values["content"]
        if tag in ("style", "script"):
            self._open = tag
        if tag == "table" and values.get("id") == "findings-table":
            self._in_findings = True
        if tag == "a" and self._in_findings and "class" not in values and not values["href"].startswith("#"):
            self._link = values["href"]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._open = None
        if tag == "table":
            self._in_findings = False

    def handle_data(self, data: str) -> None:
        if self._open:
            self.inline[self._open] = self.inline.get(self._open, "") + data
        if self._link is not None:
            self.finding_links.append((self._link, data))
            self._link = None


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _assert_self_contained(html: str) -> None:
    page = _parse(html)
    assert not re.search(r"https?://", page.inline["style"] + page.inline["script"])
    assert "@import" not in page.inline["style"] and "url(" not in page.inline["style"]
    for tag, attribute, value in page.urls:
        assert tag == "a" and attribute == "href", f"only links, never fetched resources: {tag} {attribute}={value}"
        parts = urlsplit(value)
        assert not parts.scheme and not parts.netloc and not value.startswith("/"), f"relative links only: {value}"
    assert not {"link", "img", "iframe", "object", "embed", "base", "form"} & set(page.tags)
    assert page.tags.count("script") == 1 and page.tags.count("style") == 1


def test_self_contained_no_external_urls(written: dict[str, str]) -> None:
    """URLs may appear as text (rule sources, messages); never as something fetched or linked."""
    _assert_self_contained(written["html"])


def test_urls_in_messages_stay_text_never_links_or_resources() -> None:
    message = "see https://airflow.apache.org/docs/ and <img src='https://evil.example/x.png'>"
    html = render_format(report_from_findings([finding("MWAA001", "dags/a.py", 1, message)]), "html")
    _assert_self_contained(html)
    assert "see https://airflow.apache.org/docs/ and &lt;img src=&#39;https://evil.example/x.png&#39;&gt;" in html


def test_csp_admits_exactly_the_inline_style_and_script(written: dict[str, str]) -> None:
    page = _parse(written["html"])

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert "default-src 'none'" in page.csp
    assert f"style-src {digest(page.inline['style'])}" in page.csp
    assert f"script-src {digest(page.inline['script'])}" in page.csp
    assert "unsafe-inline" not in page.csp


def test_summary_comes_first_then_charts_then_tables(written: dict[str, str]) -> None:
    html = written["html"]
    order = ["Readiness for MWAA Airflow 3.0.6", 'class="card stat s-blocker"', 'class="charts"', 'id="dag-table"',
             'id="findings-table"', 'id="rules"']
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)
    blockers = json.loads(written["json"])["summary"]["by_severity"]["blocker"]
    assert blockers > 0
    assert f'<span class="num">{blockers}</span><span class="label">Blockers' in html
    assert html.count("<svg") >= 4  # readiness ring, severity bars, verdict donut, family bars


def test_every_finding_links_to_its_file_and_line(written: dict[str, str], deployment_root: Path) -> None:
    import json

    findings = json.loads(written["json"])["findings"]
    links = _parse(written["html"]).finding_links
    assert len(links) == len(findings)
    out = deployment_root / "out"
    expected = {(f["path"], f["line"]) for f in findings}
    seen = set()
    for href, text in links:
        target, _, fragment = href.partition("#")
        assert (out / unquote(target)).resolve().exists(), f"{href} does not lead to a file"
        path, _, line = text.rpartition(":") if fragment else (text, "", "0")
        assert fragment == (f"L{line}" if fragment else "")
        assert (out / unquote(target)).resolve() == (deployment_root / path).resolve()
        seen.add((path, int(line)))
    assert seen == expected


def test_hostile_text_is_escaped(written: dict[str, str]) -> None:
    html = written["html"]
    assert HOSTILE_NAME not in html
    assert "&lt;img src=x onerror=alert(1)&gt;.py" in html
    page = _parse(html)
    assert page.tags.count("img") == 0
    report = report_from_findings([finding("MWAA001", "dags/a.py", 1, 'bad <script>alert("x")</script> & `code`')])
    html = render_format(report, "html")
    assert "<script>alert" not in html
    assert "bad &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; <code>code</code>" in html


def test_tables_and_badges(written: dict[str, str]) -> None:
    html = written["html"]
    dag_table = html[html.index('id="dag-table"') : html.index("</table>", html.index('id="dag-table"'))]
    import json

    dags = [f for f in json.loads(written["json"])["files"] if f["dag_file"]]
    assert dag_table.count("<tr>") == 1 + len(dags)
    for row in dags:
        cell = dag_table[dag_table.index(f">{html_escape(row['path'])}</a>") :]
        assert cell.index(f'class="badge v-{row["verdict"]}"') < cell.index("</tr>")
    assert html.count('class="sortable"') == 3  # DAG files, findings, other files
    assert 'data-type="num"' in dag_table
    for severity in ("blocker", "warning", "info"):
        assert f'<tr data-severity="{severity}">' in html
    assert 'id="rule-MWAA001"' in html and 'href="#rule-MWAA001"' in html


def test_rule_documentation_for_rules_used(written: dict[str, str]) -> None:
    import json

    from migrator.rules import registry

    html = written["html"]
    rules = json.loads(written["json"])["rules"]
    assert rules
    for item in rules:
        rule = registry.get(item["code"])
        section = html[html.index(f'id="rule-{rule.code}"') :]
        section = section[: section.index("</article>")]
        assert rule.title in section
        assert "<dt>Why</dt>" in section and "<dt>Remedy</dt>" in section


def test_empty_report_renders() -> None:
    html = render_format(report_from_findings([]), "html")
    assert "No findings" in html and "No DAG files were found" in html


def test_chart_geometry() -> None:
    from migrator.report.html import BAR_AREA, bars, donut

    segments = donut([("a", 1, "x"), ("b", 0, "y"), ("c", 3, "z")])
    assert [s.label for s in segments] == ["a", "c"]  # empty segments are not drawn
    assert [s.dash for s in segments] == ["25 75", "75 25"]
    assert [s.offset for s in segments] == ["25", "0"]  # the second starts where the first ends
    assert [b.width for b in bars([("a", 4, ""), ("b", 1, ""), ("c", 0, "")])] == [str(BAR_AREA), "47.5", "0"]
    assert donut([("a", 1, "x"), ("b", 2, "x")])[0].dash == "33.333 66.667"


def test_links_from_an_output_folder_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from migrator.report.html import Linker

    (tmp_path / "repo").mkdir()
    monkeypatch.chdir(tmp_path / "repo")
    links = Linker(tmp_path / "reports" / "today")
    assert links.href("dags/a b#.py", 7) == "../../repo/dags/a%20b%23.py#L7"
    assert links.href("dags/a.py") == "../../repo/dags/a.py"
    assert Linker(tmp_path / "repo").href("dags/a.py", 1) == "dags/a.py#L1"
    assert links.href(str(tmp_path / "elsewhere" / "x.py"), 2) == "../../elsewhere/x.py#L2"
