"""Runs a rule's Example through the real engine: the shared harness for every rule family."""

from __future__ import annotations

from pathlib import Path

from migrator.engine import analyse
from migrator.findings import Finding
from migrator.knowledge.versions import resolve
from migrator.rules.base import Example


def write_example(example: Example, root: Path) -> Path:
    path = root / example.filename
    path.parent.mkdir(parents=True, exist_ok=True)
    # surrogateescape lets an example carry raw bytes that are not valid UTF-8
    path.write_bytes(example.source.encode("utf-8", "surrogateescape"))
    return path


def findings_for(example: Example, root: Path) -> list[Finding]:
    write_example(example, root)
    deployment = analyse([root], resolve(example.target), cache=None, jobs=1, cwd=root)
    return deployment.findings


def reported_lines(example: Example, code: str, root: Path) -> list[int]:
    return sorted({f.location.line for f in findings_for(example, root) if f.code == code})
