"""The shell tokeniser behind MWAA405/MWAA502: which words of a command line are programs."""

from __future__ import annotations

import ast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrator.inputs.python_module import PythonModule
from migrator.knowledge.versions import newest
from migrator.rules.host.shell_commands import command_words, line_of, programs_in, shell_texts


def programs(script: str) -> list[str]:
    return [w.word for w in command_words(script)]


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("psql -c 'select 1'", ["psql"]),
        ("/usr/bin/psql -h db", ["psql"]),
        ('cd /x && psql -c "select 1" | grep x; echo done', ["cd", "psql", "grep", "echo"]),
        ("a || b & c |& d", ["a", "b", "c", "d"]),
        ("line1\nline2 arg\n\nline3", ["line1", "line2", "line3"]),
        ("first \\\n  --flag value && second", ["first", "second"]),
        ("echo psql rsync hdfs", ["echo"]),
        ("echo 'a; psql' \"b && rsync\"", ["echo"]),
        ("echo x # psql in a comment\nrsync a b", ["echo", "rsync"]),
        ("echo a#b psql", ["echo"]),
        ("PGPASSWORD=$PW FOO=1 psql", ["psql"]),
        ("export X=1; Y=2 rsync", ["export", "rsync"]),
        ("sudo -u postgres -E psql", ["psql"]),
        ("env -u HOME A=1 kubectl get pods", ["kubectl"]),
        ("nohup nice -n 10 timeout -s KILL 30m spark-submit job.py &", ["spark-submit"]),
        ("xargs -n 1 -P 4 wget < urls.txt", ["wget"]),
        ("exec hive -e 'select 1'", ["hive"]),
        ("command -v psql || echo missing", ["echo"]),
        ('bash -c "sqlplus u/p @x.sql"', ["bash", "sqlplus"]),
        ("sh -ec 'rsync a b && lftp -c x'", ["sh", "rsync", "lftp"]),
        ("ssh host 'psql -c x'", ["ssh"]),
        ("kubectl exec pod -- psql -c x", ["kubectl"]),
        ("echo \"$(mysql -e 'select 1')\"", ["echo", "mysql"]),
        ("X=`hdfs dfs -cat f` && echo $X", ["hdfs", "echo"]),
        ("diff <(psql -c a) <(mysql -e b) > out.txt", ["diff", "psql", "mysql"]),
        ("echo $((1 + 2))", ["echo"]),
        ("psql > out.log 2>&1 < in.sql", ["psql"]),
        ("cat <<EOF | psql\nrsync is data here\nEOF\nlftp -c open", ["cat", "psql", "lftp"]),
        ("cat <<-'END'\n\tpsql\n\tEND\nmysql", ["cat", "mysql"]),
        ("for f in psql mysql; do tar -xf $f; done", ["tar"]),
        ("while true; do rsync a b; sleep 5; done", ["true", "rsync", "sleep"]),
        ("if ! which psql; then echo no; elif test -x y; then hdfs; fi", ["which", "echo", "test", "hdfs"]),
        ("case $x in\n  a|b) psql ;;\n  *) mysql ;;\nesac\nhdfs", ["psql", "mysql", "hdfs"]),
        ("{ psql; rsync; } > log", ["psql", "rsync"]),
        ("(cd /x && spark-submit a.py)", ["cd", "spark-submit"]),
        ("$TOOL --run; ${OTHER} x; psql", ["psql"]),
        ("{{ params.cmd }} --flag; {% if x %}hdfs dfs -ls{% endif %}", ["hdfs"]),
        ("python run.py --date {{ ds }} && echo {{ execution_date }}", ["python", "echo"]),
        ('echo "unterminated psql', ["echo"]),
        ("echo 'unterminated; psql", ["echo"]),
        ("", []),
    ],
)
def test_command_words(script: str, expected: list[str]) -> None:
    assert programs(script) == expected


def test_offsets_point_at_the_program() -> None:
    script = "set -e\n  psql -c x\necho ok && rsync a b"
    found = {w.word: w.offset for w in command_words(script)}
    assert script[found["psql"] :].startswith("psql")
    assert script[found["rsync"] :].startswith("rsync")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab psql'\"\\$(){}`;&|<>#\n=-%")), max_size=80))
def test_never_raises_and_offsets_stay_inside(script: str) -> None:
    for word in command_words(script):
        assert 0 <= word.offset <= len(script)
        assert word.word


def _module(source: str) -> PythonModule:
    return PythonModule("dags/x.py", source, ast.parse(source), newest())


def _calls(module: PythonModule) -> list[ast.Call]:
    return [n for n in ast.walk(module.tree) if isinstance(n, ast.Call)]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("BashOperator(task_id='t', bash_command='psql -c x')", [["psql"]]),
        ("BashOperator(task_id='t', bash_command=f'psql -h {host} && rsync a b')", [["psql", "rsync"]]),
        ("BashOperator(task_id='t', bash_command='cd /x && ' + CMD)", [["cd"]]),
        ("CMD = 'hdfs dfs -ls'\nBashOperator(task_id='t', bash_command=CMD)", [["hdfs"]]),
        ("import subprocess\nsubprocess.run(['sudo', 'rsync', '-a', 'x'])", [["rsync"]]),
        ("import subprocess\nsubprocess.run(['bash', '-c', 'psql -c x'])", [["bash", "psql"]]),
        ("import subprocess\nsubprocess.run(['echo', 'psql'])", [["echo"]]),
        ("import subprocess\nsubprocess.run('psql -c x && rsync', shell=True)", [["psql", "rsync"]]),
        ("import subprocess\nsubprocess.run('/usr/bin/psql')", [["psql"]]),
        ("import os\nos.system('lftp -c x; wget y')", [["lftp", "wget"]]),
        ("SSHOperator(task_id='t', command='psql -c x')", []),
        ("print('psql -c x')", []),
    ],
)
def test_shell_texts_from_python(source: str, expected: list[list[str]]) -> None:
    module = _module(source)
    found = [
        [w.word for w in programs_in(text)] for call in _calls(module) for text in shell_texts(call, module)
    ]
    assert found == expected


def test_line_inside_a_multiline_literal() -> None:
    source = "BashOperator(\n    bash_command='''\n        set -e\n        psql -c x\n    ''',\n)\n"
    module = _module(source)
    (text,) = [t for call in _calls(module) for t in shell_texts(call, module)]
    (word,) = [w for w in programs_in(text) if w.word == "psql"]
    assert line_of(text, word.offset) == 4
