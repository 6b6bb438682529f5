"""report.json follows the versioned schema shipped in the package, and the schema follows the code."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import jsonschema
import pytest

from migrator.discover import Kind
from migrator.findings import Family, Finding, Location, Severity
from migrator.report.model import SCHEMA_VERSION, Verdict
from migrator.report.render import render_format
from migrator.report.schema import report_schema
from tests.report.conftest import report_from_findings
from tests.report.validators import report_errors


def test_the_schema_is_shipped_inside_the_package_and_is_draft_2020_12() -> None:
    text = resources.files("migrator.report").joinpath("report.schema.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION == "1.0"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_property_in_the_schema_is_documented_or_a_shared_definition() -> None:
    undocumented = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                # containers ("properties", "items") are described by their parts
                described = set(sub) & {"description", "$ref", "const", "properties", "items"}
                if isinstance(sub, dict) and not described:
                    undocumented.append(f"{where}.{name}")
                walk(sub, f"{where}.{name}")
            for key in ("items", "additionalProperties"):
                walk(node.get(key), f"{where}[]")
            for name, sub in node.get("$defs", {}).items():
                walk(sub, f"$defs.{name}")

    walk(report_schema(), "report")
    assert undocumented == []


def test_real_report_json_validates(written: dict[str, str]) -> None:
    document = json.loads(written["json"])
    assert report_errors(document) == []
    assert document["summary"]["findings"] == len(document["findings"]) > 0
    assert {f["severity"] for f in document["findings"]} == {"blocker", "warning", "info"}


def test_report_with_every_family_and_details_validates() -> None:
    findings = [
        Finding("MWAA001", Severity.BLOCKER, family, Location(f"dags/{family.value}.py", 3, 1, 3, 9), "msg", "fix",
                fixable=True, data=(("replacement", "x.y"),))
        for family in Family
    ]
    report = report_from_findings(findings, dag_paths=[f.location.path for f in findings])
    document = json.loads(render_format(report, "json"))
    assert report_errors(document) == []
    assert set(document["summary"]["by_family"]) == {f.value for f in Family}


def test_schema_enumerations_match_the_code() -> None:
    """A new family, kind, verdict or severity must be added to the schema (and SCHEMA_VERSION bumped)."""
    defs = report_schema()["$defs"]
    assert set(defs["family"]["enum"]) == {f.value for f in Family}
    assert set(defs["severity"]["enum"]) == {s.label for s in Severity}
    assert set(defs["verdict"]["enum"]) == set(Verdict.ORDER)
    kinds = {v for k, v in vars(Kind).items() if k.isupper()}
    assert set(defs["kind"]["enum"]) == kinds


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("schema_version",), "2.0"),
        (("findings", 0, "severity"), "fatal"),
        (("findings", 0, "line"), -1),
        (("findings", 0, "code"), "X1"),
        (("summary", "by_severity", "blocker"), "3"),
        (("files", 0, "verdict"), "unknown"),
    ],
)
def test_schema_rejects_broken_documents(written: dict[str, str], path: tuple[Any, ...], value: Any) -> None:
    document = copy.deepcopy(json.loads(written["json"]))
    node = document
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    assert report_errors(document), f"schema accepted {path}={value!r}"


def test_schema_rejects_unknown_top_level_fields(written: dict[str, str]) -> None:
    document = json.loads(written["json"])
    document["surprise"] = 1
    assert report_errors(document)
