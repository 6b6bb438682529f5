"""Reading the metadata DB directly: schemas, Fernet keys and rotation, read-only access.

Also the examples of MWAA1008 (undecryptable-value), whose input is a database, not a text file.
Databases built by a real Airflow (2.10.3, 3.0.6) are in test_airflow_round_trip.py.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from migrator.knowledge.versions import resolve
from migrator.secrets.checks import check, make_context, merge
from migrator.secrets.metadata_db import Decryptor, FernetKeyError, MetadataDbError, read_metadata_db
from tests.secrets.legacy_db import build_legacy_db

KEY_OLD = Fernet.generate_key().decode()
KEY_NEW = Fernet.generate_key().decode()
CONNECTIONS = [
    {"conn_id": "pg", "conn_type": "postgres", "host": "db.example.com", "login": "u", "password": "s3cret",
     "port": 5432, "schema": "x", "extra": '{"sslmode": "require"}'},
    {"conn_id": "legacy_text_extra", "conn_type": "ssh", "host": "h.example.com", "extra": "not json at all"},
    {"conn_id": "no_secrets", "conn_type": "http", "host": "api.example.com"},
    # Airflow 1.10 allowed the same conn_id twice (random choice at run time); the later row wins here.
    {"conn_id": "dup", "conn_type": "http", "host": "one.example.com"},
    {"conn_id": "dup", "conn_type": "http", "host": "two.example.com"},
]  # fmt: skip
VARIABLES = {"plain": "v1", "json": '{"a": 1}'}


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def test_airflow_1_10_schema_with_encryption(tmp_path: Path) -> None:
    db = build_legacy_db(tmp_path / "airflow.db", KEY_OLD, CONNECTIONS, VARIABLES)
    data = read_metadata_db(_url(db), Decryptor.from_keys(KEY_OLD))
    assert data.findings == []
    by_id = {c.conn_id: c for c in data.connections}
    assert by_id["pg"].password == "s3cret" and by_id["pg"].extra == '{"sslmode": "require"}'
    assert by_id["pg"].description is None and by_id["pg"].port == 5432
    assert by_id["legacy_text_extra"].extra == "not json at all"
    assert {v.key: v.value for v in data.variables} == VARIABLES
    inventory = merge([data])
    assert [c.host for c in inventory.connections if c.conn_id == "dup"] == ["two.example.com"]
    assert any(f.code == "MWAA1011" for f in inventory.findings)


def test_unencrypted_database_needs_no_key(tmp_path: Path) -> None:
    db = build_legacy_db(tmp_path / "airflow.db", None, CONNECTIONS, VARIABLES)
    data = read_metadata_db(_url(db), Decryptor.from_keys(None))
    assert data.findings == [] and len(data.connections) == 5


def test_rotated_key_list_decrypts_with_any_key(tmp_path: Path) -> None:
    db = build_legacy_db(tmp_path / "airflow.db", KEY_OLD, CONNECTIONS, VARIABLES)
    data = read_metadata_db(_url(db), Decryptor.from_keys(f" {KEY_NEW} , {KEY_OLD} "))
    assert data.findings == [] and {v.key: v.value for v in data.variables} == VARIABLES


# --------------------------------------------------------------------------- MWAA1008 examples


def test_undecryptable_with_wrong_key_is_reported_per_item(tmp_path: Path) -> None:
    db = build_legacy_db(tmp_path / "airflow.db", KEY_OLD, CONNECTIONS, VARIABLES)
    data = read_metadata_db(_url(db), Decryptor.from_keys(KEY_NEW))
    codes = sorted((f.code, f.location.path.rsplit("#", 1)[1]) for f in data.findings)
    assert codes == [("MWAA1008", "connection/legacy_text_extra"), ("MWAA1008", "connection/pg"),
                     ("MWAA1008", "variable/json"), ("MWAA1008", "variable/plain")]  # fmt: skip
    # items without encrypted fields are still read
    assert sorted(c.conn_id for c in data.connections) == ["dup", "dup", "no_secrets"]
    for finding in data.findings:
        assert "s3cret" not in finding.message and KEY_NEW not in finding.message


def test_undecryptable_without_any_key(tmp_path: Path) -> None:
    db = build_legacy_db(tmp_path / "airflow.db", KEY_OLD, CONNECTIONS[:1], {})
    data = read_metadata_db(_url(db), Decryptor.from_keys(""))
    assert [f.code for f in data.findings] == ["MWAA1008"]
    assert "no Fernet key was given" in data.findings[0].message


# --------------------------------------------------------------------------- safety


def test_database_is_opened_read_only(tmp_path: Path) -> None:
    db = build_legacy_db(tmp_path / "airflow.db", KEY_OLD, CONNECTIONS, VARIABLES)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    read_metadata_db(_url(db), Decryptor.from_keys(KEY_OLD))
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["airflow.db"]  # no journal, no new file


def test_missing_sqlite_file_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(MetadataDbError, match="does not exist"):
        read_metadata_db(_url(tmp_path / "nope.db"), Decryptor.from_keys(None))
    assert not (tmp_path / "nope.db").exists()


def test_not_an_airflow_database_is_a_finding(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "other.db"
    sqlite3.connect(path).executescript("CREATE TABLE t (x INTEGER);")
    data = read_metadata_db(_url(path), Decryptor.from_keys(None))
    assert [f.code for f in data.findings] == ["MWAA1006"]


def test_missing_driver_names_the_package_without_the_password() -> None:
    with pytest.raises(MetadataDbError) as caught:
        read_metadata_db("mysql+nosuchdriver://u:hunter2pass@127.0.0.1/airflow", Decryptor.from_keys(None))
    assert "hunter2pass" not in str(caught.value)


def test_invalid_fernet_key_message_does_not_quote_it() -> None:
    with pytest.raises(FernetKeyError) as caught:
        Decryptor.from_keys(f"{KEY_OLD},definitely-not-a-key")
    assert "#2" in str(caught.value) and "definitely-not-a-key" not in str(caught.value)


def test_findings_from_database_rows_flow_into_checks(tmp_path: Path) -> None:
    rows = [{"conn_id": "local_pg", "conn_type": "postgres", "host": "localhost", "password": "x"}]
    db = build_legacy_db(tmp_path / "airflow.db", KEY_OLD, rows, {})
    inventory = merge([read_metadata_db(_url(db), Decryptor.from_keys(KEY_OLD))])
    findings = check(inventory, make_context(resolve(None)))
    assert [(f.code, f.location.path.endswith("#connection/local_pg")) for f in findings] == [
        ("MWAA1001", True)
    ]
