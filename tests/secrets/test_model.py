"""Connection URI/JSON serialisation: our writer and reader against the real Airflow's (a few hundred
generated connections through `Connection.get_uri`, `Connection(uri=...)` and the provider's JSON
path in a cached Airflow virtualenv), plus pure properties that run without Airflow."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migrator.secrets.model import (
    Connection,
    ConnectionFormatError,
    from_json,
    from_uri,
    parse_connection_value,
    round_trip_losses,
    to_json,
    to_uri,
)

text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20)
hostnames = st.from_regex(r"[a-z][a-z0-9-]{0,10}(\.[a-z][a-z0-9-]{0,8}){0,3}", fullmatch=True)
extras = st.one_of(
    st.none(),
    st.dictionaries(st.from_regex(r"[a-z_]{1,10}", fullmatch=True), text, max_size=3),
    st.dictionaries(
        st.from_regex(r"[a-z_]{1,10}", fullmatch=True),
        st.one_of(st.integers(), st.booleans(), st.lists(st.integers(), max_size=2), st.dictionaries(text, text, max_size=2)),
        min_size=1, max_size=3,
    ),
)  # fmt: skip
connections = st.builds(
    lambda conn_type, host, protocol, login, password, schema, port, extra: Connection(
        conn_id="c",
        conn_type=conn_type,
        host=(f"{protocol}://{host}" if protocol and host else host),
        login=login,
        password=password,
        schema=schema,
        port=port,
        extra=None if extra is None else json.dumps(extra),
    ),
    # A host whose protocol equals the conn_type ("http://http://h") does not read back, in Airflow
    # either: test_known_lossy_cases_are_detected covers it.
    conn_type=st.sampled_from(
        ["postgres", "https", "aws", "google_cloud_platform", "mysql", "ssh", "generic"]
    ),
    host=st.one_of(st.none(), hostnames),
    protocol=st.sampled_from([None, "http", "s3"]),
    login=st.one_of(st.none(), text),
    password=st.one_of(st.none(), text),
    schema=st.one_of(st.none(), text),
    port=st.one_of(st.none(), st.integers(1, 65535)),
    extra=extras,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(connections)
def test_uri_reads_back_the_same_fields(conn: Connection) -> None:
    assert from_uri("c", to_uri(conn)).fields() == conn.fields()


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(connections)
def test_json_reads_back_the_same_fields(conn: Connection) -> None:
    assert from_json("c", to_json(conn)).fields() == conn.fields()
    assert round_trip_losses(conn, "json") == []


def test_known_lossy_cases_are_detected() -> None:
    assert round_trip_losses(Connection("c", conn_type="google-cloud-platform"), "uri") == ["conn_type"]
    assert round_trip_losses(Connection("c", conn_type="http", host="API.Example.com"), "uri") == ["host"]
    assert round_trip_losses(Connection("c", conn_type="http", host="API.Example.com"), "json") == []
    assert round_trip_losses(Connection("c", conn_type="http", description="d"), "json") == ["description"]
    assert round_trip_losses(Connection("c", conn_type="http", host="http://a.example.com"), "uri") == [
        "host",
        "schema",
    ]
    with pytest.raises(ConnectionFormatError):  # "http://http://a:1" has three "://" once rewritten
        round_trip_losses(Connection("c", conn_type="http", host="http://a.example.com", port=1), "uri")


def test_json_secret_accepts_the_providers_aliases() -> None:
    conn = parse_connection_value("c", '{"engine": "postgresql", "user": "u", "pass": "p", "server": "h", '
                                       '"database": "d", "port": "5432", "extra": {"a": 1}}')  # fmt: skip
    assert conn.fields() == {"conn_type": "postgres", "host": "h", "login": "u", "password": "p", "schema": "d",
                             "port": 5432, "extra": {"a": 1}}  # fmt: skip


@pytest.mark.parametrize("bad", ["a://b://c://d", "postgres://u:p@h:notaport/x", "http://user@x://h"])
def test_malformed_uris_raise_without_quoting_the_value(bad: str) -> None:
    with pytest.raises(ConnectionFormatError) as caught:
        from_uri("c", bad)
    assert "notaport" not in str(caught.value) and "user@" not in str(caught.value)


def test_masked_view_has_no_secret() -> None:
    conn = Connection(
        "c", "postgres", "h.example.com", "u", "pw-XYZ", "s", 1, '{"token": "tk-XYZ", "a": "b"}'
    )
    shown = conn.masked()
    assert "XYZ" not in shown and "extra keys=a,token" in shown and "password=***" in shown


# --------------------------------------------------------------------------- against real Airflow

_AIRFLOW_CHECK = r"""
import json, sys
from airflow.models.connection import Connection
from airflow.providers.amazon.aws.secrets.secrets_manager import SecretsManagerBackend
backend = SecretsManagerBackend()
out = []
for case in json.load(sys.stdin):
    c = Connection(conn_id="c", conn_type=case["conn_type"], host=case["host"], login=case["login"],
                   password=case["password"], schema=case["schema"], port=case["port"], extra=case["extra"])
    def fields(x):
        return {"conn_type": x.conn_type, "host": x.host, "login": x.login, "password": x.password,
                "schema": x.schema, "port": x.port, "extra": x.extra_dejson}
    from_our_uri = Connection(conn_id="c", uri=case["our_uri"])
    as_provider = json.dumps(backend._standardize_secret_keys(json.loads(case["our_json"])))
    from_our_json = backend.deserialize_connection("c", as_provider)
    out.append({"airflow_uri": c.get_uri(), "from_our_uri": fields(from_our_uri), "from_our_json": fields(from_our_json)})
print("@@" + json.dumps(out))
"""


def _cases(n: int) -> list[Connection]:
    found: list[Connection] = []

    @settings(max_examples=n, database=None, suppress_health_check=list(HealthCheck), deadline=None)
    @given(connections)
    def collect(conn: Connection) -> None:
        found.append(conn)

    collect()
    return found


def _norm(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: (v if v not in ("", None, {}) else None) for k, v in fields.items()}


@pytest.mark.airflow
@pytest.mark.parametrize("version", ["2.10.3", "3.0.6"])
def test_serialisation_matches_real_airflow(version: str) -> None:
    import subprocess

    from migrator.airflow_env import airflow_environ
    from tests.secrets.airflow_side import airflow_python

    python = airflow_python(version)
    conns = _cases(250)
    payload = [
        {"conn_type": c.conn_type, "host": c.host, "login": c.login, "password": c.password, "schema": c.schema,
         "port": c.port, "extra": c.extra, "our_uri": to_uri(c), "our_json": to_json(c)}
        for c in conns
    ]  # fmt: skip
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as home:
        result = subprocess.run(
            [str(python), "-c", _AIRFLOW_CHECK], input=json.dumps(payload), capture_output=True, text=True,
            env=airflow_environ(Path(home)), timeout=600, check=False,
        )  # fmt: skip
    lines = [line for line in result.stdout.splitlines() if line.startswith("@@")]
    assert lines, result.stderr[-3000:]
    answers = json.loads(lines[0][2:])
    for conn, answer in zip(conns, answers, strict=True):
        assert to_uri(conn) == answer["airflow_uri"], conn
        ours_from_uri = from_uri("c", to_uri(conn)).fields()
        ours_from_uri["extra"] = from_uri("c", to_uri(conn)).extra_dict
        assert _norm(answer["from_our_uri"]) == _norm(ours_from_uri), conn
        expected = conn.fields()
        expected["extra"] = conn.extra_dict
        assert _norm(answer["from_our_json"]) == _norm(expected), conn
