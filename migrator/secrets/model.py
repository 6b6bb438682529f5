"""Connections and variables as the tool holds them, and their two secret formats.

The formats follow what Airflow and the Amazon provider read back, derived from Airflow's
`Connection.get_uri` / `_parse_from_uri` / `from_json` and the provider's `SecretsManagerBackend`
(which accepts a URI, or a JSON object whose keys it maps onto the connection fields):

* URI: `conn-type://login:password@host:port/schema?extra`, every part percent-encoded; an extra
  that a query string cannot carry losslessly travels as `__extra__=<json>`.
* JSON: `{"conn_type": ..., "host": ..., "login": ..., "password": ..., "port": ..., "schema": ...,
  "extra": {...}}`, null fields left out.

Nothing here prints: `masked()` is the only view of a connection meant for people.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from migrator.findings import Location
from migrator.masking import MASK

EXTRA_KEY = "__extra__"


class ConnectionFormatError(ValueError):
    """A connection value that Airflow itself would refuse. The message never quotes the value."""


@dataclass(frozen=True, slots=True)
class Connection:
    conn_id: str
    conn_type: str | None = None
    host: str | None = None
    login: str | None = None
    password: str | None = None
    schema: str | None = None
    port: int | None = None
    extra: str | None = None
    description: str | None = None
    location: Location = field(default=Location("<unknown>"), compare=False)

    @property
    def extra_dict(self) -> dict[str, Any]:
        """`extra` parsed as a JSON object, or {} (Airflow's `extra_dejson`)."""
        if not self.extra:
            return {}
        try:
            value = json.loads(self.extra)
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    def fields(self) -> dict[str, Any]:
        """What the backend gives back, normalised so that equal connections compare equal:
        empty strings are None (URIs cannot tell them apart) and extra compares as parsed JSON."""
        extra: Any = self.extra or None
        if extra is not None:
            with contextlib.suppress(ValueError):  # a non-JSON extra compares as text
                extra = json.loads(extra)
        return {
            "conn_type": self.conn_type or None,
            "host": self.host or None,
            "login": self.login or None,
            "password": self.password or None,
            "schema": self.schema or None,
            "port": self.port or None,
            "extra": extra,
        }

    def secret_strings(self) -> list[str]:
        """Every string in this connection that may be a secret (for the output redactor)."""
        found = [s for s in (self.password, self.extra) if s]
        found.extend(leaf_strings(self.extra_dict))
        return found

    def masked(self) -> str:
        """A one-line description without secrets: no password, no extra values, only extra keys."""
        parts = [f"type={self.conn_type or '-'}"]
        if self.host:
            parts.append(f"host={self.host}")
        if self.port:
            parts.append(f"port={self.port}")
        if self.schema:
            parts.append(f"schema={self.schema}")
        if self.login:
            parts.append(f"login={self.login}")
        if self.password:
            parts.append(f"password={MASK}")
        extra = self.extra_dict
        if extra:
            parts.append("extra keys=" + ",".join(sorted(extra)))
        elif self.extra:
            parts.append(f"extra={MASK}")
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Variable:
    key: str
    value: str
    description: str | None = None
    location: Location = field(default=Location("<unknown>"), compare=False)

    def secret_strings(self) -> list[str]:
        return [self.value] if self.value else []


def leaf_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in leaf_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in leaf_strings(v)]
    return []


# --------------------------------------------------------------------------- URI


def normalize_conn_type(conn_type: str) -> str:
    """Airflow stores `postgresql` as `postgres` and reads `-` in a scheme as `_`."""
    if conn_type == "postgresql":
        return "postgres"
    return conn_type.replace("-", "_")


def to_uri(conn: Connection) -> str:
    """The connection URI Airflow 2.x/3.x parses back into the same fields."""
    out = f"{conn.conn_type.lower().replace('_', '-')}://" if conn.conn_type else "//"
    protocol, host = conn.host.split("://", 1) if conn.host and "://" in conn.host else (None, conn.host)
    if protocol:
        out += f"{protocol}://"
    authority = ""
    if conn.login is not None:
        authority += quote(conn.login, safe="")
    if conn.password is not None:
        authority += ":" + quote(conn.password, safe="")
    if authority:
        out += authority + "@"
    host_part = quote(host, safe="") if host else ""
    if conn.port:
        host_part += f"@:{conn.port}" if not host_part and not authority else f":{conn.port}"
    if conn.schema:
        host_part += "/" + quote(conn.schema, safe="")
    out += host_part
    if conn.extra:
        separator = "?" if conn.schema else "/?"
        query = _extra_as_query(conn)
        out += separator + (query if query is not None else urlencode({EXTRA_KEY: conn.extra}))
    return out


def _extra_as_query(conn: Connection) -> str | None:
    """The extra as `a=1&b=2` when that reads back as the same JSON object, else None."""
    extra = conn.extra_dict
    if not extra or not all(isinstance(v, str) for v in extra.values()):
        return None
    query = urlencode(extra)
    if dict(parse_qsl(query, keep_blank_values=True)) != extra:
        return None
    return query


