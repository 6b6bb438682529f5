"""The replacements in context_variables.toml give the removed variables' values, checked with real
Airflow 2.10.3 (which still provides both the old keys and the new ones) for scheduled runs."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from migrator.airflow_env import ensure_airflow
from migrator.knowledge.context_variables import removed_context_attributes, removed_context_variables

pytestmark = pytest.mark.airflow

PROBE = Path(__file__).with_name("airflow_context_probe.py")
# Schedules whose consecutive intervals have equal length, and one whose do not (weekdays at 09:00).
REGULAR = ["@daily", "0 * * * *", "@weekly", "30 6 * * *", "6h"]
IRREGULAR = ["0 9 * * 1-5"]


def _items() -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    for variable in removed_context_variables().values():
        if variable.has_replacement:
            items.append(
                {
                    "old": variable.name,
                    "jinja": variable.jinja,
                    "python": variable.python,
                    "exact": variable.exact,
                }
            )
    for attribute in removed_context_attributes():
        owner = attribute.owners[0]
        items.append(
            {
                "old": f"{owner}.{attribute.name}",
                "jinja": attribute.jinja,
                "python": attribute.python,
                "exact": attribute.exact,
            }
        )
    return items


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, list[str] | None]]:
    python = ensure_airflow("2.10.3")
    home = tmp_path_factory.mktemp("airflow-home")
    env = {
        **os.environ,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
    }
    request = {"schedules": REGULAR + IRREGULAR, "items": _items()}
    done = subprocess.run(
        [str(python), str(PROBE)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, dict[str, list[str] | None]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("schedule", REGULAR)
@pytest.mark.parametrize("item", _items(), ids=lambda item: str(item["old"]))
def test_replacement_renders_the_same_for_scheduled_runs(
    rendered: dict[str, dict[str, list[str] | None]], schedule: str, item: dict[str, object]
) -> None:
    values = rendered[schedule][str(item["old"])]
    if values is None:
        pytest.skip("the replacement exists only on Airflow 3 (a pure rename)")
    old, jinja, python = values
    assert old not in ("", "None"), "the probe must produce a real value to compare"
    assert jinja == old
    assert python == old


@pytest.mark.parametrize("item", [i for i in _items() if i["exact"]], ids=lambda item: str(item["old"]))
def test_exact_replacements_hold_for_irregular_schedules_too(
    rendered: dict[str, dict[str, list[str] | None]], item: dict[str, object]
) -> None:
    values = rendered[IRREGULAR[0]][str(item["old"])]
    if values is None:
        pytest.skip("the replacement exists only on Airflow 3 (a pure rename)")
    old, jinja, python = values
    assert jinja == old and python == old


def test_inexact_replacements_are_marked_for_a_reason(
    rendered: dict[str, dict[str, list[str] | None]],
) -> None:
    """On a weekday-only schedule the run after a Friday is on Monday: prev_ds is not start - interval.
    Only entries the table flags as `exact = false` may differ there."""
    differing = {name for name, values in rendered[IRREGULAR[0]].items() if values and values[0] != values[1]}
    inexact = {str(i["old"]) for i in _items() if not i["exact"]}
    assert differing, "the irregular schedule must exercise the inexact entries"
    assert differing <= inexact
