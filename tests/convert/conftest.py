"""Shared helpers for the convert tests: run the real CLI / pipeline on real files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from migrator.cli import app

REFERENCE_DATE = date(2026, 11, 22)
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
FIXTURE_NAMES = ("legacy-airflow-1.10", "airflow-2.x")


def run_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
