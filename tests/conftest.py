from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from migrator.cache import default_cache_dir

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"


@pytest.fixture(autouse=True, scope="session")
def _isolated_result_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests never touch the user's result cache; the slow-to-build Airflow venvs stay shared."""
    os.environ.setdefault("MWAA_MIGRATOR_VENVS", str(default_cache_dir() / "venvs"))
    previous = os.environ.get("MWAA_MIGRATOR_CACHE")
    os.environ["MWAA_MIGRATOR_CACHE"] = str(tmp_path_factory.mktemp("result-cache"))
    yield
    if previous is None:
        os.environ.pop("MWAA_MIGRATOR_CACHE", None)
    else:
        os.environ["MWAA_MIGRATOR_CACHE"] = previous
