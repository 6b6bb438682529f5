"""The file-level checks the engine can run on `.sql`/`.sh` templates and scripts shipped with DAGs."""

from __future__ import annotations

from migrator.knowledge.versions import resolve
from migrator.rules.dag_api.removed_context_variable_in_template import RemovedContextVariableInTemplate
from migrator.rules.executor.docker_in_bash import DockerInBash
from migrator.rules.host.missing_os_binary import MissingOsBinary

SQL = """-- build the daily partition
SELECT *
FROM events
WHERE day = '{{ prev_ds }}'
  AND loaded_at < '{{ execution_date }}'::timestamptz
  AND note <> 'execution_date'
  AND run = '{{ dag_run.external_trigger }}' -- {{ ds }}
"""

SCRIPT = """#!/usr/bin/env bash
set -euo pipefail
# psql in a comment is not a call
export PGHOST=db
psql -c "select 1" | tee out.txt
docker run --rm etl:latest \\
  --date "$1"
aws s3 cp out.txt s3://bucket/
"""


def test_sql_template_file_lines_and_target() -> None:
    findings = list(
        RemovedContextVariableInTemplate.check_template_file("dags/sql/q.sql", SQL, resolve("3.0.6"))
    )
    assert [(f.location.line, f.detail("variable")) for f in findings] == [
        (4, "prev_ds"),
        (5, "execution_date"),
        (7, "dag_run.external_trigger"),
    ]
    assert all(f.code == "MWAA206" and f.location.path == "dags/sql/q.sql" for f in findings)
    assert list(RemovedContextVariableInTemplate.check_template_file("q.sql", SQL, resolve("2.10.3"))) == []


def test_shell_script_file() -> None:
    target = resolve("3.0.6")
    missing = [
        (f.location.line, f.detail("binary"))
        for f in MissingOsBinary.check_script_file("run.sh", SCRIPT, target)
    ]
    runtimes = [
        (f.location.line, f.detail("binary"))
        for f in DockerInBash.check_script_file("run.sh", SCRIPT, target)
    ]
    assert missing == [(5, "psql")]
    assert runtimes == [(6, "docker")]
