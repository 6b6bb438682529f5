from __future__ import annotations

import ast
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule
from migrator.knowledge.parse_time_calls import parse_time_calls
from migrator.rules.base import Example, PythonRule
from migrator.rules.dag_api.airflow_calls import callee_name
from migrator.rules.parse_time.module_scope import module_level_values

_LOOKUP_METHODS = frozenset({"get_connection", "get_hook", "get_connection_from_secrets"})


class TopLevelConnectionLookup(PythonRule):
    """A connection lookup that runs when the DAG file is imported: `BaseHook.get_connection(...)`,
    `Connection.get_connection_from_secrets(...)`, `SomeHook.get_connection(...)`, or a method
    called on a hook at module level (`PostgresHook(...).get_records(...)`, `hook = S3Hook()` then
    `hook.list_keys(...)`). Creating a hook object alone does nothing and is not reported.

    Every parse (about every 30 seconds on MWAA) then reads the metadata database or the secrets
    backend (a paid Secrets Manager call), and a hook method opens a network connection to the
    external system from the DAG processor, which may not even have a route to it. Move the lookup
    into the task, or pass `conn_id` and let the operator resolve it at run time.
    """

    code = "MWAA302"
    name = "top-level-connection-lookup"
    title = "Connection lookup at DAG-parse time"
    family = Family.PARSE_TIME
    severity = Severity.WARNING
    why = "Runs on every parse: secrets-backend cost, slow parses, network access from the DAG processor."
    remedy = (
        "Look the connection up inside the task (or pass conn_id to the operator); never at module level."
    )
    fixable = False
    sources = (
        "Airflow docs best-practices.rst 'Top level Python Code'",
        "shared/mwaa-facts.md §7 (Secrets Manager lookups) and §8 (parse intervals)",
    )
    examples = (
        Example(
            "from airflow.hooks.base import BaseHook\n"
            "from airflow.providers.postgres.hooks.postgres import PostgresHook\n"
            "conn = BaseHook.get_connection('warehouse')\n"
            "TABLES = PostgresHook(postgres_conn_id='warehouse').get_records('select 1')\n"
            "hook = PostgresHook(postgres_conn_id='warehouse')\n"
            "ROWS = hook.get_first('select 1')\n",
            expect_lines=(3, 4, 6),
        ),
        Example(
            "from airflow.hooks.base import BaseHook\n"
            "from airflow.providers.postgres.hooks.postgres import PostgresHook\n"
            "hook = PostgresHook(postgres_conn_id='warehouse')\n"
            "def extract():\n"
            "    return BaseHook.get_connection('warehouse').host, hook.get_first('select 1')\n",
            note="inside a task function: fine",
        ),
        Example(
            "from airflow.models import Connection\n"
            "with open('x') as f:\n"
            "    c = Connection.get_connection_from_secrets('api')\n",
            expect_lines=(3,),
        ),
    )

    node_types = (ast.Call,)
    needles = ("get_connection", "Hook", "get_hook", "Connection")

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        if not module.import_time:
            return
        assert isinstance(node, ast.Call)
        func = node.func
        if not isinstance(func, ast.Attribute):
            return
        calls = parse_time_calls()
        suffix = calls.hook_class_suffix
        qualname = module.qualname(func)
        owner = qualname.split(".")[-2] if qualname and "." in qualname else ""
        if qualname in calls.connection_lookups or (func.attr in _LOOKUP_METHODS and owner.endswith(suffix)):
            yield self.finding(
                module.location(node),
                f"`{owner or 'Connection'}.{func.attr}()` looks up a connection on every parse",
            )
            return
        if func.attr in calls.hook_harmless_methods or func.attr.startswith("_"):
            return
        receiver = func.value
        if isinstance(receiver, ast.Name):
            bound = module_level_values(module).get(receiver.id)
            receiver = bound if isinstance(bound, ast.Call) else receiver
        if isinstance(receiver, ast.Call) and (callee_name(receiver) or "").endswith(suffix):
            hook = callee_name(receiver)
            yield self.finding(
                module.location(node),
                f"`{hook}.{func.attr}()` resolves its connection and talks to the system on every parse",
            )
