"""report.sarif is valid SARIF 2.1.0 by the official OASIS schema (see validators.py), and carries
what code scanning needs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from migrator.findings import Finding, Location, Severity
from migrator.report.render import render_format
from migrator.report.sarif import FINGERPRINT_KEY, SARIF_SCHEMA_URI
from migrator.rules import registry
from tests.report.conftest import analyse_report, finding, report_from_findings
from tests.report.validators import sarif_errors


def _run(log: dict[str, Any]) -> dict[str, Any]:
    runs = log["runs"]
    assert len(runs) == 1
    run: dict[str, Any] = runs[0]
    return run


def test_real_report_is_valid_sarif(written: dict[str, str]) -> None:
    log = json.loads(written["sarif"])
    assert sarif_errors(log) == []
    assert log["version"] == "2.1.0"
    assert log["$schema"] == SARIF_SCHEMA_URI
    assert len(_run(log)["results"]) == len(json.loads(written["json"])["findings"])


def test_one_descriptor_per_code_with_help_and_level(written: dict[str, str]) -> None:
    run = _run(json.loads(written["sarif"]))
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids == sorted(set(ids)) == sorted({r["ruleId"] for r in run["results"]})
    for descriptor in rules:
        rule = registry.get(descriptor["id"])
        assert descriptor["shortDescription"]["text"] == rule.title
        assert rule.documentation() in descriptor["fullDescription"]["text"]
        for form in ("text", "markdown"):
            assert rule.why in descriptor["help"][form]
            assert rule.remedy in descriptor["help"][form]
        expected_level = {"blocker": "error", "warning": "warning", "info": "note"}[rule.severity.label]
        assert descriptor["defaultConfiguration"]["level"] == expected_level
        assert descriptor["properties"]["family"] == rule.family.value
        assert descriptor["properties"]["fixable"] is rule.fixable
        assert rule.family.value in descriptor["properties"]["tags"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_results_locations_regions_and_levels(written: dict[str, str]) -> None:
    run = _run(json.loads(written["sarif"]))
    report = json.loads(written["json"])
    assert run["originalUriBaseIds"]["SRCROOT"]
    for result, item in zip(run["results"], report["findings"], strict=True):
        assert result["ruleId"] == item["code"]
        assert result["level"] == {"blocker": "error", "warning": "warning", "info": "note"}[item["severity"]]
        assert result["message"]["text"].startswith(item["message"])
        physical = result["locations"][0]["physicalLocation"]
        artifact = physical["artifactLocation"]
        assert artifact["uriBaseId"] == "SRCROOT"
        assert not urlsplit(artifact["uri"]).scheme and not artifact["uri"].startswith("/")
        if item["line"]:
            assert physical["region"]["startLine"] == item["line"]
            assert physical["region"]["startColumn"] == item["column"]
        else:
            assert "region" not in physical, "whole-file findings carry no region"
    hostile = [r for r in run["results"] if "onerror" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]]
    assert hostile and "<" not in hostile[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]  # percent-encoded


def test_full_region_and_absolute_path() -> None:
    findings = [
        Finding("MWAA001", Severity.BLOCKER, registry.get("MWAA001").family, Location("dags/a b.py", 3, 5, 4, 12), "m", "r"),
        Finding("MWAA607", Severity.WARNING, registry.get("MWAA607").family, Location("/etc/airflow/airflow.cfg", 7, 1), "m", "r"),
        finding("MWAA008", "dags/empty.py"),
    ]
    log = json.loads(render_format(report_from_findings(findings), "sarif"))
    assert sarif_errors(log) == []
    by_uri = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r for r in _run(log)["results"]}
    assert by_uri["dags/a%20b.py"]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3, "startColumn": 5, "endLine": 4, "endColumn": 12,
    }
    absolute = by_uri["file:///etc/airflow/airflow.cfg"]["locations"][0]["physicalLocation"]
    assert "uriBaseId" not in absolute["artifactLocation"]
    assert absolute["region"] == {"startLine": 7, "startColumn": 1}
    assert "region" not in by_uri["dags/empty.py"]["locations"][0]["physicalLocation"]


def _fingerprints(log: dict[str, Any]) -> dict[tuple[str, str], tuple[str, int]]:
    found = {}
    for result in _run(log)["results"]:
        physical = result["locations"][0]["physicalLocation"]
        key = (result["ruleId"], physical["artifactLocation"]["uri"])
        found[key] = (result["partialFingerprints"][FINGERPRINT_KEY], physical.get("region", {}).get("startLine", 0))
    return found


def test_fingerprints_are_stable_across_runs_and_line_moves(deployment_root: Path) -> None:
    deploy = deployment_root / "deploy"
    first = json.loads(render_format(analyse_report(deployment_root, [deploy]), "sarif"))
    again = json.loads(render_format(analyse_report(deployment_root, [deploy]), "sarif"))
    assert _fingerprints(first) == _fingerprints(again)

    broken = deploy / "dags" / "broken_dag.py"
    broken.write_text("# a comment added above moves every line down\n" + broken.read_text())
    moved = _fingerprints(json.loads(render_format(analyse_report(deployment_root, [deploy]), "sarif")))
    before = _fingerprints(first)
    key = ("MWAA001", "deploy/dags/broken_dag.py")
    assert moved[key][1] == before[key][1] + 1
    assert moved[key][0] == before[key][0], "moving a finding down a line keeps its fingerprint"
    prints = [fp for fp, _ in moved.values()]
    assert len(prints) == len(set(prints)), "fingerprints are distinct"


def test_identical_findings_in_one_file_get_distinct_fingerprints() -> None:
    findings = [finding("MWAA607", "airflow.cfg", line, "line is not an option") for line in (3, 9, 12)]
    log = json.loads(render_format(report_from_findings(findings), "sarif"))
    prints = [r["partialFingerprints"][FINGERPRINT_KEY] for r in _run(log)["results"]]
    assert len(set(prints)) == 3


@pytest.mark.parametrize("target_severity", list(Severity))
def test_result_level_follows_the_finding_not_only_the_rule(target_severity: Severity) -> None:
    report = report_from_findings([finding("MWAA607", "airflow.cfg", 2, severity=target_severity)])
    log = json.loads(render_format(report, "sarif"))
    assert sarif_errors(log) == []
    assert _run(log)["results"][0]["level"] == {3: "error", 2: "warning", 1: "note"}[int(target_severity)]


def test_empty_report_is_valid_sarif() -> None:
    log = json.loads(render_format(report_from_findings([], dag_paths=["dags/a.py"]), "sarif"))
    assert sarif_errors(log) == []
    assert _run(log)["results"] == [] and _run(log)["tool"]["driver"]["rules"] == []
