"""Turning bytes into text the way Python and Airflow would, or saying precisely why not."""

from __future__ import annotations

import codecs
import io
import tokenize
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DecodeProblem:
    """Why bytes could not become text; `line` is 1-based (0 = unknown)."""

    kind: str  # "binary" | "undecodable" | "unknown-encoding"
    message: str
    line: int = 0


def looks_binary(data: bytes) -> bool:
    return b"\x00" in data[:8192]


def line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_python(data: bytes) -> tuple[str, str] | DecodeProblem:
    """Decode a Python source honouring a BOM and a PEP 263 coding cookie. Returns (text, encoding)."""
    if looks_binary(data):
        return DecodeProblem("binary", "file contains NUL bytes: not Python source")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:  # unknown codec in the cookie, or BOM/cookie conflict
        return DecodeProblem("unknown-encoding", str(exc), getattr(exc, "lineno", 0) or 1)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = line_of_offset(data, exc.start)
        return DecodeProblem(
            "undecodable", f"byte 0x{data[exc.start]:02x} at line {line} is not valid {encoding}", line
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, codecs.lookup(encoding).name


def decode_text(data: bytes) -> tuple[str, str] | DecodeProblem:
    """Decode a non-Python text file (cfg, requirements, crontab): UTF-8, else report the byte."""
    if looks_binary(data):
        return DecodeProblem("binary", "file contains NUL bytes: not a text file")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        line = line_of_offset(data, exc.start)
        return DecodeProblem("undecodable", f"byte 0x{data[exc.start]:02x} at line {line} is not valid UTF-8", line)
