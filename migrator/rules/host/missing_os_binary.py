from __future__ import annotations

import ast
import functools
from collections.abc import Iterator

from migrator.findings import Family, Finding, Location, Severity
from migrator.inputs.python_module import PythonModule
from migrator.knowledge.os_binaries import MissingBinary, missing_binaries
from migrator.knowledge.versions import TargetVersion
from migrator.rules.base import Example, PythonRule
from migrator.rules.host.shell_commands import command_words, line_of, programs_in, shell_texts


@functools.cache
def _reported_binaries() -> dict[str, MissingBinary]:
    return {name: binary for name, binary in missing_binaries().items() if not binary.covered_by}


class MissingOsBinary(PythonRule):
    """A shell command run by a task (`bash_command=`, `subprocess.*`, `os.system`, `os.popen`) that
    calls a program MWAA's worker image does not ship: database clients (`psql`, `mysql`, `sqlplus`,
    `bcp`), Hadoop/Spark (`hdfs`, `spark-submit`, `beeline`), `kubectl`, `rsync`, `lftp`, `wget`,
    `tar`, vendor CLIs (`gsutil`, `snowsql`, `az`), language runtimes (`Rscript`, `node`) ...

    The command line is tokenised like a shell does (quotes, `;` `&&` `||` `|`, newlines, `$( )`,
    here-docs, `VAR=x` prefixes, `sudo`/`env`/`timeout`/`xargs` wrappers, `bash -c "..."`), so only
    programs in command position count: `echo psql` or `--output /usr/bin/rsync` are not reported.
    `SSHOperator` commands run on the remote host and are not looked at. Programs the image has
    (`aws`, `ssh`, `scp`, `sftp`, `curl`, `git`, `java`, `jq`, `zip`, `sqlite3`, ...) are fine.

    The table (migrator/knowledge/os_binaries.toml) is derived from the image's own bill of materials
    and gives the MWAA remedy per program: usually a provider operator/hook, EMR/ECS for whole
    toolchains, or a startup.sh install. Container runtimes are MWAA405. `data` carries `binary`
    and `category`.
    """

    code = "MWAA502"
    name = "missing-os-binary"
    title = "Program not installed on MWAA workers"
    family = Family.HOST
    severity = Severity.WARNING
    why = "The MWAA worker image does not ship this program; the command fails with 'command not found'."
    remedy = (
        "Use the provider operator/hook for the system, run the tool on ECS/EMR, or install it in startup.sh."
    )
    fixable = False
    sources = (
        "aws/amazon-mwaa-docker-images images/airflow/<ver>/BillOfMaterials/<ver>/System-Packages-BOM.txt @9d2bebb",
        "aws/amazon-mwaa-docker-images bootstrap/01-root-firstpass (awscli-2 installed; wget, xz, tar removed)",
        "shared/mwaa-facts.md §5 (startup.sh installs), §8 (no SSH into containers)",
    )
    examples = (
        Example(
            "from airflow.operators.bash import BashOperator\n"
            "dump = BashOperator(\n"
            "    task_id='dump',\n"
            "    bash_command='''\n"
            "        set -euo pipefail\n"
            "        PGPASSWORD=$PW psql -h db -c \"\\\\copy t to '/tmp/t.csv'\"\n"
            "        echo psql done && aws s3 cp /tmp/t.csv s3://b/t.csv\n"
            "        rsync -av /tmp/out/ backup:/srv/ | tee log.txt\n"
            "    ''',\n"
            ")\n",
            expect_lines=(6, 8),
        ),
        Example(
            "import subprocess\n"
            "def load():\n"
            "    subprocess.run(['sudo', '-u', 'hdfs', 'hdfs', 'dfs', '-put', 'x', '/in'], check=True)\n"
            "    subprocess.check_call('spark-submit --master yarn job.py && echo ok', shell=True)\n",
            expect_lines=(3, 4),
        ),
        Example(
            "from airflow.operators.bash import BashOperator\n"
            "from airflow.providers.ssh.operators.ssh import SSHOperator\n"
            "a = BashOperator(task_id='a', bash_command='aws s3 sync s3://b/in /tmp/in && curl -fsS https://x | jq .')\n"
            "b = SSHOperator(task_id='b', command='psql -c \"select 1\"')\n"
            "c = BashOperator(task_id='c', bash_command='echo rsync; ls --color=auto /usr/bin/psql')\n",
            note="present programs, a remote command, and program names as arguments",
        ),
        Example(
            "from airflow.operators.bash import BashOperator\n"
            "t = BashOperator(task_id='t', bash_command='which sqlplus || exit 1; {{ params.tool }} --run')\n",
            expect_lines=(2,),
            note="`which` itself is absent (info); a templated command cannot be judged",
        ),
    )

    node_types = (ast.Call,)
    needles = ("bash_command", "subprocess", "system(", "popen(")

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        assert isinstance(node, ast.Call)
        table = _reported_binaries()
        for shell in shell_texts(node, module):
            reported: set[tuple[int, str]] = set()
            for word in programs_in(shell):
                binary = table.get(word.word)
                line = line_of(shell, word.offset)
                if binary is not None and (line, word.word) not in reported:
                    reported.add((line, word.word))
                    column = shell.node.col_offset + 1 if line == shell.node.lineno else 1
                    yield self._finding(module.location_at(line, column), binary)

    @classmethod
    def check_script_file(cls, display: str, text: str, target: TargetVersion) -> Iterator[Finding]:
        """The same check for a shell script shipped with the DAGs (`.sh`/`.bash`, run by a BashOperator)."""
        table = _reported_binaries()
        reported: set[tuple[int, str]] = set()
        for word in command_words(text):
            binary = table.get(word.word)
            line = text.count("\n", 0, word.offset) + 1
            if binary is not None and (line, word.word) not in reported:
                reported.add((line, word.word))
                yield cls._finding(Location(display, line, 1), binary)

    @classmethod
    def _finding(cls, location: Location, binary: MissingBinary) -> Finding:
        return cls.finding(
            location,
            f"`{binary.name}` ({binary.category}) is not installed on MWAA workers",
            remedy=binary.remedy,
            severity=Severity.parse(binary.severity) if binary.severity else None,
            data=(("binary", binary.name), ("category", binary.category)),
        )
