"""The command side: what the generated task runs is what cron ran (shell, environment, working
directory, standard input), executed here with a real shell."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import jinja2
import pytest

from migrator.cron.crontab import parse_crontab
from migrator.cron.execution import Execution, execution_for, jinja_literal


def execution(line: str, flavor: str = "debian", env: str = "") -> Execution:
    crontab = parse_crontab("crontabs/etl.crontab", f"{env}{line}\n", flavor)
    return execution_for(crontab.entries[0], flavor, "etl")


def run(script: str, environment: dict[str, str], home: Path) -> subprocess.CompletedProcess[str]:
    env = {**environment, "HOME": str(home)}
    return subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, cwd="/")


@pytest.mark.parametrize(
    ("line", "stdout"),
    [
        ("0 1 * * * cat %Joe,%%Where are your kids?%", "Joe,\n\nWhere are your kids?\n"),
        ('0 1 * * * echo "a\\%b c\\d"', "a%b c\\d\n"),
        ("0 1 * * * od -An -c %a\\%b%c\\\\d", None),  # checked below against cron's bytes
        ("0 1 * * * pwd", None),
        ("0 1 * * * echo $SHELL $LOGNAME $USER $PATH", "/bin/sh etl etl /usr/bin:/bin\n"),
        ("0 1 * * * printf '[%s]' x", ""),  # cron cuts at the first %: `printf '[` fails in the shell
        ("0 1 * * * echo '{{ ds }} {\\% if \\%}' CRON_STDIN", "{{ ds }} {% if %} CRON_STDIN\n"),
    ],
)
def test_runner_reproduces_cron(line: str, stdout: str | None, tmp_path: Path) -> None:
    job = execution(line)
    done = run(job.expected(job.runner()), dict(job.environment), tmp_path)
    if "pwd" in line:
        assert done.stdout.strip() == str(tmp_path)  # cron runs the command in $HOME
    elif "od" in line:
        assert done.stdout.split() == ["a", "%", "b", "\\n", "c", "\\", "\\", "d", "\\n"]
    else:
        assert done.stdout == stdout, done.stderr


def test_stdin_delimiter_never_collides(tmp_path: Path) -> None:
    job = execution("0 1 * * * cat %line%CRON_STDIN%more")
    assert "<<'CRON_STDIN_1'" in job.runner()
    assert (
        run(job.expected(job.runner()), dict(job.environment), tmp_path).stdout == "line\nCRON_STDIN\nmore\n"
    )


def test_missing_home_fails_like_cron(tmp_path: Path) -> None:
    job = execution("0 1 * * * echo ran", env="HOME=/nonexistent/etl\n")
    environment = dict(job.environment)
    done = subprocess.run(
        ["bash", "-c", job.expected(job.runner())], env=environment, capture_output=True, text=True
    )
    assert done.returncode != 0 and "ran" not in done.stdout


def test_ssh_runner_uses_crons_environment_only(tmp_path: Path) -> None:
    job = execution("0 1 * * * env | sort", env="MAILTO=ops@example.com\nFOO=bar baz\n")
    env = {"HOME": str(tmp_path), "PATH": os.environ["PATH"], "LEAKED": "yes"}
    done = subprocess.run(
        ["sh", "-c", job.expected(job.ssh_runner())], env=env, capture_output=True, text=True
    )
    lines = set(done.stdout.split("\n"))
    assert {
        "FOO=bar baz",
        "MAILTO=ops@example.com",
        "LOGNAME=etl",
        "SHELL=/bin/sh",
        f"HOME={tmp_path}",
    } <= lines
    assert not any(line.startswith("LEAKED=") for line in lines)


@pytest.mark.parametrize(
    "text",
    ["plain", "{{ ds }}", "a{% raw %}b", "{# c #}", "x\ry", "{% endraw %}{{ x }}", "\r\n{{", "%s %%"],
)
def test_jinja_round_trip(text: str) -> None:
    environment = jinja2.Environment()  # Airflow renders templated fields with default delimiters
    assert environment.from_string(jinja_literal(text)).render() == text


def test_secrets_become_variable_templates() -> None:
    job = execution(
        "0 1 * * * curl https://bot:s3cret@hooks.example.com/x", env="PGPASSWORD=hunter2\nAPI_TOKEN='abc'\n"
    )
    rendered = (
        jinja2.Environment()
        .from_string(job.safe(job.runner()))
        .render(var={"value": {v: f"<{v}>" for _, v in job.secret_variables}})
    )
    assert "s3cret" not in job.safe(job.runner()) and "hunter2" not in str(job.environment)
    assert "https://bot:<cron_etl_url_password_" in rendered
    names = [v for _, v in job.secret_variables]
    assert "cron_etl_pgpassword" in names and "cron_etl_api_token" in names


def test_secret_inside_escaped_text_with_carriage_returns() -> None:
    job = execution('0 1 * * * curl "https://u:pw@h/{{x}}"\r', env="TOKEN=abc\r\n")
    template = job.safe(job.runner())
    variables = {v: f"<{v}>" for _, v in job.secret_variables}
    rendered = jinja2.Environment().from_string(template).render(var={"value": variables})
    assert rendered == job.expected(job.runner()).replace("@@", "<", 1).replace("@@", ">", 1)
    assert "\r" in rendered and "{{x}}" in rendered and "pw" not in template
