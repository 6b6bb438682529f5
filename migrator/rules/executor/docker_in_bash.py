from __future__ import annotations

import ast
from collections.abc import Iterator

from migrator.findings import Family, Finding, Location, Severity
from migrator.inputs.python_module import PythonModule
from migrator.knowledge.os_binaries import MissingBinary, binaries_covered_by, missing_binaries
from migrator.knowledge.versions import TargetVersion
from migrator.rules.base import Example, PythonRule
from migrator.rules.host.shell_commands import command_words, line_of, programs_in, shell_texts


class DockerInBash(PythonRule):
    """A shell command run by a task that invokes a container runtime: `docker`, `docker-compose`,
    `podman`, `nerdctl`, `buildah` (in `bash_command=`, `subprocess.*`, `os.system`).

    The command line is tokenised like a shell would (quotes, `&&`, pipes, `$( )`, `sudo`/`env`
    prefixes, `bash -c "..."`), so `echo docker` or a path containing "docker" is not reported,
    while `cd x && sudo docker run ...` is. MWAA workers have no container runtime (a blocker).
    Container programs are reported here, not by MWAA502.
    """

    code = "MWAA405"
    name = "docker-in-bash"
    title = "Container runtime invoked from a shell command"
    family = Family.EXECUTOR
    severity = Severity.BLOCKER
    why = "MWAA workers have no Docker/Podman daemon; the command fails."
    remedy = "Run the container with EcsRunTaskOperator (Fargate) or KubernetesPodOperator/EksPodOperator (EKS), image in ECR."
    fixable = False
    sources = (
        "shared/mwaa-facts.md §2 (no Docker daemon on MWAA workers)",
        "aws/amazon-mwaa-docker-images System-Packages-BOM.txt (no docker/podman packages)",
    )
    examples = (
        Example(
            "from airflow.operators.bash import BashOperator\n"
            "t = BashOperator(\n"
            "    task_id='t',\n"
            "    bash_command='cd /srv/app && sudo docker run --rm etl:{{ ds }}',\n"
            ")\n",
            expect_lines=(4,),
        ),
        Example(
            "import subprocess\n"
            "def build():\n"
            "    subprocess.run(['docker-compose', 'up', '-d'], check=True)\n"
            "    subprocess.run('podman ps | wc -l', shell=True)\n",
            expect_lines=(3, 4),
        ),
        Example(
            "from airflow.operators.bash import BashOperator\n"
            "SCRIPT = '''\n"
            "set -e\n"
            "echo docker is not used here\n"
            "docker pull etl:latest\n"
            "'''\n"
            "t = BashOperator(task_id='t', bash_command=SCRIPT)\n",
            expect_lines=(7,),
            note="a script held in a variable: reported where the task uses it",
        ),
        Example(
            "from airflow.operators.bash import BashOperator\n"
            "t = BashOperator(task_id='t', bash_command='echo docker; ls /var/lib/docker')\n",
        ),
    )

    node_types = (ast.Call,)
    needles = ("docker", "podman", "nerdctl", "buildah", "crictl", "ctr ")

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        assert isinstance(node, ast.Call)
        runtimes = binaries_covered_by(self.code)
        for shell in shell_texts(node, module):
            reported: set[tuple[int, str]] = set()
            for word in programs_in(shell):
                line = line_of(shell, word.offset)
                if word.word in runtimes and (line, word.word) not in reported:
                    reported.add((line, word.word))
                    column = shell.node.col_offset + 1 if line == shell.node.lineno else 1
                    yield self._finding(module.location_at(line, column), missing_binaries()[word.word])

    @classmethod
    def check_script_file(cls, display: str, text: str, target: TargetVersion) -> Iterator[Finding]:
        """The same check for a shell script shipped with the DAGs (`.sh`/`.bash`, run by a BashOperator)."""
        runtimes = binaries_covered_by(cls.code)
        reported: set[tuple[int, str]] = set()
        for word in command_words(text):
            line = text.count("\n", 0, word.offset) + 1
            if word.word in runtimes and (line, word.word) not in reported:
                reported.add((line, word.word))
                yield cls._finding(Location(display, line, 1), missing_binaries()[word.word])

    @classmethod
    def _finding(cls, location: Location, binary: MissingBinary) -> Finding:
        return cls.finding(
            location,
            f"shell command runs `{binary.name}`, but MWAA workers have no container runtime",
            remedy=binary.remedy,
            data=(("binary", binary.name), ("category", binary.category)),
        )
