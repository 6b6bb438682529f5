"""requirements parsing, checked against pip's own parser (the real one, from this virtualenv)."""

from __future__ import annotations

from pathlib import Path

import pytest
from packaging.utils import canonicalize_name
from pip._internal.exceptions import InstallationError
from pip._internal.network.session import PipSession
from pip._internal.req.constructors import install_req_from_parsed_requirement
from pip._internal.req.req_file import parse_requirements as pip_parse

from migrator.inputs.requirements import parse_requirements
from migrator.knowledge.versions import resolve

SECRET = "FAKE-not-a-real-secret"

TEXT = f"""\
# top comment
--index-url https://deploy:{SECRET}@pypi.acme.example/simple
--extra-index-url https://${{AIRFLOW__FOO__USER}}:${{AIRFLOW__FOO__PASS}}@mirror.example/simple
-c constraints.txt
requests[socks,security]==2.31.0 ; python_version >= "3.8"  # trailing comment
pandas>=2.1, \\
    <2.3
pyodbc==5.1.0 \\
    --hash=sha256:aaaa \\
    --hash=sha256:bbbb
enum34==1.1.10; python_version < "3.4"
git+https://ghp_{SECRET}@github.com/acme/lib.git@v1#egg=acme_lib
-e git+ssh://git@github.com/acme/tool.git#egg=tool
-e ./common
acme-sdk @ https://downloads.acme.example/acme_sdk-1.2-py3-none-any.whl
./wheels/partner-1.0-py3-none-any.whl
pendulum===3.0.0
boto3 == 1.34.0
not a requirement at all
"""


def pip_names(tmp_path: Path, text: str) -> set[str]:
    """Canonical names of what pip would install by name (not editables, constraints or local files)."""
    (tmp_path / "constraints.txt").write_text("")
    path = tmp_path / "requirements.txt"
    path.write_text(text)
    names = set()
    for parsed in pip_parse(str(path), session=PipSession()):
        if parsed.constraint or parsed.is_editable:
            continue
        requirement = install_req_from_parsed_requirement(parsed)
        if requirement.link is not None and requirement.link.is_file:
            continue
        if requirement.name:
            names.add(canonicalize_name(requirement.name))
    return names


def test_logical_lines_and_kinds() -> None:
    result = parse_requirements(TEXT, "requirements.txt")
    kinds = [(line.line, line.kind) for line in result.lines]
    assert kinds == [
        (1, "comment"), (2, "option"), (3, "option"), (4, "option"), (5, "requirement"), (6, "requirement"),
        (8, "requirement"), (11, "requirement"), (12, "vcs"), (13, "editable"), (14, "editable"), (15, "url"),
        (16, "path"), (17, "requirement"), (18, "requirement"), (19, "invalid"),
    ]  # fmt: skip
    by_line = {line.line: line for line in result.lines}
    assert (by_line[5].name, by_line[5].specifier, by_line[5].extras) == ("requests", "==2.31.0", ("security", "socks"))
    assert by_line[5].marker == 'python_version >= "3.8"'
    assert by_line[6].specifier == "<2.3,>=2.1"
    assert by_line[8].hashed and by_line[8].pinned_version == "5.1.0"
    assert by_line[12].name == "acme-lib" and by_line[13].name == "tool"
    assert by_line[15].name == "acme-sdk"
    assert by_line[17].pinned_version == "3.0.0" and by_line[18].pinned_version == "1.34.0"
    assert by_line[4].option == "--constraint" and by_line[4].argument == "constraints.txt"
    assert by_line[14].option == "--editable" and by_line[14].argument == "./common"


def test_requirements_agree_with_pip(tmp_path: Path) -> None:
    """pip (stopping short of the invalid last line) installs by name exactly what we name."""
    valid = TEXT.replace("not a requirement at all\n", "")
    ours = {
        line.name for line in parse_requirements(valid, "requirements.txt").lines
        if line.kind in {"requirement", "url", "vcs"}
    }  # fmt: skip
    assert pip_names(tmp_path, valid) == ours


