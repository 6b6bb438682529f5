"""The configuration tables against the real Airflow they were derived from (cached virtualenvs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from migrator.airflow_env import airflow_environ, ensure_airflow, run_python
from migrator.knowledge import load
from migrator.knowledge.airflow_config import ChangeKind, airflow3_changes, default_value, renamed_in_2
from migrator.knowledge.versions import resolve

pytestmark = pytest.mark.airflow

_LINT_TABLE = """
import json
from airflow.cli.commands.config_command import CONFIGS_CHANGES
rows = []
for c in CONFIGS_CHANGES:
    rows.append({
        "option": f"{c.config.section}.{c.config.option}",
        "renamed_to": f"{c.renamed_to.section}.{c.renamed_to.option}" if c.renamed_to else "",
        "default_change": c.default_change, "was_removed": c.was_removed,
        "invalid": c.is_invalid_if, "remove_if_equals": c.remove_if_equals,
    })
print(json.dumps(rows))
"""

_CONFIG_REFERENCE = """
import json
from airflow.configuration import conf, retrieve_configuration_description
description = retrieve_configuration_description(include_providers=True)
defaults = {
    f"{section}.{key}": "" if option.get("default") is None else str(option.get("default"))
    for section, body in description.items() for key, option in (body.get("options") or {}).items()
}
deprecated = {f"{old[0]}.{old[1]}": f"{new[0]}.{new[1]}" for new, old in conf.deprecated_options.items()}
print(json.dumps({"defaults": defaults, "deprecated": deprecated}))
"""


def _run(version: str, code: str, tmp_path: Path) -> object:
    python = ensure_airflow(version)
    done = run_python(python, code, env=airflow_environ(tmp_path), timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_airflow3_lint_table_matches_airflow_3_0_6(tmp_path: Path) -> None:
    rows = _run("3.0.6", _LINT_TABLE, tmp_path)
    assert isinstance(rows, list)
    target = resolve("3.0.6")
    ours = {(c.option, c.kind, c.renamed_to) for row in load("airflow3_config_changes")["change"]
            for c in airflow3_changes(row["option"], target)}  # fmt: skip
    theirs = set()
    for row in rows:
        if row["renamed_to"]:
            kind = ChangeKind.RENAMED
        elif row["default_change"]:
            kind = ChangeKind.DEFAULT_CHANGED
        elif row["invalid"] is not None:
            kind = ChangeKind.INVALID_VALUE
        elif row["remove_if_equals"] is not None:
            kind = ChangeKind.REMOVED_IF
        else:
            kind = ChangeKind.REMOVED
        theirs.add((row["option"], kind, row["renamed_to"]))
    assert ours == theirs


def test_airflow2_defaults_and_old_names_match_airflow_2_10_3(tmp_path: Path) -> None:
    data = _run("2.10.3", _CONFIG_REFERENCE, tmp_path)
    assert isinstance(data, dict)
    target = resolve("2.10.3")
    compared = 0
    for option, default in data["defaults"].items():
        ours = default_value(option, target)
        if ours is None:
            continue  # a provider version newer or older than the one the table was read from
        assert ours == default, option
        compared += 1
    assert compared > 300
    for old, new in data["deprecated"].items():
        # Airflow maps one step at a time; we follow the chain to today's name.
        assert renamed_in_2(old) == renamed_in_2(new), old
