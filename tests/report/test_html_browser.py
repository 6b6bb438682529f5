"""report.html in a real headless Chromium: the inline script runs under the page's CSP, the
tables sort when a header is clicked, and the findings filter hides rows.

Needs Debian's `chromium` (.ci/run installs it); skipped with that reason when it is absent.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from migrator.report.render import write_reports
from tests.report.conftest import finding, report_from_findings

BROWSER = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)), None)
pytestmark = pytest.mark.skipif(BROWSER is None, reason="chromium is not installed (apt-get install -y chromium)")

# Clicks through the report inside an iframe (same origin thanks to --allow-file-access-from-files)
# and writes what it saw into #result, which --dump-dom then prints.
HARNESS = """<!DOCTYPE html>
<html><body><pre id="result">pending</pre>
<iframe id="report" src="report.html" width="1200" height="800"></iframe>
<script>
document.getElementById("report").addEventListener("load", function () {
  var doc = this.contentDocument;
  var seen = {};
  function dagOrder() {
    return Array.prototype.map.call(doc.querySelectorAll("#dag-table tbody tr"), function (tr) {
      return tr.cells[0].textContent.trim();
    });
  }
  function header(table, label) {
    return Array.prototype.filter.call(doc.querySelectorAll(table + " thead th"), function (th) {
      return th.textContent.trim() === label;
    })[0];
  }
  function visibleFindings() {
    return Array.prototype.filter.call(doc.querySelectorAll("#findings-table tbody tr"), function (tr) {
      return !tr.hidden;
    }).length;
  }
  try {
    seen.initial = dagOrder();
    header("#dag-table", "Blockers").querySelector("button").click();
    seen.blockers_first_click = dagOrder();
    seen.blockers_aria = header("#dag-table", "Blockers").getAttribute("aria-sort");
    header("#dag-table", "Blockers").querySelector("button").click();
    seen.blockers_second_click = dagOrder();
    header("#dag-table", "File").querySelector("button").click();
    seen.file_click = dagOrder();
    header("#dag-table", "Warnings").querySelector("button").click();
    seen.warnings_click = dagOrder();
    seen.filters_hidden = doc.getElementById("finding-filters").hidden;
    seen.findings_all = visibleFindings();
    seen.shown_text = doc.getElementById("findings-shown").textContent;
    var info = doc.querySelector("#finding-filters input[data-severity=info]");
    info.checked = false;
    info.dispatchEvent(new Event("change"));
    seen.findings_without_info = visibleFindings();
    var search = doc.getElementById("finding-search");
    search.value = "dags/c.py";
    search.dispatchEvent(new Event("input"));
    seen.findings_matching_c = visibleFindings();
  } catch (error) {
    seen.error = String(error);
  }
  document.getElementById("result").textContent = JSON.stringify(seen);
});
</script></body></html>
"""


def _chromium(url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--virtual-time-budget=10000", *extra, "--dump-dom", url],
            capture_output=True, text=True, timeout=180,
        )


def _sample_report_dir(tmp_path: Path) -> Path:
    # blockers, warnings, info per DAG: a (2,0,1) b (0,3,0) c (1,1,1) d (0,0,0) e (4,0,0)
    plan = {"a": (2, 0, 1), "b": (0, 3, 0), "c": (1, 1, 1), "d": (0, 0, 0), "e": (4, 0, 0)}
    findings = []
    for name, (blockers, warnings, infos) in plan.items():
        path = f"dags/{name}.py"
        findings += [finding("MWAA001", path, 10 + i, f"blocker <{i}>") for i in range(blockers)]
        findings += [finding("MWAA607", path, 20 + i, f"warning {i}") for i in range(warnings)]
        findings += [finding("MWAA008", path, 30 + i, f"info {i}") for i in range(infos)]
    report = report_from_findings(findings, dag_paths=[f"dags/{n}.py" for n in plan])
    out = tmp_path / "out"
    write_reports(report, out, ["html"])
    (out / "harness.html").write_text(HARNESS)
    return out


def test_tables_sort_on_click_and_findings_filter(tmp_path: Path) -> None:
    out = _sample_report_dir(tmp_path)
    done = _chromium((out / "harness.html").as_uri(), "--allow-file-access-from-files")
    match = re.search(r'<pre id="result">(.*?)</pre>', done.stdout, flags=re.S)
    assert match, done.stderr[-2000:]
    seen = json.loads(match.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
    assert "error" not in seen, seen
    # rendered worst first: blocked (by blockers), then manual, then ready
    assert seen["initial"] == ["dags/e.py", "dags/a.py", "dags/c.py", "dags/b.py", "dags/d.py"]
    assert seen["blockers_first_click"] == ["dags/e.py", "dags/a.py", "dags/c.py", "dags/b.py", "dags/d.py"]
    assert seen["blockers_aria"] == "descending"
    # ascending; b and d tie at 0 and keep their previous relative order (stable sort)
    assert seen["blockers_second_click"] == ["dags/b.py", "dags/d.py", "dags/c.py", "dags/a.py", "dags/e.py"]
    assert seen["file_click"] == ["dags/a.py", "dags/b.py", "dags/c.py", "dags/d.py", "dags/e.py"]
    assert seen["warnings_click"] == ["dags/b.py", "dags/c.py", "dags/a.py", "dags/d.py", "dags/e.py"]
    assert seen["filters_hidden"] is False  # the script revealed the filter bar
    assert seen["findings_all"] == 13 and seen["shown_text"] == "13 of 13 shown"
    assert seen["findings_without_info"] == 11
    assert seen["findings_matching_c"] == 2  # c.py's blocker and warning; its info is filtered out


def test_the_page_runs_under_its_csp_without_violations(tmp_path: Path) -> None:
    out = _sample_report_dir(tmp_path)
    done = _chromium((out / "report.html").as_uri(), "--enable-logging=stderr", "--v=0")
    dom = done.stdout
    assert 'id="dag-table"' in dom and "<svg" in dom
    assert "13 of 13 shown" in dom, "the inline script ran"
    assert "Content Security Policy" not in done.stderr, "an inline style or script was refused"
