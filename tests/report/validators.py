"""Validators shared by the report tests: our report.json schema and the official SARIF schema.

tests/data/sarif-schema-2.1.0.json is the official SARIF 2.1.0 schema, vendored so the tests need no
network: OASIS sarif-spec repository (github.com/oasis-tcs/sarif-spec), file
sarif-2.1/schema/sarif-schema-2.1.0.json, whose id is
https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json
(SARIF 2.1.0 Errata 01, OASIS Standard). The SHA-256 of the vendored bytes is checked on every use.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import jsonschema

from migrator.report.sarif import SARIF_SCHEMA_URI
from migrator.report.schema import report_schema


def report_errors(document: dict[str, Any]) -> list[str]:
    schema = report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


SARIF_SCHEMA_PATH = Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json"
SARIF_SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"


def _sarif_schema() -> dict[str, Any]:
    data = SARIF_SCHEMA_PATH.read_bytes()
    assert hashlib.sha256(data).hexdigest() == SARIF_SCHEMA_SHA256, "the vendored SARIF schema was modified"
    schema: dict[str, Any] = json.loads(data)
    return schema


# RFC 3986 URI-reference characters, with "%" only as a percent-encoding. jsonschema checks the
# schema's "uri"/"uri-reference" formats only with an optional package, so we check them here.
_URI_REFERENCE = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")


def _uris(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [v for k, v in node.items() if k in ("uri", "$schema", "informationUri", "helpUri") and isinstance(v, str)]
        return found + [u for v in node.values() for u in _uris(v)]
    if isinstance(node, list):
        return [u for v in node for u in _uris(v)]
    return []


def sarif_errors(log: dict[str, Any]) -> list[str]:
    schema = _sarif_schema()
    assert schema["id"] == SARIF_SCHEMA_URI  # we point $schema at exactly the schema we validate against
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    return errors + [f"not a URI reference: {uri!r}" for uri in _uris(log) if not _URI_REFERENCE.match(uri)]
