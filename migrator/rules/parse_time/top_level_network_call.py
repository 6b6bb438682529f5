from __future__ import annotations

import ast
import functools
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule
from migrator.knowledge.parse_time_calls import parse_time_calls
from migrator.rules.base import Example, PythonRule
from migrator.rules.parse_time.module_scope import call_chain


@functools.cache
def _needles() -> tuple[str, ...]:
    calls = parse_time_calls()
    # The module a call comes from is named in the file's imports: "requests", "urllib.request",
    # "google.cloud" (two components where the first alone is too common a word).
    heads = {
        ".".join(q.split(".")[:2]) if q.count(".") >= 2 else q.split(".")[0]
        for q in calls.network_functions | calls.client_factories
    }
    return tuple(sorted(heads | {"urlopen"}))


class TopLevelNetworkCall(PythonRule):
    """Network I/O when the DAG file is imported: `requests.get(...)`, `urllib.request.urlopen(...)`,
    `socket.create_connection(...)`, a database driver's `connect(...)`, or a method call on an AWS/HTTP
    client (`boto3.client("s3").list_objects_v2(...)`, `s3 = boto3.client("s3")` then
    `s3.get_object(...)` at module level). Creating the client alone is not reported.

    MWAA's DAG processor imports each file about every 30 seconds with a 30-second timeout: a slow
    or unreachable endpoint turns into an import error for the whole file, and environments in
    private subnets often have no route to the internet at all. Fetch the data inside a task (or in
    a sensor), and keep the module level to pure DAG structure.
    """

    code = "MWAA303"
    name = "top-level-network-call"
    title = "Network call at DAG-parse time"
    family = Family.PARSE_TIME
    severity = Severity.WARNING
    why = "Runs on every parse: parse timeouts, import errors when the endpoint is slow or unreachable."
    remedy = (
        "Move the call into a task (or a sensor); build the DAG from static configuration shipped with it."
    )
    fixable = False
    sources = (
        "Airflow docs best-practices.rst 'Top level Python Code'",
        "shared/mwaa-facts.md §8 (dagbag_import_timeout 30 s, re-parse every 30 s) and §9 (private networking)",
    )
    examples = (
        Example(
            "import boto3\n"
            "import requests\n"
            "from urllib.request import urlopen\n"
            "CONFIG = requests.get('https://config.example.com/dags.json').json()\n"
            "s3 = boto3.client('s3')\n"
            "KEYS = s3.list_objects_v2(Bucket='b')\n"
            "PAGE = urlopen('https://example.com').read()\n",
            expect_lines=(4, 6, 7),
        ),
        Example(
            "import boto3\n"
            "import requests\n"
            "s3 = boto3.client('s3')\n"
            "def extract():\n"
            "    return requests.get('https://api.example.com').json(), s3.list_buckets()\n",
            note="client creation at module level, calls inside the task",
        ),
        Example(
            "import boto3\n"
            "from airflow import DAG\n"
            "with DAG('etl', schedule=None) as dag:\n"
            "    buckets = boto3.Session().client('s3').list_buckets()\n",
            expect_lines=(4,),
        ),
    )

    node_types = (ast.Call,)
    needles = _needles()

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        if not module.import_time:
            return
        assert isinstance(node, ast.Call)
        func = node.func
        if not isinstance(func, ast.Name | ast.Attribute):
            return
        calls = parse_time_calls()
        qualname = module.qualname(func)
        if qualname in calls.network_functions:
            yield self.finding(
                module.location(node), f"`{qualname}()` does network I/O every time the file is parsed"
            )
            return
        if not isinstance(func, ast.Attribute) or func.attr in calls.client_harmless_methods:
            return
        receiver = call_chain(func.value, module)
        imported_name = isinstance(func.value, ast.Name) and func.value.id in module.bindings
        if receiver in calls.client_factories and not imported_name:
            yield self.finding(
                module.location(node),
                f"`{receiver}(...).{func.attr}()` does network I/O every time the file is parsed",
            )
