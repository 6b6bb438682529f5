"""Layouts real DAG files have and a rewrite must survive: tabs, one-line suites, semicolons, CRLF,
backslash continuations, match statements, async callables, decorators with comments, nested
defs. Each file must come out valid, idempotent, identical whether libcst saw all of it or only
the statements that change, and with the engine's fixable findings gone."""

from __future__ import annotations

import pytest

from migrator.codemods import all_codemods
from migrator.codemods.base import ConvertOptions
from migrator.codemods.transformer import rewrite_source
from migrator.engine import analyse_python_bytes
from migrator.knowledge.versions import resolve
from tests.convert.conftest import REFERENCE_DATE

OPTIONS = ConvertOptions(reference_date=REFERENCE_DATE)
CONVERT_CODES = {code for codemod in all_codemods() for code in codemod.fixes}

SOURCES = {
    "tabs": (
        "from airflow import DAG\n"
        "from airflow.operators.dummy_operator import DummyOperator\n"
        "if True:\n"
        "\twith DAG('tabs', schedule_interval='@daily') as dag:\n"
        "\t\tDummyOperator(task_id='a', queue='x')\n"
        "\t\tx = 1\n"
    ),
    "one_line_suites": (
        "from airflow.operators.bash_operator import BashOperator\n"
        "if True: t = BashOperator(task_id='a', bash_command='echo {{ execution_date }}'); u = 1\n"
        "for i in range(2): pass\n"
        "a = 1; b = BashOperator(task_id='b', bash_command='true', provide_context=True)\n"
    ),
    "crlf_and_continuations": (
        "from airflow.operators.python_operator import PythonOperator\r\n"
        "def f(ds, execution_date, **kwargs):\r\n"
        "    return execution_date + \\\r\n"
        "        kwargs['prev_ds']\r\n"
        "t = PythonOperator(task_id='t', python_callable=f,\r\n"
        "                   provide_context=True)\r\n"
    ),
    "match_and_async": (
        "from airflow.decorators import task\n"
        "@task\n"
        "async def load(next_ds=None, **context):\n"
        "    match context['tomorrow_ds']:\n"
        "        case '2024-01-01':\n"
        "            return next_ds\n"
        "        case _:\n"
        "            return context.get('yesterday_ds')\n"
    ),
    "decorators_and_nested": (
        "from airflow.models import BaseOperator\n"
        "from airflow.utils.decorators import apply_defaults\n"
        "class Outer:\n"
        "    class Op(BaseOperator):\n"
        "        # set up the defaults\n"
        "        @apply_defaults  # old style\n"
        "        # keeps working\n"
        "        def __init__(self, **kwargs):\n"
        "            super().__init__(**kwargs)\n"
        "\n"
        "            def inner(execution_date):\n"
        "                return execution_date\n"
        "            self.inner = inner\n"
    ),
    "no_trailing_newline": (
        "from airflow import DAG\ndag = DAG('x', schedule_interval='@hourly', concurrency=3)"
    ),
    "strings_everywhere": (
        "from airflow.operators.bash_operator import BashOperator\n"
        'SQL = """\n'
        "SELECT * FROM t WHERE d = '{{ prev_ds }}' -- {{ next_ds_nodash }}\n"
        '"""\n'
        'CMD = f"run {{{{ execution_date }}}} {SQL!r}"\n'
        "OTHER = 'x {{ dag_run.external_trigger }}' \\\n"
        "    '{{ ti.execution_date }}'\n"
        "b = BashOperator(task_id='b', bash_command=CMD)\n"
    ),
}


@pytest.mark.parametrize("target", ["3.0.6", "2.10.3"])
@pytest.mark.parametrize("name", sorted(SOURCES))
def test_tricky_layouts(name: str, target: str) -> None:
    text = SOURCES[name]
    version = resolve(target)
    before = analyse_python_bytes(f"dags/{name}.py", text.encode(), version, False)
    lines = {f.location.line for f in before.findings if f.fixable and f.location.line}
    reduced = rewrite_source(text, f"dags/{name}.py", version, OPTIONS, finding_lines=lines)
    whole = rewrite_source(text, f"dags/{name}.py", version, OPTIONS)
    assert not reduced.error and not whole.error
    assert reduced.text == whole.text
    compile(reduced.text, name, "exec")
    again = rewrite_source(reduced.text, f"dags/{name}.py", version, OPTIONS)
    assert again.text == reduced.text, "idempotent"
    after = analyse_python_bytes(f"dags/{name}.py", reduced.text.encode(), version, False)
    left = [
        f"{f.location.line} {f.code} {f.message}"
        for f in after.findings
        if f.fixable and f.code in CONVERT_CODES
    ]
    assert left == []
    if "\r\n" in text:
        assert "\n" not in reduced.text.replace("\r\n", "")
