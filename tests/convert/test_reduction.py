"""libcst sees only the statements a rewrite can touch (lines.py): the result must be exactly what
a rewrite of the whole file gives, on the fixtures and on a synthetic repository."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

from migrator.codemods.base import ConvertOptions
from migrator.codemods.lines import reduce_source
from migrator.codemods.transformer import rewrite_source
from migrator.engine import analyse_python_bytes
from migrator.knowledge.versions import resolve
from tests.convert.conftest import FIXTURES, REFERENCE_DATE

OPTIONS = ConvertOptions(reference_date=REFERENCE_DATE)
BENCH = Path(__file__).resolve().parents[2] / "bench"


def _synthetic(root: Path, files: int) -> Path:
    spec = importlib.util.spec_from_file_location("synthetic_repo", BENCH / "synthetic_repo.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(root, files, seed=7)
    return root


def _python_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    synthetic = _synthetic(tmp_path_factory.mktemp("synthetic") / "repo", 100)
    paths = sorted(FIXTURES.rglob("*.py")) + sorted(synthetic.rglob("*.py"))
    return paths


@pytest.mark.parametrize("target", ["3.0.6", "2.10.3"])
def test_reduced_rewrite_equals_whole_file_rewrite(
    target: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    version = resolve(target)
    compared = 0
    for path in _python_files(tmp_path_factory):
        data = path.read_bytes()
        before = analyse_python_bytes(str(path), data, version, "plugins" in path.parts)
        lines = {f.location.line for f in before.findings if f.fixable and f.location.line}
        if not lines:
            continue
        text = data.decode()
        reduced = rewrite_source(text, str(path), version, OPTIONS, finding_lines=lines)
        whole = rewrite_source(text, str(path), version, OPTIONS)
        assert reduced.text == whole.text, path
        assert reduced.changes == whole.changes, path
        compared += 1
    assert compared > 60


def test_placeholders_restore_the_original_bytes() -> None:
    text = (
        '"""Doc."""\n'
        "import os\n"
        "# a comment that stays\n"
        "A = 1; B = 2\n"
        "def f():\n"
        "    x = 1\n"
        "    y = 2\n"
        "    return execution_date\n"
        "if True: z = 3\n"
        "class C:\n"
        "    '''doc'''\n"
        "    a = 1\n"
        "last = 'no newline'"
    )
    tree = ast.parse(text)
    reduction = reduce_source(text, tree, {8})
    assert "x = 1" not in reduction.text and "execution_date" in reduction.text
    assert "A = 1; B = 2" not in reduction.text and "class C" not in reduction.text
    ast.parse(reduction.text)  # the reduced text is valid Python
    assert reduction.restore(reduction.text) == text
    assert reduction.restore(reduction.text.replace("__mwaa_migrator_kept_0__", "gone")) is None


def test_codemod_examples_through_the_pipeline_path() -> None:
    """The examples again, the way `convert` runs them: gated and reduced by the engine's findings."""
    from migrator.codemods import all_codemods

    for codemod in all_codemods():
        for example in codemod.examples:
            version = resolve(example.target)
            before = analyse_python_bytes(example.filename, example.before.encode(), version, False)
            lines = {f.location.line for f in before.findings if f.fixable and f.location.line}
            assert lines, f"{codemod.name}: the engine reports nothing fixable in the example"
            result = rewrite_source(example.before, example.filename, version, OPTIONS, finding_lines=lines)
            assert result.text == example.after, codemod.name
