"""ruff's own Airflow 3 rules find nothing left to fix in converted 3.x output, except what convert
deliberately leaves with a finding of its own (no drop-in replacement) and ruff's "moved in 3.1"
suggestions, whose new homes do not exist on an Airflow 3.0 target."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from migrator.engine import analyse
from migrator.knowledge.versions import resolve
from tests.convert.conftest import FIXTURE_NAMES, FIXTURES, run_cli
from tests.convert.test_reduction import _synthetic

RUFF = Path(sys.executable).with_name("ruff")


def _ruff_fixable(folder: Path) -> list[dict[str, object]]:
    result = subprocess.run(
        [str(RUFF), "check", "--select", "AIR3", "--preview", "--isolated", "--no-cache", "--exit-zero",
         "--output-format", "json", str(folder)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return [d for d in json.loads(result.stdout) if d.get("fix")]


@pytest.mark.skipif(shutil.which(str(RUFF)) is None, reason="ruff is in the test extra")
@pytest.mark.parametrize("target", ["3.0.6", "3.2.1"])
def test_ruff_finds_nothing_left_to_fix(target: str, tmp_path: Path) -> None:
    source = tmp_path / "src"
    for name in FIXTURE_NAMES:
        shutil.copytree(FIXTURES / name, source / name)
    _synthetic(source / "synthetic", 120)
    out = tmp_path / "out"
    code, output = run_cli(
        "convert", str(source), "-t", target, "--out", str(out), "--reference-date", "2026-11-22"
    )
    assert code == 0, output
    before = _ruff_fixable(source)
    after = _ruff_fixable(out)
    assert len(before) > 100, "ruff has plenty to fix in the originals"
    # what convert knowingly left (a finding that is not fixable), by line and by the name it is about
    manual = [f for f in analyse([out], resolve(target), jobs=1, cwd=out).findings if not f.fixable]
    left_with_reason = {(str((out / f.location.path).resolve()), f.location.line) for f in manual}
    names_left = {
        (str((out / f.location.path).resolve()), f.detail("old")) for f in manual if f.detail("old")
    }
    unexplained = []
    for diagnostic in after:
        place = (str(Path(str(diagnostic["filename"])).resolve()), diagnostic["location"]["row"])  # type: ignore[index]
        if diagnostic["code"] == "AIR321" and not resolve(target).at_least("3.1"):
            continue  # "moved in 3.1": the new name does not exist on 3.0
        name = str(diagnostic["message"]).split("`")[1] if "`" in str(diagnostic["message"]) else ""
        if place not in left_with_reason and (place[0], name) not in names_left:
            unexplained.append(f"{place[0]}:{place[1]} {diagnostic['code']} {diagnostic['message']}")
    assert unexplained == [], "\n".join(unexplained)
