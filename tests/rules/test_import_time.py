"""Parse-time rules fire only for code that runs when the DAG file is imported (engine's import_time)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrator.rules.base import Example
from tests.examples import reported_lines

HEADER = "from airflow.models import Variable\nfrom airflow.decorators import task\nimport requests\n"


@pytest.mark.parametrize(
    ("body", "at_import"),
    [
        ("X = Variable.get('k')", True),
        ("if True:\n    X = Variable.get('k')", True),
        ("try:\n    X = Variable.get('k')\nexcept Exception:\n    pass", True),
        ("with open('f') as f:\n    X = Variable.get('k')", True),
        ("for i in range(2):\n    X = Variable.get('k')", True),
        ("class C:\n    X = Variable.get('k')", True),
        ("class C:\n    def m(self):\n        return Variable.get('k')", False),
        ("def f(x=Variable.get('k')):\n    pass", True),
        ("def f():\n    return Variable.get('k')", False),
        ("async def f():\n    return Variable.get('k')", False),
        ("def outer():\n    def inner(x=Variable.get('k')):\n        pass", False),
        ("@task(retries=int(Variable.get('k')))\ndef t():\n    pass", True),
        ("@task\ndef t():\n    return Variable.get('k')", False),
        ("f = lambda: Variable.get('k')", False),
        ("f = lambda x=Variable.get('k'): x", True),
        ("X = [Variable.get(k) for k in 'ab']", True),
        ("X = {'a': Variable.get('k')}['a']", True),
    ],
)
def test_variable_get_only_at_import_time(body: str, at_import: bool, tmp_path: Path) -> None:
    source = HEADER + body + "\n"
    line = 4 + next(i for i, text in enumerate(body.splitlines()) if "Variable.get" in text)
    expected = [line] if at_import else []
    assert reported_lines(Example(source), "MWAA301", tmp_path) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("CONFIG = requests.get('https://x').json()", [4]),
        ("def t():\n    return requests.get('https://x')", []),
        ("s = requests.Session()\nR = s.get('https://x')", [5]),
        ("s = requests.Session()\ndef t():\n    return s.get('https://x')", []),
        ("s = requests.Session()\ns.mount('https://', None)", []),
    ],
)
def test_network_calls_only_at_import_time(body: str, expected: list[int], tmp_path: Path) -> None:
    assert reported_lines(Example(HEADER + body + "\n"), "MWAA303", tmp_path) == expected
