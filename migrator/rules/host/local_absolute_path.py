from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.python_module import PythonModule
from migrator.knowledge.host_paths import host_paths
from migrator.rules.base import Example, PythonRule
from migrator.rules.dag_api.string_literals import STRING_USERS, used_strings

# An absolute path starting a string or following a separator (space, `=`, quote, `:` as in PATH
# lists...). A `/` inside a URL (`https://h/data`, `s3://b/data`) follows a letter or a slash: no match.
_PATH = re.compile(r"(?<![^\s=\"'(,;:\[{|&<>])(/[A-Za-z0-9._@+-]+(?:/[^\s\"'`;|&<>(){}\[\],*?$]*)?)")


def _is_pure_path(text: str) -> bool:
    stripped = text.strip()
    return stripped.startswith("/") and not any(c.isspace() for c in stripped)


class LocalAbsolutePath(PythonRule):
    """A string in DAG code holding an absolute path of the old host: a home directory
    (`/home/etl/...`, `/Users/...`), a mount (`/data`, `/mnt`, `/nfs`, `/srv`), a software or
    configuration directory (`/opt/...`, `/etc/...`, `/var/...`), or the self-hosted AIRFLOW_HOME
    (`/opt/airflow/dags/...`, `~airflow/airflow/...`) whose MWAA equivalent is /usr/local/airflow.

    Pragmatic about what counts: the path may stand alone or inside a command (`python
    /opt/jobs/run.py`), but URLs and object keys (`s3://b/data/x`, `https://h/data`), HTTP endpoints
    and S3 keys passed as `endpoint=`/`s3_key=`/`prefix=`, remote paths (`SSHOperator(command=)`,
    `remote_filepath=`), SQL text run by a database server, docstrings and `doc_md`, `/tmp`,
    `/dev/null` and everything under /usr/local/airflow are not reported. Strings are read where a
    call, assignment or return uses them (with the keyword or variable name that says what they
    are); a path after an f-string interpolation or a `+` is a suffix, not a root. The table of
    prefixes is migrator/knowledge/host_paths.toml.

    On MWAA the file does not exist (workers only have what the image, requirements, plugins.zip,
    startup.sh and the DAGs folder bring), and local disk is per-container and ephemeral: a warning.
    `data` carries `path` and, for AIRFLOW_HOME paths, `mwaa_path`.
    """

    code = "MWAA501"
    name = "local-absolute-path"
    title = "Absolute path of the old host"
    family = Family.HOST
    severity = Severity.WARNING
    why = "MWAA workers have none of the old host's files or mounts, and their disk is ephemeral."
    remedy = "Ship the file in the DAGs folder (and build its path from __file__), read/write S3 instead, or use /tmp for scratch."
    fixable = False
    sources = (
        "shared/mwaa-facts.md §8 (container paths, AIRFLOW_HOME=/usr/local/airflow, ephemeral /tmp)",
        "aws/amazon-mwaa-docker-images Dockerfile.base (AIRFLOW_HOME)",
    )
    examples = (
        Example(
            "from airflow.operators.bash import BashOperator\n"
            "INPUT = '/data/exports/daily.csv'\n"
            "t = BashOperator(task_id='t', bash_command='python /opt/jobs/load.py --in ' + INPUT)\n"
            "with open('/home/etl/.config/app.ini') as f:\n"
            "    pass\n",
            expect_lines=(2, 3, 4),
        ),
        Example(
            "import sys\n"
            "sys.path.insert(0, '/opt/airflow/dags/common')\n"
            "SQL_FILE = '/opt/airflow/dags/sql/load.sql'\n",
            expect_lines=(2, 3),
            note="the old AIRFLOW_HOME: data names the /usr/local/airflow equivalent",
        ),
        Example(
            '"""Reads /data/in and writes /data/out."""\n'
            "from airflow.providers.http.operators.http import HttpOperator\n"
            "from airflow.providers.ssh.operators.ssh import SSHOperator\n"
            "api = HttpOperator(task_id='api', endpoint='/data/v1/items')\n"
            "remote = SSHOperator(task_id='r', command='ls /data/in')\n"
            "LOAD_SQL = \"COPY t FROM '/var/lib/pg/in.csv'\"\n"
            "S3 = 's3://bucket/data/in.csv'\n"
            "URL = 'https://example.com/home/index'\n"
            "SCRATCH = '/tmp/work'\n"
            "NULL = '/dev/null'\n"
            "HOME = '/usr/local/airflow/dags/x.json'\n"
            "PATH_SUFFIX = '{{ var.value.root }}/data/x'\n",
            note="URLs, endpoints, remote commands, SQL text, /tmp and AIRFLOW_HOME are not host paths",
        ),
        Example(
            "import os\n"
            "BASE = os.environ.get('BASE', 's3://b')\n"
            "target = f'{BASE}/data/out.csv'\n"
            "other = BASE + '/mnt/x'\n"
            "local = f'/mnt/share/{BASE}'\n",
            expect_lines=(5,),
            note="only a path at the start of a string counts",
        ),
    )

    node_types = STRING_USERS
    # A file without any host prefix in its text cannot hold a host path (checked once per file).
    needles = host_paths().needles

    def __init__(self) -> None:
        self._table = host_paths()
        self._module: PythonModule | None = None
        self._has_candidates = False

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        if module is not self._module:
            # One regex pass over the file decides whether any string can matter at all.
            self._module = module
            self._has_candidates = any(self._table.verdict(m.group(1)) for m in _PATH.finditer(module.text))
        if not self._has_candidates:
            return iter(())
        return self._check(node, module)

    def _check(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        table = self._table
        for used in used_strings(node):
            text = used.text
            if not used.leading or "/" not in text:
                continue
            prose = False
            if used.name is not None:
                if used.via in ("keyword", "key"):
                    if used.name in table.not_path_keywords:
                        continue
                    prose = used.name in table.prose_keywords
                elif used.via == "variable":
                    if table.not_path_name.search(used.name):
                        continue
                    prose = table.prose_name.search(used.name) is not None
            if prose and not _is_pure_path(text):
                continue
            yield from self._check_string(used.node, module)

    def _check_string(self, node: ast.Constant, module: PythonModule) -> Iterator[Finding]:
        text = node.value
        assert isinstance(text, str)
        table = self._table
        for match in _PATH.finditer(text):
            path = match.group(1).rstrip(".:")
            verdict = table.verdict(path)
            if verdict is None:
                continue
            line = _line_in_literal(node, text, match.start())
            data: tuple[tuple[str, str], ...] = (("path", path),)
            if verdict.mwaa_path:
                data += (("mwaa_path", verdict.mwaa_path),)
                message = f"path {path!r} {verdict.reason}; on MWAA the file would be {verdict.mwaa_path!r}"
                remedy = "Build the path from the DAG file's location (os.path.dirname(__file__)) or from conf 'core.dags_folder'."
            else:
                message = f"path {path!r} {verdict.reason}"
                remedy = self.remedy
            yield self.finding(
                module.location_at(line, node.col_offset + 1 if line == node.lineno else 1),
                message,
                remedy=remedy,
                data=data,
            )
            return  # one finding per string: the first host path is enough to act on


def _line_in_literal(node: ast.Constant, text: str, offset: int) -> int:
    start = node.lineno
    end = node.end_lineno or start
    if end == start:
        return start
    return min(start + text.count("\n", 0, offset), end)