def from_uri(conn_id: str, uri: str, location: Location | None = None) -> Connection:
    """Parse a connection URI the way Airflow does. Raises ConnectionFormatError (value not quoted)."""
    if uri.count("://") > 2:
        raise ConnectionFormatError("connection URI has more than two '://' separators")
    with_protocol = uri.count("://") == 2
    try:
        scheme = urlsplit(uri).scheme
        rest = uri.replace(f"{scheme}://", "" if with_protocol else "//")
        if with_protocol:
            before = rest.split("://", 1)[0]
            if "@" in before or ":" in before:
                raise ConnectionFormatError(
                    "connection URI has a protocol in its host with credentials before it"
                )
        parts = urlsplit(rest)
        port = parts.port
    except ConnectionFormatError:
        raise
    except ValueError as exc:
        # urlsplit's messages can quote the port text, never the password; keep only the kind.
        raise ConnectionFormatError(f"connection URI does not parse ({type(exc).__name__})") from None
    protocol = parts.scheme if with_protocol else None
    host = _hostname(parts)
    if host and protocol:
        host = f"{protocol}://{host}"
    schema_text = parts.path[1:]
    extra: str | None = None
    if parts.query:
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        extra = query[EXTRA_KEY] if EXTRA_KEY in query else json.dumps(query)
    return Connection(
        conn_id=conn_id,
        conn_type=normalize_conn_type(scheme) if scheme else None,
        host=host,
        login=unquote(parts.username) if parts.username else parts.username,
        password=unquote(parts.password) if parts.password else parts.password,
        schema=unquote(schema_text) if schema_text else schema_text,
        port=port,
        extra=extra,
        location=location or Location("<uri>"),
    )


def _hostname(parts: Any) -> str:
    """The host as typed: urlsplit lowercases it and loses paths, so take it from netloc then."""
    hostname = unquote(parts.hostname or "")
    if "/" in hostname:
        hostname = parts.netloc
        if "@" in hostname:
            hostname = hostname.rsplit("@", 1)[1]
        if ":" in hostname:
            hostname = hostname.split(":", 1)[0]
        hostname = unquote(hostname)
    return str(hostname)


# --------------------------------------------------------------------------- JSON

# The provider's SecretsManagerBackend accepts these older key names for the connection fields.
_JSON_ALIASES = {
    "login": ("login", "user", "username", "user_name"),
    "password": ("password", "pass", "key"),
    "host": ("host", "remote_host", "server"),
    "port": ("port",),
    "schema": ("database", "schema"),
    "conn_type": ("conn_type", "conn_id", "connection_type", "engine"),
    "extra": ("extra",),
}


def to_json(conn: Connection) -> str:
    """The JSON secret: fields that are set, extra as an object when it is one. Keys sorted."""
    body: dict[str, Any] = {}
    for name in ("conn_type", "host", "login", "password", "schema", "port"):
        value = getattr(conn, name)
        if value is not None and value != "":
            body[name] = value
    if conn.extra:
        try:
            parsed = json.loads(conn.extra)
        except ValueError:
            parsed = None
        body["extra"] = parsed if isinstance(parsed, dict) else conn.extra
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def from_json(conn_id: str, text: str, location: Location | None = None) -> Connection:
    """Read a JSON connection secret the way the provider plus Airflow's `Connection.from_json` do."""
    try:
        data = json.loads(text)
    except ValueError:
        raise ConnectionFormatError("connection JSON does not parse") from None
    if not isinstance(data, dict):
        raise ConnectionFormatError("connection JSON is not an object")
    fields: dict[str, Any] = {}
    for name, aliases in _JSON_ALIASES.items():
        fields[name] = next((data[k] for k in aliases if k in data), None)
    extra = fields["extra"]
    if extra is not None and not isinstance(extra, str):
        extra = json.dumps(extra)
    port = fields["port"]
    if port not in (None, ""):
        try:
            port = int(port)
        except (TypeError, ValueError):
            raise ConnectionFormatError("connection JSON has a port that is not an integer") from None
    else:
        port = None
    conn_type = fields["conn_type"]
    return Connection(
        conn_id=conn_id,
        conn_type=normalize_conn_type(str(conn_type)) if conn_type else None,
        host=_str_or_none(fields["host"]),
        login=_str_or_none(fields["login"]),
        password=_str_or_none(fields["password"]),
        schema=_str_or_none(fields["schema"]),
        port=port,
        extra=extra or None,
        location=location or Location("<json>"),
    )


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def parse_connection_value(conn_id: str, text: str, location: Location | None = None) -> Connection:
    """A stored connection value in either format (JSON when it starts with `{`), as Airflow decides."""
    if text.strip().startswith("{"):
        return from_json(conn_id, text, location)
    return from_uri(conn_id, text.strip(), location)


def serialize(conn: Connection, fmt: str) -> str:
    return to_json(conn) if fmt == "json" else to_uri(conn)


def round_trip_losses(conn: Connection, fmt: str) -> list[str]:
    """Fields that would not read back as they are: what `serialize` then parse changes."""
    back = parse_connection_value(conn.conn_id, serialize(conn, fmt))
    want, got = conn.fields(), back.fields()
    lost = [name for name in want if want[name] != got[name]]
    if conn.description:
        lost.append("description")
    return lost
