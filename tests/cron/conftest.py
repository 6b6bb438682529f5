"""Shared helpers for the crontab tests: real parser, real croniter/cronsim, real Airflow venvs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from migrator.cron.convert import Conversion, ConvertOptions, collect_inputs, convert, write_outputs
from migrator.knowledge.versions import resolve

REPO = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
FIXTURES = REPO / "fixtures"
START = dt.date(2026, 1, 1)
UTC = dt.UTC


def options(**overrides: object) -> ConvertOptions:
    values: dict[str, object] = {"target": resolve("3.0.6"), "zone": "America/New_York", "start_date": START}
    values.update(overrides)
    return ConvertOptions(**values)  # type: ignore[arg-type]


def convert_paths(paths: list[Path], out: Path | None = None, **overrides: object) -> Conversion:
    conversion = convert(collect_inputs(paths, cwd=REPO), options(**overrides))
    if out is not None:
        write_outputs(conversion, out)
    return conversion


@pytest.fixture(scope="session")
def airflow3() -> Path:
    from migrator.airflow_env import ensure_airflow

    return ensure_airflow("3.0.6")


@pytest.fixture(scope="session")
def airflow2() -> Path:
    from migrator.airflow_env import ensure_airflow

    return ensure_airflow("2.10.3")
