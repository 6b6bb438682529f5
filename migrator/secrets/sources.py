"""Readers for connection/variable files: `airflow connections export` (JSON, YAML, ENV),
`airflow variables export` (JSON), and env files with AIRFLOW_CONN_* / AIRFLOW_VAR_* lines.

Each reader takes the file's text and a display name, and returns what it understood plus findings
for what it did not; a bad record never stops the others. Every item remembers the line it came from.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from migrator.findings import Finding, Location
from migrator.secrets.model import (
    Connection,
    ConnectionFormatError,
    Variable,
    parse_connection_value,
)

# The fields `airflow connections export` writes and `airflow connections import` accepts.
CONNECTION_FIELDS = frozenset(
    {"conn_type", "description", "host", "login", "password", "schema", "port", "extra", "uri", "conn_id"}
)


@dataclass(slots=True)
class SourceData:
    connections: list[Connection] = field(default_factory=list)
    variables: list[Variable] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def extend(self, other: SourceData) -> None:
        self.connections.extend(other.connections)
        self.variables.extend(other.variables)
        self.findings.extend(other.findings)


def _unreadable(display: str, message: str, line: int = 0) -> Finding:
    from migrator.rules.secrets.unreadable_source import UnreadableSecretsSource

    return UnreadableSecretsSource.finding(Location(display, line, 1 if line else 0), message)


def _malformed(location: Location, message: str) -> Finding:
    from migrator.rules.secrets.malformed_connection import MalformedConnection

    return MalformedConnection.finding(location, message)


# --------------------------------------------------------------------------- line numbers


def top_level_key_lines(text: str) -> dict[str, int]:
    """Line of each key of the top-level JSON object (first occurrence), without a full parser:
    strings are skipped with their escapes, brackets counted."""
    lines: dict[str, int] = {}
    depth = 0
    line = 1
    i = 0
    n = len(text)
    pending_key: tuple[str, int] | None = None
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch == '"':
            start_line = line
            j = i + 1
            while j < n and text[j] != '"':
                if text[j] == "\\":
                    j += 1
                elif text[j] == "\n":
                    line += 1
                j += 1
            raw = text[i : j + 1]
            i = j
            if depth == 1:
                try:
                    pending_key = (json.loads(raw), start_line)
                except ValueError:
                    pending_key = None
            i += 1
            continue
        elif ch == ":" and depth == 1 and pending_key is not None:
            lines.setdefault(*pending_key)
            pending_key = None
        elif ch in "{[":
            depth += 1
            pending_key = None
        elif ch in "}]":
            depth -= 1
            pending_key = None
        elif ch == ",":
            pending_key = None
        i += 1
    return lines


def _yaml_key_lines(text: str) -> dict[str, int]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    out: dict[str, int] = {}
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            out.setdefault(str(key_node.value), key_node.start_mark.line + 1)
    return out


# --------------------------------------------------------------------------- export files


def load_structured(text: str, display: str, kind: str) -> tuple[Any, dict[str, int]] | Finding:
    """(parsed object, line of each top-level key) for a JSON or YAML file, or a finding."""
    if kind == "yaml":
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 0
            return _unreadable(
                display, f"YAML does not parse ({getattr(exc, 'problem', None) or 'syntax error'})", line
            )
        return data, _yaml_key_lines(text)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return _unreadable(display, f"JSON does not parse ({exc.msg})", exc.lineno)
    return data, top_level_key_lines(text)


def file_kind(display: str) -> str:
    suffix = Path(display).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".json":
        return "json"
    return "env"


def looks_like_connections(data: dict[str, Any]) -> bool:
    """A connections export maps ids to objects of connection fields (or to URIs, in import files).
    A variables export maps keys to values; a described variable is {"value": .., "description": ..}."""
    if not data:
        return False
    for value in data.values():
        if isinstance(value, str):
            if "://" not in value:
                return False
            continue
        if not isinstance(value, dict) or not value or not set(value) <= CONNECTION_FIELDS:
            return False
    return True


def read_export_text(text: str, display: str, forced: str | None = None) -> SourceData:
    """An `airflow connections export` or `airflow variables export` file, format by extension.

    `forced` is "connections" or "variables" to skip the content sniffing."""
    kind = file_kind(display)
    if kind == "env":
        return _read_connections_env_export(text, display)
    loaded = load_structured(text, display, kind)
    if isinstance(loaded, Finding):
        return SourceData(findings=[loaded])
    data, key_lines = loaded
    if data is None:
        return SourceData()
    if not isinstance(data, dict):
        return SourceData(findings=[_unreadable(display, "top level is not an object of id -> value", 1)])
    what = forced or ("connections" if looks_like_connections(data) else "variables")
    if what == "connections":
        return _connections_from_mapping(data, display, key_lines)
    return _variables_from_mapping(data, display, key_lines)


def _connections_from_mapping(data: dict[str, Any], display: str, key_lines: dict[str, int]) -> SourceData:
    out = SourceData()
    for conn_id, value in data.items():
        location = Location(display, key_lines.get(str(conn_id), 0), 1 if key_lines.get(str(conn_id)) else 0)
        try:
            out.connections.append(connection_from_record(str(conn_id), value, location))
        except ConnectionFormatError as exc:
            out.findings.append(_malformed(location, f"connection {conn_id!r}: {exc}"))
    return out


def connection_from_record(conn_id: str, value: Any, location: Location) -> Connection:
    """One entry of a connections file: a URI/JSON string, or an object of fields (`airflow
    connections import` accepts `uri` or the separate fields, and `extra` as text or object)."""
    if isinstance(value, str):
        return _located(parse_connection_value(conn_id, value, location), location)
    if not isinstance(value, dict):
        raise ConnectionFormatError("entry is neither a connection URI nor an object of fields")
    unknown = sorted(set(value) - CONNECTION_FIELDS)
    if unknown:
        raise ConnectionFormatError(f"unknown field(s) {', '.join(unknown)}")
    if value.get("uri"):
        parsed = parse_connection_value(conn_id, str(value["uri"]), location)
        return _located(_with_description(parsed, value.get("description")), location)
    extra = value.get("extra")
    if extra is not None and not isinstance(extra, str):
        extra = json.dumps(extra)
    port = value.get("port")
    if port in (None, ""):
        port = None
    else:
        try:
            port = int(port)
        except (TypeError, ValueError):
            raise ConnectionFormatError("port is not an integer") from None
    conn_type = value.get("conn_type")
    return Connection(
        conn_id=conn_id,
        conn_type=_text(conn_type) or None,  # stored as given, as `airflow connections import` does
        host=_text(value.get("host")),
        login=_text(value.get("login")),
        password=_text(value.get("password")),
        schema=_text(value.get("schema")),
        port=port,
        extra=extra or None,
        description=_text(value.get("description")),
        location=location,
    )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _with_description(conn: Connection, description: Any) -> Connection:
    from dataclasses import replace

    return replace(conn, description=_text(description))


def _located(conn: Connection, location: Location) -> Connection:
    from dataclasses import replace

    return replace(conn, location=location)


def variable_value(value: Any) -> tuple[str, str | None]:
    """(stored text, description) for one entry of a variables export, as `airflow variables import`
    stores it: strings as they are, anything else as JSON; {"value":..,"description":..} unwrapped."""
    description = None
    if isinstance(value, dict) and value.get("value") and set(value) <= {"value", "description"}:
        value, description = value["value"], value.get("description")
    if isinstance(value, str):
        return value, _text(description)
    return json.dumps(value, indent=2), _text(description)


def _variables_from_mapping(data: dict[str, Any], display: str, key_lines: dict[str, int]) -> SourceData:
    out = SourceData()
    for key, value in data.items():
        line = key_lines.get(str(key), 0)
        text, description = variable_value(value)
        out.variables.append(Variable(str(key), text, description, Location(display, line, 1 if line else 0)))
    return out


def _read_connections_env_export(text: str, display: str) -> SourceData:
    """`conn_id=<uri or json>` per line (`airflow connections export --file-format env`)."""
    out = SourceData()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        location = Location(display, number, 1)
        if "=" not in line:
            out.findings.append(_unreadable(display, "line is not `conn_id=value`", number))
            continue
        conn_id, value = line.split("=", 1)
        try:
            out.connections.append(
                parse_connection_value(conn_id.strip(), _strip_quotes(value.strip()), location)
            )
        except ConnectionFormatError as exc:
            out.findings.append(_malformed(location, f"connection {conn_id.strip()!r}: {exc}"))
    return out


# --------------------------------------------------------------------------- env files

_ENV_LINE = re.compile(r"^\s*(?:export\s+)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<value>.*)$")
CONN_ENV_PREFIX = "AIRFLOW_CONN_"
VAR_ENV_PREFIX = "AIRFLOW_VAR_"


def _strip_quotes(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        inner = value[1:-1]
        return inner.replace('\\"', '"') if value[0] == '"' else inner
    return value


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return _strip_quotes(value)
    # An unquoted value ends at a ` #` comment, as in shells and docker env files.
    return re.split(r"\s+#", value, maxsplit=1)[0].strip()


def read_env_text(text: str, display: str) -> SourceData:
    """AIRFLOW_CONN_<ID> and AIRFLOW_VAR_<KEY> lines; Airflow looks ids up upper-cased, so the id
    is the lower-cased suffix. Other variables are ignored."""
    out = SourceData()
    for number, raw in enumerate(text.splitlines(), start=1):
        match = _ENV_LINE.match(raw)
        if not match:
            continue
        name, value = match["name"], _unquote(match["value"].strip())
        location = Location(display, number, 1)
        if name.startswith(CONN_ENV_PREFIX) and len(name) > len(CONN_ENV_PREFIX):
            conn_id = name[len(CONN_ENV_PREFIX) :].lower()
            try:
                out.connections.append(parse_connection_value(conn_id, value, location))
            except ConnectionFormatError as exc:
                out.findings.append(_malformed(location, f"connection {conn_id!r}: {exc}"))
        elif name.startswith(VAR_ENV_PREFIX) and len(name) > len(VAR_ENV_PREFIX):
            out.variables.append(Variable(name[len(VAR_ENV_PREFIX) :].lower(), value, None, location))
    return out


# --------------------------------------------------------------------------- files on disk


def read_file(path: Path, display: str, reader: str) -> SourceData:
    """`reader` is "export" or "env". Unreadable or undecodable files become a finding."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return SourceData(findings=[_unreadable(display, f"file cannot be read ({exc.strerror})")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return SourceData(findings=[_unreadable(display, "file is not UTF-8 text", line)])
    if reader == "env":
        return read_env_text(text, display)
    return read_export_text(text, display)
