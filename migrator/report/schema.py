"""The JSON Schema of report.json, shipped beside this module (report.schema.json)."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

SCHEMA_FILE = "report.schema.json"


@functools.cache
def report_schema() -> dict[str, Any]:
    """The schema as a dict (draft 2020-12). Cached: it is read-only data."""
    text = resources.files("migrator.report").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
