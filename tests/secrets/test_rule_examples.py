"""Every secrets rule's Examples, read by the command's own readers and checked line by line
(the engine reads files, not connections, so tests/test_rule_examples.py leaves these to us)."""

from __future__ import annotations

import pytest

from migrator.rules import registry
from migrator.rules.base import Example, Rule
from migrator.rules.secrets.base import SecretsRule
from migrator.secrets.checks import example_findings

SECRETS_RULES = [r for r in registry.all_rules() if issubclass(r, SecretsRule)]
CASES = [
    pytest.param(rule, example, id=f"{rule.code}-{index}")
    for rule in SECRETS_RULES
    for index, example in enumerate(rule.examples, start=1)
]


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_example(rule: type[Rule], example: Example) -> None:
    lines = sorted({f.location.line for f in example_findings(rule, example)})
    assert lines == sorted(set(example.expect_lines))


def test_every_secrets_rule_is_in_the_secrets_family_and_range() -> None:
    codes = sorted(rule.code for rule in SECRETS_RULES)
    assert len(codes) >= 11
    assert all(1001 <= int(code[4:]) <= 1049 for code in codes)
    assert all(rule.family.value == "secrets" for rule in SECRETS_RULES)
    for rule in SECRETS_RULES:
        assert rule.examples or rule.examples_elsewhere, rule.code


def test_findings_never_carry_values() -> None:
    """The examples plant passwords; no finding message or data may contain them."""
    for rule in SECRETS_RULES:
        for example in rule.examples:
            for finding in example_findings(rule, example):
                text = finding.message + repr(finding.data)
                for secret in ("AKIAEXAMPLE:secret", ":secret@", "u:p@"):
                    assert secret not in text, (rule.code, text)


def test_requirements_make_a_provider_available() -> None:
    from migrator.knowledge.versions import resolve
    from migrator.rules.secrets.provider_not_installed import ProviderNotInstalled
    from migrator.secrets.checks import make_context
    from migrator.secrets.model import Connection

    conn = Connection("sf", conn_type="snowflake")
    without = make_context(resolve("2.10.3"))
    with_req = make_context(resolve("2.10.3"), requirements={"apache-airflow-providers-snowflake"})
    assert len(list(ProviderNotInstalled().check_connection(conn, without))) == 1
    assert list(ProviderNotInstalled().check_connection(conn, with_req)) == []
    # fs is core in Airflow 2 and in the preinstalled standard provider in Airflow 3
    fs = Connection("files", conn_type="fs")
    assert list(ProviderNotInstalled().check_connection(fs, without)) == []
    assert list(ProviderNotInstalled().check_connection(fs, make_context(resolve("3.0.6")))) == []
