"""Metadata databases in schemas older than any Airflow that installs on this Python (1.10.x),
written with sqlite3 from the table definitions of Airflow 1.10's migrations, and encrypted with
`cryptography`'s Fernet exactly as Airflow does (`Fernet(key).encrypt(value.encode()).decode()`)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet

# Airflow 1.10.15: connection (no description, conn_id not unique), variable (no description).
SCHEMA_1_10 = """
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);
INSERT INTO alembic_version VALUES ('e959f08ac86c');
CREATE TABLE connection (
    id INTEGER NOT NULL PRIMARY KEY, conn_id VARCHAR(250), conn_type VARCHAR(500), host VARCHAR(500),
    schema VARCHAR(500), login VARCHAR(500), password VARCHAR(5000), port INTEGER, extra VARCHAR(5000),
    is_encrypted BOOLEAN, is_extra_encrypted BOOLEAN);
CREATE TABLE variable (id INTEGER NOT NULL PRIMARY KEY, "key" VARCHAR(250) UNIQUE, val TEXT, is_encrypted BOOLEAN);
"""


def build_legacy_db(
    path: Path, key: str | None, connections: list[dict[str, Any]], variables: dict[str, str]
) -> Path:
    fernet = Fernet(key.encode()) if key else None

    def enc(value: str | None) -> tuple[str | None, bool]:
        if value is None or fernet is None:
            return value, False
        return fernet.encrypt(value.encode()).decode(), True

    db = sqlite3.connect(path)
    db.executescript(SCHEMA_1_10)
    for row in connections:
        password, is_encrypted = enc(row.get("password"))
        extra, is_extra_encrypted = enc(row.get("extra"))
        db.execute(
            "INSERT INTO connection (conn_id, conn_type, host, schema, login, password, port, extra, is_encrypted,"
            " is_extra_encrypted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (row["conn_id"], row.get("conn_type"), row.get("host"), row.get("schema"), row.get("login"), password,
             row.get("port"), extra, is_encrypted, is_extra_encrypted),
        )  # fmt: skip
    for name, value in variables.items():
        val, is_encrypted = enc(value)
        db.execute(
            'INSERT INTO variable ("key", val, is_encrypted) VALUES (?, ?, ?)', (name, val, is_encrypted)
        )
    db.commit()
    db.close()
    return path
