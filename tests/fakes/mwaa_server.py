"""A local HTTP fake of the MWAA control-plane REST API (moto has none).

Every request is matched to an operation of botocore's own MWAA service model by method and URI,
and its parameters are validated against that operation's input shape with botocore's validator;
invalid requests get the ValidationException a real endpoint would send. State is kept, so a test
sees exactly what an environment would have received."""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import botocore.session
from botocore.validate import ParamValidator

MODEL = botocore.session.get_session().get_service_model("mwaa")
SUPPORTED = ("CreateEnvironment", "GetEnvironment", "UpdateEnvironment")


def _route(op_name: str) -> tuple[str, re.Pattern[str]]:
    http = MODEL.operation_model(op_name).http
    pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", http["requestUri"])
    return http["method"], re.compile(f"^{pattern}$")


ROUTES = {name: _route(name) for name in SUPPORTED}


@dataclass
class FakeMwaa:
    """State of the fake: environments by name, every validated request, and injected failures."""

    environments: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    polls_until_available: int = 2
    fail_next_update: tuple[str, str] | None = None
    _polls: dict[str, int] = field(default_factory=dict)

    def handle(self, op: str, params: dict[str, Any]) -> tuple[int, dict[str, Any], str | None]:
        report = ParamValidator().validate(params, MODEL.operation_model(op).input_shape)
        if report.has_errors():
            return 400, {"message": report.generate_report()}, "ValidationException"
        self.requests.append((op, params))
        name = params["Name"]
        now = datetime.now(timezone.utc).timestamp()
        arn = f"arn:aws:airflow:eu-west-1:123456789012:environment/{name}"
        if op == "CreateEnvironment":
            if name in self.environments:
                return 409, {"message": f"{name} exists"}, "ValidationException"
            env = {k: v for k, v in params.items() if k not in ("Tags",)}
            env.update({"Arn": arn, "Status": "AVAILABLE", "CreatedAt": now,
                        "AirflowVersion": params.get("AirflowVersion", "3.3.1"),
                        "LastUpdate": {"Status": "SUCCESS", "CreatedAt": now}})  # fmt: skip
            env["NetworkConfiguration"] = params["NetworkConfiguration"]
            self.environments[name] = env
            return 200, {"Arn": arn}, None
        env = self.environments.get(name)
        if env is None:
            return 404, {"message": f"Environment {name} not found"}, "ResourceNotFoundException"
        if op == "UpdateEnvironment":
            for key, value in params.items():
                if key != "Name":
                    env[key] = value
            env["Status"] = "UPDATING"
            env["LastUpdate"] = {"Status": "PENDING", "CreatedAt": now, "Source": "API"}
            self._polls[name] = 0
            env["_failure"] = self.fail_next_update
            self.fail_next_update = None
            return 200, {"Arn": arn}, None
        # GetEnvironment: an update completes after a few polls, like the real service's minutes
        if env["Status"] == "UPDATING":
            self._polls[name] += 1
            if self._polls[name] >= self.polls_until_available:
                failure = env.pop("_failure", None)
                env["Status"] = "AVAILABLE"
                if failure:
                    env["LastUpdate"] = {"Status": "FAILED", "CreatedAt": now,
                                         "Error": {"ErrorCode": failure[0], "ErrorMessage": failure[1]}}  # fmt: skip
                else:
                    env["LastUpdate"] = {"Status": "SUCCESS", "CreatedAt": now}
        shown = {k: v for k, v in env.items() if not k.startswith("_")}
        return 200, {"Environment": shown}, None


def serve(fake: FakeMwaa) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _dispatch(self) -> None:
            path = self.path.split("?", 1)[0]
            for op, (method, pattern) in ROUTES.items():
                match = pattern.match(path)
                if method == self.command and match:
                    length = int(self.headers.get("Content-Length") or 0)
                    body = json.loads(self.rfile.read(length) or b"{}")
                    params = {**body, **match.groupdict()}
                    status, payload, error = fake.handle(op, params)
                    self._reply(status, payload, error)
                    return
            self._reply(404, {"message": f"no MWAA operation for {self.command} {path}"}, "UnknownOperationException")

        def _reply(self, status: int, payload: dict[str, Any], error: str | None) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            if error:
                self.send_header("x-amzn-ErrorType", error)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_PUT = do_PATCH = do_POST = do_DELETE = _dispatch

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