def test_pip_refuses_what_we_call_invalid(tmp_path: Path) -> None:
    path = tmp_path / "requirements.txt"
    path.write_text("not a requirement at all\n")
    with pytest.raises(InstallationError):
        for parsed in pip_parse(str(path), session=PipSession()):
            install_req_from_parsed_requirement(parsed)
    assert parse_requirements(path.read_text(), "requirements.txt").lines[0].kind == "invalid"


def test_credentials_never_shown() -> None:
    for line in parse_requirements(TEXT, "requirements.txt").lines:
        assert SECRET not in line.shown
        assert SECRET not in line.shown_argument
    by_line = {line.line: line for line in parse_requirements(TEXT, "r.txt").lines}
    assert "${AIRFLOW__FOO__USER}" in by_line[3].shown  # a variable reference is not a secret
    assert "git@github.com" in by_line[13].shown  # nor is the SSH user `git`
    assert "deploy:***@" in by_line[2].shown and "://***@github.com" in by_line[12].shown


def test_markers_are_judged_for_the_target_python() -> None:
    lines = parse_requirements(
        'a==1; python_version < "3.12"\nb==1; python_version >= "3.12"\nc==1; sys_platform == "win32"\n'
        'd==1; platform_machine == "aarch64"\ne==1\n',
        "requirements.txt",
    ).lines
    on_311 = [line.name for line in lines if line.applies_to(resolve("2.10.3"))]
    on_312 = [line.name for line in lines if line.applies_to(resolve("3.3.1"))]
    assert on_311 == ["a", "d", "e"]
    assert on_312 == ["b", "d", "e"]


def test_constraint_detection_mirrors_mwaa() -> None:
    def has(text: str) -> bool:
        return parse_requirements(text, "r.txt").has_constraint_line()

    assert has("-c https://x/constraints.txt\n")
    assert has('--constraint "https://x/constraints.txt"\n')
    assert has("# -c https://x/constraints.txt\n")  # MWAA's documented opt-out
    assert not has("--constraint=https://x/constraints.txt\n")  # MWAA's regex needs the space
    assert not has("requests==2.31.0\n")


@pytest.mark.parametrize(
    ("text", "option", "argument"),
    [
        ("-r base.txt", "--requirement", "base.txt"),
        ("-rbase.txt", "--requirement", "base.txt"),
        ("--requirement=base.txt", "--requirement", "base.txt"),
        ("--requirement base.txt", "--requirement", "base.txt"),
        ("-f /usr/local/airflow/plugins", "--find-links", "/usr/local/airflow/plugins"),
        ("--no-index", "--no-index", ""),
    ],
)
def test_option_forms(text: str, option: str, argument: str) -> None:
    line = parse_requirements(text + "\n", "r.txt").lines[0]
    assert (line.kind, line.option, line.argument) == ("option", option, argument)


def test_comment_line_ending_in_backslash_does_not_continue() -> None:
    lines = parse_requirements("# note \\\nrequests==2.31.0\n", "r.txt").lines
    assert [(line.line, line.kind) for line in lines] == [(1, "comment"), (2, "requirement")]


def test_bom_and_crlf() -> None:
    lines = parse_requirements("\ufeffrequests==2.31.0\r\npandas\r\n", "r.txt").lines
    assert [(line.name, line.line) for line in lines] == [("requests", 1), ("pandas", 2)]
    assert lines[0].pinned_version == "2.31.0" and lines[1].pinned_version is None


def test_windows_and_archive_paths() -> None:
    lines = parse_requirements("C:\\wheels\\a-1.0-py3-none-any.whl\nb-1.0.tar.gz\nfile:///srv/pkg\n", "r.txt").lines
    assert [line.kind for line in lines] == ["path", "path", "path"]
