from __future__ import annotations

import ast
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule
from migrator.knowledge.lifecycle import Status
from migrator.knowledge.metadata_db_access import metadata_db_access
from migrator.rules.base import Example, PythonRule


class MetadataDbAccessRule(PythonRule):
    """Direct access to Airflow's metadata database from DAG or plugin code: `@provide_session`,
    `create_session()`, `settings.Session()`, `settings.engine`, ORM queries such as
    `session.query(DagRun)` / `select(TaskInstance)`, and model class methods that query the
    database themselves (`DagRun.find`, `DagModel.get_current`, `XCom.get_many`, ...).

    Airflow 3 runs task code without database credentials: any ORM use raises
    "RuntimeError: Direct database access via the ORM is not allowed in Airflow 3.0" (a blocker for
    3.x targets). MWAA 2.x still allows it. Not fixable automatically: rewrite with the Airflow REST
    API (`airflow-client`, or MWAA's InvokeRestApi), the Task SDK (`context['ti'].xcom_pull`,
    `Variable`), or a DAG-level design that does not need it.
    """

    code = "MWAA211"
    name = "metadata-db-access"
    title = "Direct metadata-database access"
    family = Family.DAG_API
    severity = Severity.BLOCKER
    why = "Airflow 3 forbids ORM access from task code (RuntimeError); MWAA's metadata DB is not yours to query."
    remedy = "Use the Airflow REST API (or MWAA InvokeRestApi) or Task SDK accessors instead of a database session."
    fixable = False
    sources = (
        "apache-airflow 3.0.6 sdk/execution_time/supervisor.py ('Direct database access via the ORM is not allowed')",
        "apache/airflow upgrading_to_airflow3.rst (Step 5: review custom tasks for direct DB access)",
        "shared/mwaa-facts.md §8",
    )
    examples = (
        Example(
            "from airflow.models import DagRun\n"
            "from airflow.utils.session import provide_session\n"
            "@provide_session\n"
            "def last_run(dag_id, session=None):\n"
            "    return session.query(DagRun).filter(DagRun.dag_id == dag_id).first()\n",
            expect_lines=(3, 5),
            target="3.0.6",
        ),
        Example(
            "from airflow import settings\n"
            "from airflow.models.dagrun import DagRun\n"
            "from airflow.utils.db import create_session\n"
            "def count():\n"
            "    with create_session() as session:\n"
            "        pass\n"
            "    session = settings.Session()\n"
            "    return DagRun.find(dag_id='x')\n",
            expect_lines=(5, 7, 8),
            target="3.2.1",
        ),
        Example(
            "from airflow.utils.session import provide_session\n"
            "@provide_session\n"
            "def f(session=None):\n"
            "    pass\n",
            target="2.10.3",
            note="still allowed on 2.x",
        ),
        Example(
            "from sqlalchemy.orm import Session\n"
            "from myapp.models import Order\n"
            "def orders(session: Session):\n"
            "    return session.query(Order).all()\n",
            target="3.0.6",
            note="your own database, not Airflow's",
        ),
    )

    node_types = (ast.Call, ast.FunctionDef, ast.AsyncFunctionDef)
    # Every pattern needs a session helper, `.query(`/`select(` or one of the DB class methods.
    needles = (
        "_session",
        "Session",
        "settings",
        ".query(",
        "select(",
        ".find(",
        "find_duplicate",
        "get_latest_runs",
        "get_current",
        "get_dagmodel",
        "get_paused_dag_ids",
        "get_task_instance",
        "get_many",
        "get_pool",
    )

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        access = metadata_db_access()
        if access.lifecycle.status(module.target) is not Status.REMOVED:
            return
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                qualname = module.qualname(decorator)
                if qualname and access.is_session_helper(qualname):
                    yield self._report(
                        module,
                        decorator,
                        f"`@{qualname.rsplit('.', 1)[-1]}` hands the function a metadata-DB session",
                    )
            return
        assert isinstance(node, ast.Call)
        func = node.func
        if not isinstance(func, ast.Name | ast.Attribute):
            return
        qualname = module.qualname(func)
        if qualname is not None:
            if access.is_session_helper(qualname):
                yield self._report(module, node, f"`{_short(qualname)}` opens a metadata-DB session")
                return
            if qualname in access.db_classmethods:
                yield self._report(module, node, f"`{_short(qualname)}` queries the metadata DB")
                return
        is_query = isinstance(func, ast.Attribute) and func.attr in access.orm_query_methods
        is_select = qualname in access.orm_select_functions
        if (is_query or is_select) and node.args:
            model = module.qualname(node.args[0])
            if access.is_orm_model(model):
                assert model is not None
                yield self._report(
                    module, node, f"ORM query on `{model.rsplit('.', 1)[-1]}` reads the metadata DB"
                )

    def _report(self, module: PythonModule, anchor: ast.AST, what: str) -> Finding:
        removed_in = metadata_db_access().lifecycle.removed_in
        return self.finding(
            module.location(anchor), f"{what}; Airflow {removed_in}+ forbids this in task code"
        )


def _short(qualname: str) -> str:
    """`DagRun.find`, `settings.Session`, `create_session`: the name as code usually spells it."""
    parts = qualname.split(".")
    if len(parts) > 1 and (parts[-2][:1].isupper() or parts[-2] == "settings"):
        return ".".join(parts[-2:])
    return parts[-1]
