"""A real moto server (moto[server]) on 127.0.0.1, spoken to over HTTP by real boto3 clients."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REGION = "eu-west-1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    port = _free_port()
    moto_server = Path(sys.executable).with_name("moto_server")
    command = [str(moto_server)] if moto_server.exists() else [sys.executable, "-m", "moto.server"]
    process = subprocess.Popen(
        [*command, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("moto_server did not start")
            time.sleep(0.2)
    yield endpoint
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    """Fake credentials for moto, and no shared config from the machine."""
    values = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_CONFIG_FILE": str(tmp_path / "aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "aws-credentials"),
    }
    for key in (
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "MWAA_MIGRATOR_FERNET_KEY",
        "AIRFLOW__CORE__FERNET_KEY",
    ):
        monkeypatch.delenv(key, raising=False)
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return values


@pytest.fixture
def moto(moto_endpoint: str, aws_env: dict[str, str]) -> Iterator[str]:
    """The endpoint, with moto's state reset so each test starts from an empty account."""
    request = urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST")
    urllib.request.urlopen(request, timeout=10).close()
    yield moto_endpoint


def boto_client(endpoint: str, service: str):  # type: ignore[no-untyped-def]
    import boto3

    return boto3.client(
        service, endpoint_url=endpoint, region_name=REGION,
        aws_access_key_id="testing", aws_secret_access_key="testing",
    )  # fmt: skip


def cli_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()}
    env.update(extra or {})
    return env


def run_cli(
    args: list[str], env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """The real command line in a child process: what a user runs, exit code and streams included."""
    return subprocess.run(
        [sys.executable, "-c", "from migrator.cli import main; main()", *args],
        capture_output=True, text=True, timeout=timeout, env=env, check=False,
    )  # fmt: skip


class FaultProxy:
    """An HTTP proxy on 127.0.0.1 in front of moto that injects AWS errors: `fail_when` (substring of
    the request body -> error code, message echoing the body so that scrubbing is tested), and
    `throttle` (the next N requests answer ThrottlingException). Counts every request it sees."""

    def __init__(self, upstream: str) -> None:
        import http.server
        import threading

        self.upstream = upstream
        self.fail_when: dict[str, str] = {}
        self.throttle = 0
        self.requests = 0
        self.throttled = 0
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                proxy.requests += 1
                if proxy.throttle > 0:
                    proxy.throttle -= 1
                    proxy.throttled += 1
                    return self._error(400, "ThrottlingException", "Rate exceeded")
                text = body.decode("utf-8", "replace")
                for marker, code in proxy.fail_when.items():
                    if marker in text:
                        return self._error(400, code, f"injected failure for request {text}")
                request = urllib.request.Request(proxy.upstream + self.path, data=body, method="POST")
                for key, value in self.headers.items():
                    if key.lower() not in ("host", "content-length"):
                        request.add_header(key, value)
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:
                        status, payload, headers = response.status, response.read(), response.headers
                except urllib.error.HTTPError as exc:
                    status, payload, headers = exc.code, exc.read(), exc.headers
                self.send_response(status)
                self.send_header("Content-Type", headers.get("Content-Type", "application/x-amz-json-1.1"))
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _error(self, status: int, code: str, message: str) -> None:
                payload = json.dumps({"__type": code, "message": message}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/x-amz-json-1.1")
                self.send_header("x-amzn-ErrorType", code)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fault_proxy(moto: str) -> Iterator[FaultProxy]:
    proxy = FaultProxy(moto)
    yield proxy
    proxy.close()
