"""Every removed context variable's replacement gives the same value as the original on a scheduled
run: the original rendered / evaluated by real Airflow 2.10.3, the converted one by real Airflow
3.0.6, for the same run (same logical date and data interval) of a daily timedelta schedule and of
a daily cron schedule. Covers the three places convert rewrites: Jinja templates, context lookups
(`context["next_ds"]`) and task-callable parameters (`def f(next_ds, **context)`)."""

from __future__ import annotations

import ast
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest

from migrator.airflow_env import airflow_environ, ensure_airflow, run_python
from migrator.codemods.base import ConvertOptions
from migrator.codemods.jinja_text import replace_variables
from migrator.codemods.transformer import rewrite_source
from migrator.knowledge.context_variables import removed_context_attributes, removed_context_variables
from migrator.knowledge.versions import resolve
from tests.convert.conftest import REFERENCE_DATE

pytestmark = pytest.mark.airflow

SCRIPTS = Path(__file__).with_name("airflow_scripts")
TARGET = resolve("3.0.6")
OPTIONS = ConvertOptions(reference_date=REFERENCE_DATE)
RUNS = {
    "timedelta": {
        "schedule": None,
        "logical_date": "2024-03-14T00:00:00+00:00",
        "data_interval_end": "2024-03-15T00:00:00+00:00",
        "previous": ["2024-03-13T00:00:00+00:00", "2024-03-14T00:00:00+00:00"],
    },
    "cron": {
        "schedule": "0 6 * * *",
        "logical_date": "2024-02-28T06:00:00+00:00",
        "data_interval_end": "2024-02-29T06:00:00+00:00",
        "previous": ["2024-02-27T06:00:00+00:00", "2024-02-28T06:00:00+00:00"],
    },
    # intervals of different lengths (Feb vs Mar): only replacements the table marks exact must hold
    "monthly": {
        "schedule": "0 7 1 * *",
        "logical_date": "2024-03-01T07:00:00+00:00",
        "data_interval_end": "2024-04-01T07:00:00+00:00",
        "previous": ["2024-02-01T07:00:00+00:00", "2024-03-01T07:00:00+00:00"],
    },
}
VARIABLES = sorted(name for name, v in removed_context_variables().items() if v.has_replacement)
ATTRIBUTES = sorted({(owner, a.name) for a in removed_context_attributes() if a.jinja for owner in a.owners})


def _template(name: str) -> str:
    # event accessors are containers: compare what a template would do with them
    return f"{{{{ {name} | length }}}}" if "events" in name else f"{{{{ {name} }}}}"


def _converted(source: str) -> str:
    result = rewrite_source(source, "dags/probe.py", TARGET, OPTIONS)
    assert not result.error, result.error
    return result.text


def _cases() -> dict[str, dict[str, Any]]:
    jinja = {n: v.jinja for n, v in removed_context_variables().items() if v.jinja}
    attributes = {
        key: a.jinja
        for a in removed_context_attributes()
        if a.jinja
        for key in [(o, a.name) for o in a.owners]
    }
    old_templates: dict[str, str] = {}
    new_templates: dict[str, str] = {}
    old_functions: dict[str, str] = {}
    new_functions: dict[str, str] = {}
    for name in VARIABLES:
        old_templates[name] = _template(name)
        new_templates[name], replaced = replace_variables(_template(name), jinja)
        assert replaced == [name]
        if "events" in name:
            continue
        lookup = f"def probe(**context):\n    return context[{name!r}]\n"
        parameter = f"def probe({name}, **context):\n    return {name}\n"
        old_functions[f"{name}:lookup"], new_functions[f"{name}:lookup"] = lookup, _converted(lookup)
        old_functions[f"{name}:parameter"], new_functions[f"{name}:parameter"] = (
            parameter,
            _converted(parameter),
        )
    for owner, attr in ATTRIBUTES:
        key = f"{owner}.{attr}"
        old_templates[key] = f"{{{{ {key} }}}}"
        new_templates[key], replaced = replace_variables(old_templates[key], {}, attributes)
        assert replaced == [key]
        attribute = f"def probe(**context):\n    return context[{owner!r}].{attr}\n"
        old_functions[key], new_functions[key] = attribute, _converted(attribute)
    return {"old_templates": old_templates, "new_templates": new_templates,
            "old_functions": old_functions, "new_functions": new_functions}  # fmt: skip


def _run(python: Path, script: str, request: dict[str, Any]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="mwaa-migrator-render-") as home:
        request_file = Path(home) / "request.json"
        request_file.write_text(json.dumps(request))
        result = run_python(
            python, (SCRIPTS / script).read_text(), [str(request_file)],
            env=airflow_environ(Path(home)), cwd=Path(home), timeout=900,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    payload: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return payload


@pytest.fixture(scope="module")
def rendered() -> dict[str, dict[str, Any]]:
    cases = _cases()
    old_python, new_python = ensure_airflow("2.10.3"), ensure_airflow("3.0.6")
    out: dict[str, dict[str, Any]] = {}
    for run_name, run in RUNS.items():
        old = _run(
            old_python,
            "render_2x.py",
            {**run, "templates": cases["old_templates"], "functions": cases["old_functions"]},
        )
        new = _run(
            new_python,
            "render_3x.py",
            {**run, "templates": cases["new_templates"], "functions": cases["new_functions"]},
        )
        out[run_name] = {"old": old, "new": new, "cases": cases}
    return out


@pytest.mark.parametrize("run_name", sorted(RUNS))
@pytest.mark.parametrize("name", VARIABLES + [f"{o}.{a}" for o, a in ATTRIBUTES])
def test_same_value_on_a_scheduled_run(rendered: dict[str, dict[str, Any]], run_name: str, name: str) -> None:
    variable = removed_context_variables().get(name)
    if run_name == "monthly" and variable is not None and not variable.exact:
        pytest.skip(f"the table marks {name} inexact for irregular schedules: {variable.condition}")
    result = rendered[run_name]
    old, new, cases = result["old"], result["new"], result["cases"]
    assert "execution_date" not in cases["new_templates"][name].replace("logical_date", "")
    assert new["templates"][name] == old["templates"][name], (
        cases["old_templates"][name],
        cases["new_templates"][name],
    )
    assert old["templates"][name] not in ("", "None"), "the scheduled run gives every variable a value"
    for key in [k for k in cases["old_functions"] if k == name or k.startswith(f"{name}:")]:
        assert name.split(".")[-1] not in _context_keys_read(cases["new_functions"][key]), cases[
            "new_functions"
        ][key]
        assert new["functions"][key] == old["functions"][key], (
            cases["old_functions"][key],
            cases["new_functions"][key],
        )


def _context_keys_read(source: str) -> set[str]:
    """Context keys the converted function asks Airflow for: its parameters, subscript keys and
    attribute names (a removed key there would fail on 3.x)."""
    tree = ast.parse(source)
    keys = {a.arg for n in ast.walk(tree) if isinstance(n, ast.arguments) for a in [*n.args, *n.kwonlyargs]}
    keys |= {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    keys |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    return keys
