"""Analysis results keyed by file content, so an unchanged file is never analysed twice.

One pickle per (tool version, rule code, knowledge tables) fingerprint under the user's cache folder;
never inside the analysed paths. Findings are stored without their path and re-attached on load,
so a file moved or copied elsewhere still hits.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from migrator import __version__, knowledge
from migrator.engine import FileResult, ResultCacheLike
from migrator.findings import Family, Finding, Location, Severity

# A finding as plain builtins, without its path: pickles and unpickles several times faster than the
# dataclasses (a warm run of a 10,000-file repository loads 100,000 of them).
_Row = tuple[str, int, str, int, int, int, int, str, str, bool, tuple[tuple[str, str], ...]]
_SEVERITIES = {s.value: s for s in Severity}
_FAMILIES = {f.value: f for f in Family}


def _row(f: Finding) -> _Row:
    loc = f.location
    return (f.code, f.severity.value, f.family.value, loc.line, loc.column, loc.end_line, loc.end_column,
            f.message, f.remedy, f.fixable, f.data)  # fmt: skip


def _finding(row: _Row, path: str) -> Finding:
    code, severity, family, line, column, end_line, end_column, message, remedy, fixable, data = row
    return Finding(code, _SEVERITIES[severity], _FAMILIES[family], Location(path, line, column, end_line, end_column),
                   message, remedy, fixable, data)  # fmt: skip


def default_cache_dir() -> Path:
    """$MWAA_MIGRATOR_CACHE, else $XDG_CACHE_HOME/mwaa-migrator, else ~/.cache/mwaa-migrator."""
    if explicit := os.environ.get("MWAA_MIGRATOR_CACHE"):
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mwaa-migrator"


def code_fingerprint() -> str:
    """Changes whenever the tool's code or knowledge changes, which invalidates every entry."""
    digest = hashlib.blake2b(digest_size=8)
    digest.update(__version__.encode())
    digest.update(knowledge.fingerprint().encode())
    package = Path(__file__).parent
    for sub in ("rules", "inputs", "knowledge", "cron"):
        for path in sorted((package / sub).rglob("*.py")):
            digest.update(path.read_bytes())
    digest.update((package / "engine.py").read_bytes())
    return digest.hexdigest()


class ResultCache(ResultCacheLike):
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_cache_dir()
        self.path = self.directory / f"assess-{code_fingerprint()}.pickle"
        self._entries: dict[
            str, tuple[str, bool, tuple[tuple[str, int], ...], tuple[_Row, ...], dict[str, Any]]
        ] = {}
        self._stat_index: dict[tuple[int, ...], str] = {}
        self._dirty = False
        try:
            with self.path.open("rb") as handle:
                loaded = pickle.load(handle)
            self._entries, self._stat_index = loaded["entries"], loaded["stat_index"]
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, KeyError, TypeError):
            self._entries, self._stat_index = {}, {}  # a missing or stale cache is just a cold run

    def key_for_stat(self, stat_key: tuple[int, ...]) -> str | None:
        return self._stat_index.get(stat_key)

    def get(self, key: str, display: str) -> FileResult | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        kind, is_dag, import_lines, rows, facts = entry
        return FileResult(display, kind, [_finding(row, display) for row in rows], is_dag, import_lines, facts=facts)

    def put(self, key: str, result: FileResult, stat_key: tuple[int, ...]) -> None:
        rows = tuple(_row(f) for f in result.findings)
        self._entries[key] = (result.kind, result.is_dag_file, result.import_lines, rows, result.facts)
        self._stat_index[stat_key] = key
        self._dirty = True

    def save(self) -> None:
        if not self._dirty:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".assess-", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(
                    {"entries": self._entries, "stat_index": self._stat_index}, handle, protocol=pickle.HIGHEST_PROTOCOL
                )
            os.replace(tmp, self.path)  # atomic: a concurrent reader sees the old or the new file
            self._dirty = False
        except OSError:
            pass  # caching is an optimisation; a read-only home must not fail the run


