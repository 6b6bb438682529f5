"""The file readers: every format Airflow writes, line numbers, and bad input as findings."""

from __future__ import annotations

import json
from pathlib import Path

from migrator.secrets.sources import read_env_text, read_export_text, read_file, top_level_key_lines


def test_connections_json_export_with_lines() -> None:
    text = json.dumps({"a": {"conn_type": "http", "host": "h", "port": 80, "extra": "{\"x\": 1}",
                             "description": "d", "login": None, "password": "p", "schema": None},
                       "b": {"conn_type": "postgres"}}, indent=2)  # fmt: skip
    data = read_export_text(text, "connections.json")
    assert [(c.conn_id, c.location.line) for c in data.connections] == [("a", 2), ("b", 12)]
    assert data.connections[0].extra == '{"x": 1}' and data.connections[0].description == "d"


def test_connections_yaml_export() -> None:
    text = "a:\n  conn_type: http\n  host: h\n  extra: '{\"x\": 1}'\nb:\n  conn_type: aws\n  extra:\n    region_name: x\n"
    data = read_export_text(text, "connections.yaml")
    assert [(c.conn_id, c.location.line) for c in data.connections] == [("a", 1), ("b", 5)]
    assert json.loads(data.connections[1].extra or "") == {"region_name": "x"}


def test_connections_env_export_uri_and_json() -> None:
    text = 'a=postgres://u:p%40ss@h:5432/db\n\n# comment\nb={"conn_type": "http", "host": "h"}\n'
    data = read_export_text(text, "connections.env")
    assert [(c.conn_id, c.password, c.location.line) for c in data.connections] == [
        ("a", "p@ss", 1),
        ("b", None, 4),
    ]


def test_variables_export_values_and_descriptions() -> None:
    text = json.dumps(
        {"s": "text", "n": 14, "d": {"k": [1]}, "w": {"value": "v", "description": "about"}}, indent=4
    )
    data = read_export_text(text, "variables.json")
    values = {v.key: (v.value, v.description) for v in data.variables}
    assert values == {"s": ("text", None), "n": ("14", None), "d": (json.dumps({"k": [1]}, indent=2), None),
                      "w": ("v", "about")}  # fmt: skip


def test_env_file_conn_and_var_lines() -> None:
    text = ("export AIRFLOW_CONN_MY_DB='postgres://u:p@db.example.com/x'\nAIRFLOW_VAR_REGION=eu-west-1 # prod\n"
            "AIRFLOW__CORE__EXECUTOR=CeleryExecutor\nAIRFLOW_VAR_QUOTED=\"a # b\"\nnot a line\n")  # fmt: skip
    data = read_env_text(text, ".env")
    assert [(c.conn_id, c.location.line) for c in data.connections] == [("my_db", 1)]
    assert [(v.key, v.value) for v in data.variables] == [("region", "eu-west-1"), ("quoted", "a # b")]


def test_bad_json_yaml_and_records_are_findings() -> None:
    assert [f.code for f in read_export_text('{"a": ', "c.json").findings] == ["MWAA1006"]
    assert [f.code for f in read_export_text("a: [\n", "c.yaml").findings] == ["MWAA1006"]
    assert [f.code for f in read_export_text("[1, 2]", "c.json").findings] == ["MWAA1006"]
    mixed = read_export_text(json.dumps({"a": {"conn_type": "http", "bogus": 1}, "b": {"conn_type": "http"}}),
                             "connections.json", forced="connections")  # fmt: skip
    assert [f.code for f in mixed.findings] == ["MWAA1007"] and [c.conn_id for c in mixed.connections] == [
        "b"
    ]


def test_unreadable_and_undecodable_files(tmp_path: Path) -> None:
    binary = tmp_path / "c.json"
    binary.write_bytes(b'{"a": "\xff\xfe"}')
    assert [f.code for f in read_file(binary, "c.json", "export").findings] == ["MWAA1006"]
    assert [f.code for f in read_file(tmp_path / "missing.env", "missing.env", "env").findings] == [
        "MWAA1006"
    ]


def test_key_lines_ignore_nested_keys_and_strings() -> None:
    text = '{\n "a": {"b": 1, "c": "x:y"},\n "d\\"q": "e",\n "f": [{"g": 1}]\n}'
    assert top_level_key_lines(text) == {"a": 2, 'd"q': 3, "f": 4}
