"""Every rule's examples are its tests (Fixit-style): collected here, run through the real engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrator.rules import registry
from migrator.rules.base import Example, Rule
from tests.examples import reported_lines

CASES = [
    pytest.param(rule, example, id=f"{rule.code}-{index}")
    for rule in registry.all_rules()
    for index, example in enumerate(rule.examples, start=1)
    if getattr(rule, "examples_run_by_engine", True)
]


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_example(rule: type[Rule], example: Example, tmp_path: Path) -> None:
    assert reported_lines(example, rule.code, tmp_path) == sorted(set(example.expect_lines))


@pytest.mark.parametrize("rule", registry.all_rules(), ids=lambda r: r.code)
def test_rule_is_documented_with_examples(rule: type[Rule]) -> None:
    assert rule.code.startswith("MWAA") and rule.code[4:].isdigit()
    assert rule.name and rule.name == rule.name.lower() and " " not in rule.name
    assert rule.title and rule.why and rule.remedy and rule.__doc__
    if rule.examples_elsewhere:
        assert (Path(__file__).parent.parent / rule.examples_elsewhere).exists()
    else:
        assert any(e.expect_lines for e in rule.examples), "needs an example that is reported"


def test_codes_and_names_are_unique() -> None:
    rules = registry.all_rules()
    assert len({r.code for r in rules}) == len(rules)
    assert len({r.name for r in rules}) == len(rules)
