"""A non-editable install works: the wheel carries the templates and the knowledge tables."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_wheel_contains_templates_and_knowledge(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(REPO), "-w", str(tmp_path)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    (wheel,) = tmp_path.glob("mwaa_migrator-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {p.relative_to(REPO).as_posix() for p in (REPO / "templates").rglob("*") if p.is_file()}
    assert {f"migrator/{t}" for t in templates} <= names
    knowledge = {p.relative_to(REPO).as_posix() for p in (REPO / "migrator" / "knowledge").glob("*.toml")}
    assert knowledge <= names
    assert "migrator/report/report.schema.json" in names
