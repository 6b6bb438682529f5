"""Every codemod's before/after examples (its tests and its documentation), collected automatically,
and every rule Example that carries `fixed`: convert must turn `source` into exactly that."""

from __future__ import annotations

import difflib

import pytest

from migrator.codemods import all_codemods
from migrator.codemods.base import Codemod, CodemodExample, ConvertOptions
from migrator.codemods.transformer import rewrite_source
from migrator.knowledge.versions import resolve
from migrator.rules import registry
from migrator.rules.base import Example, Rule
from tests.convert.conftest import REFERENCE_DATE

OPTIONS = ConvertOptions(reference_date=REFERENCE_DATE)

CODEMOD_CASES = [
    pytest.param(codemod, example, id=f"{codemod.name}-{index}")
    for codemod in all_codemods()
    for index, example in enumerate(codemod.examples, start=1)
]

RULE_CASES = [
    pytest.param(rule, example, id=f"{rule.code}-{index}")
    for rule in registry.all_rules()
    for index, example in enumerate(rule.examples, start=1)
    if example.fixed is not None
]


def _diff(expected: str, got: str) -> str:
    return "".join(difflib.unified_diff(expected.splitlines(True), got.splitlines(True), "expected", "got"))


@pytest.mark.parametrize(("codemod", "example"), CODEMOD_CASES)
def test_codemod_example(codemod: Codemod, example: CodemodExample) -> None:
    result = rewrite_source(example.before, example.filename, resolve(example.target), OPTIONS)
    assert not result.error
    assert result.text == example.after, _diff(example.after, result.text)
    assert result.changes.get(codemod.name), f"{codemod.name} made no change in its own example"


@pytest.mark.parametrize(("codemod", "example"), CODEMOD_CASES)
def test_codemod_example_is_idempotent(codemod: Codemod, example: CodemodExample) -> None:
    again = rewrite_source(example.after, example.filename, resolve(example.target), OPTIONS)
    assert again.text == example.after, _diff(example.after, again.text)


def test_every_codemod_has_examples_and_docs() -> None:
    assert len(all_codemods()) >= 8
    for codemod in all_codemods():
        assert codemod.examples, codemod.name
        assert codemod.documentation() and codemod.title
        assert all(code in {r.code for r in registry.all_rules()} for code in codemod.fixes), codemod.name


@pytest.mark.parametrize(("rule", "example"), RULE_CASES)
def test_rule_example_fixed(rule: type[Rule], example: Example) -> None:
    """The rule's own fix (only the codemods that fix that rule run) gives `fixed` exactly."""
    codemods = [c for c in all_codemods() if rule.code in c.fixes]
    assert codemods, f"{rule.code} has a fixed example but no codemod fixes it"
    assert example.fixed is not None
    result = rewrite_source(example.source, example.filename, resolve(example.target), OPTIONS, codemods)
    assert result.text == example.fixed, _diff(example.fixed, result.text)
