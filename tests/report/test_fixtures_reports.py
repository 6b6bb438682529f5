"""The sample deployments in fixtures/ give reports that pass every format's own checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from migrator.report.render import FORMATS, write_reports
from tests.conftest import FIXTURES
from tests.report.conftest import analyse_report
from tests.report.validators import report_errors, sarif_errors

DEPLOYMENTS = sorted(p for p in FIXTURES.iterdir() if p.is_dir()) if FIXTURES.is_dir() else []


@pytest.mark.skipif(not DEPLOYMENTS, reason="no sample deployments in fixtures/ yet")
@pytest.mark.parametrize("deployment", DEPLOYMENTS, ids=lambda p: p.name)
def test_fixture_reports_are_valid(deployment: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(deployment.parent)
    report = analyse_report(deployment.parent, [deployment])
    written = {p.suffix.lstrip("."): p.read_text() for p in write_reports(report, tmp_path / "out", FORMATS)}
    document = json.loads(written["json"])
    assert report_errors(document) == []
    assert sarif_errors(json.loads(written["sarif"])) == []
    assert len(written["md"]) < 65_536
    assert written["md"].index("### Blockers") < written["md"].index("### Warnings")
    assert written["html"].count('<tr data-severity="') == len(document["findings"])
