from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.mwaa_server import FakeMwaa, serve
from tests.secrets.conftest import aws_env, moto, moto_endpoint  # noqa: F401  (shared moto server fixtures)


@pytest.fixture
def fake_mwaa() -> Iterator[tuple[FakeMwaa, str]]:
    fake = FakeMwaa()
    server, url = serve(fake)
    yield fake, url
    server.shutdown()
