"""Connections and variables read straight from an Airflow metadata database, read-only.

Works across metadata schemas from Airflow 1.10 to 3.x: the `connection` and `variable` tables keep
their names and core columns; `description` (2.x+) and later columns are used when present.
Encrypted values are decrypted with the deployment's Fernet key(s), accepting a comma-separated
rotation list as Airflow's `core.fernet_key` does (any key may decrypt; the first encrypts).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from migrator.findings import Finding, Location
from migrator.masking import mask_url
from migrator.secrets.model import Connection, Variable
from migrator.secrets.sources import SourceData


class MetadataDbError(Exception):
    """The database cannot be opened at all (bad URL, missing driver). Message has no password."""


class FernetKeyError(ValueError):
    """A --fernet-key entry is not a Fernet key. The message never quotes the key."""


@dataclass(frozen=True, slots=True)
class Decryptor:
    """Airflow's get_fernet(): MultiFernet over every key; no key means values are stored plain."""

    fernet: Any | None

    @classmethod
    def from_keys(cls, keys_text: str | None) -> Decryptor:
        if not keys_text or not keys_text.strip():
            return cls(None)
        from cryptography.fernet import Fernet, MultiFernet

        fernets = []
        for position, key in enumerate((k.strip() for k in keys_text.split(",") if k.strip()), start=1):
            try:
                fernets.append(Fernet(key.encode("utf-8")))
            except (ValueError, TypeError):
                raise FernetKeyError(
                    f"Fernet key #{position} is not 32 url-safe base64-encoded bytes (Airflow's core.fernet_key format)"
                ) from None
        return cls(MultiFernet(fernets))

    def decrypt(self, value: str) -> str:
        """Raises LookupError when no key was given, ValueError when no key fits."""
        if self.fernet is None:
            raise LookupError("the value is encrypted and no Fernet key was given (--fernet-key)")
        from cryptography.fernet import InvalidToken

        try:
            return str(self.fernet.decrypt(value.encode("utf-8")).decode("utf-8"))
        except (InvalidToken, UnicodeDecodeError):
            raise ValueError("none of the given Fernet keys decrypts the value") from None


def display_url(url: str) -> str:
    return mask_url(url)


def _engine(url: str) -> Any:
    """An engine that cannot write: SQLite is opened with mode=ro (and must exist); other databases
    only ever see SELECTs inside a transaction that is rolled back."""
    import sqlite3

    import sqlalchemy
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        parsed = make_url(url)
    except ArgumentError:
        raise MetadataDbError(
            "--metadata-db is not an SQLAlchemy URL (e.g. sqlite:////path/airflow.db)"
        ) from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if not database or database == ":memory:":
            raise MetadataDbError("--metadata-db sqlite URL must name a database file")
        path = Path(database)
        if not path.is_file():
            raise MetadataDbError(f"--metadata-db file does not exist: {database}")
        uri = f"{path.resolve().as_uri()}?mode=ro"
        return sqlalchemy.create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))
    try:
        return sqlalchemy.create_engine(url)
    except NoSuchModuleError:
        raise MetadataDbError(f"SQLAlchemy has no dialect for {parsed.drivername!r}") from None
    except ModuleNotFoundError as exc:
        raise MetadataDbError(
            f"the database driver {exc.name!r} is not installed; install it next to mwaa-migrator "
            "(e.g. pip install psycopg2-binary or pymysql)"
        ) from None


def read_metadata_db(url: str, decryptor: Decryptor) -> SourceData:
    """Every connection and variable in the database. Undecryptable rows become findings."""
    import sqlalchemy
    from sqlalchemy.exc import SQLAlchemyError

    from migrator.rules.secrets.unreadable_source import UnreadableSecretsSource

    display = display_url(url)
    engine = _engine(url)
    out = SourceData()
    try:
        with engine.connect() as db:
            tables = set(sqlalchemy.inspect(db).get_table_names())
            if "connection" not in tables and "variable" not in tables:
                out.findings.append(
                    UnreadableSecretsSource.finding(
                        Location(display),
                        "no `connection` or `variable` table: not an Airflow metadata database",
                    )
                )
                return out
            if "connection" in tables:
                _read_connections(db, display, decryptor, out)
            if "variable" in tables:
                _read_variables(db, display, decryptor, out)
            db.rollback()
    except SQLAlchemyError as exc:
        # The driver's text can hold SQL and host names but not the URL's password; still keep it short.
        reason = str(getattr(exc, "orig", None) or type(exc).__name__).splitlines()[0][:200]
        out.findings.append(
            UnreadableSecretsSource.finding(Location(display), f"database cannot be read ({reason})")
        )
    finally:
        engine.dispose()
    return out


def _rows(db: Any, table_name: str) -> list[dict[str, Any]]:
    import sqlalchemy

    table = sqlalchemy.Table(table_name, sqlalchemy.MetaData(), autoload_with=db)
    order = table.c["id"] if "id" in table.c else next(iter(table.c))
    return [dict(row._mapping) for row in db.execute(sqlalchemy.select(table).order_by(order))]


def _decrypted(
    row: dict[str, Any], column: str, flag: str, decryptor: Decryptor
) -> tuple[str | None, str | None]:
    """(plain value, None) or (None, why it cannot be decrypted)."""
    value = row.get(column)
    if value is None or not row.get(flag):
        return value, None
    try:
        return decryptor.decrypt(str(value)), None
    except (LookupError, ValueError) as exc:
        return None, str(exc)


def _undecryptable(location: Location, what: str, problems: list[tuple[str, str]]) -> Finding:
    from migrator.rules.secrets.undecryptable_value import UndecryptableValue

    fields = ", ".join(name for name, _ in problems)
    return UndecryptableValue.finding(location, f"{what} ({fields}): {problems[0][1]}")


def _read_connections(db: Any, display: str, decryptor: Decryptor, out: SourceData) -> None:
    for row in _rows(db, "connection"):
        conn_id = str(row.get("conn_id") or "")
        location = Location(f"{display}#connection/{conn_id}")
        password, password_problem = _decrypted(row, "password", "is_encrypted", decryptor)
        extra, extra_problem = _decrypted(row, "extra", "is_extra_encrypted", decryptor)
        problems = [(n, p) for n, p in (("password", password_problem), ("extra", extra_problem)) if p]
        if problems:
            out.findings.append(_undecryptable(location, f"connection {conn_id!r}", problems))
            continue
        conn_type = row.get("conn_type")
        port = row.get("port")
        out.connections.append(
            Connection(
                conn_id=conn_id,
                conn_type=str(conn_type) if conn_type else None,
                host=row.get("host"),
                login=row.get("login"),
                password=password,
                schema=row.get("schema"),
                port=int(port) if port else None,
                extra=extra or None,
                description=row.get("description"),
                location=location,
            )
        )


def _read_variables(db: Any, display: str, decryptor: Decryptor, out: SourceData) -> None:
    for row in _rows(db, "variable"):
        key = str(row.get("key") or "")
        location = Location(f"{display}#variable/{key}")
        value, problem = _decrypted(row, "val", "is_encrypted", decryptor)
        if problem:
            out.findings.append(_undecryptable(location, f"variable {key!r}", [("value", problem)]))
            continue
        out.variables.append(Variable(key, value or "", row.get("description"), location))
