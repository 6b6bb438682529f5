"""Shared helpers for the bundle tests: real deployments on disk, the real CLI, the real outputs."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from migrator.inputs.requirements import RequirementLine, parse_requirements

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures"
REFERENCE_DATE = "2026-11-22"
SECRET_MARK = "FAKE-not-a-real-secret"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI as a user runs it (a fresh process: nothing cached between runs but the disk)."""
    return subprocess.run(
        [sys.executable, "-m", "migrator", *args], capture_output=True, text=True, cwd=cwd or REPO,
        env={**os.environ}, check=False,
    )  # fmt: skip


def bundle(src: Path | list[Path], out: Path, target: str, *extra: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    sources = [str(p) for p in (src if isinstance(src, list) else [src])]
    return run_cli("bundle", *sources, "--target-airflow", target, "--out", str(out), "--reference-date",
                   REFERENCE_DATE, "--no-download", *extra, cwd=cwd)  # fmt: skip


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def active_requirements(path: Path) -> list[RequirementLine]:
    """What pip installs from a generated requirements.txt (comments and options left out)."""
    parsed = parse_requirements(path.read_text(encoding="utf-8"), str(path))
    return [line for line in parsed.lines if line.kind not in {"comment", "option"}]


def zip_infos(path: Path) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        assert archive.testzip() is None
        return archive.infolist()


@pytest.fixture()
def constraints_file(tmp_path: Path) -> Path:
    """A small constraints file in Airflow's format, standing in for the unreachable real one."""
    path = tmp_path / "constraints.txt"
    path.write_text(
        "#\n# This constraints file was generated for the mwaa-migrator bundle tests.\n#\n"
        "boto3==1.40.0\nnumpy==1.26.4\npandas==2.1.4\nxmltodict==0.13.0\niso8601==2.1.0\n"
        "apache-airflow-providers-slack==9.0.0\nkubernetes==31.0.0\n",
        encoding="utf-8",
    )
    return path
