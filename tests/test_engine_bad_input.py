"""Bad input never stops a run: each problem is a finding and everything else is still analysed."""

from __future__ import annotations

import json
import os
import pwd
import shutil
import tempfile
from pathlib import Path

import pytest

from migrator.engine import MAX_FILE_BYTES, analyse
from migrator.knowledge.versions import resolve
from migrator.rules import registry

GOOD_DAG = "from airflow import DAG\nfrom airflow.contrib.operators.ssh_operator import SSHOperator\n"


def _codes(findings: list, path_part: str) -> set[str]:
    return {f.code for f in findings if path_part in f.location.path}


def test_every_kind_of_bad_file_is_a_finding_and_the_run_goes_on(tmp_path: Path) -> None:
    dags = tmp_path / "dags"
    dags.mkdir()
    (dags / "syntax.py").write_text("from airflow import DAG\ndef f(:\n")
    (dags / "py2.py").write_text('from airflow import DAG\nprint "hi"\n')
    (dags / "latin.py").write_bytes(b"from airflow import DAG\n# caf\xe9\n")
    (dags / "cookie.py").write_bytes(b"# -*- coding: latin-1 -*-\nfrom airflow import DAG\n# caf\xe9\n")
    (dags / "bin.py").write_bytes(b"\x00\x01\x02")
    (dags / "empty.py").write_text("")
    (dags / "big.py").write_text("x = 1\n" * (MAX_FILE_BYTES // 6 + 10))
    (dags / "loop").symlink_to(dags, target_is_directory=True)
    (dags / "dangling.py").symlink_to(tmp_path / "nowhere.py")
    (dags / "good.py").write_text(GOOD_DAG)
    findings = analyse([tmp_path], resolve("3.0.6"), cache=None, jobs=1, cwd=tmp_path).findings
    assert _codes(findings, "syntax.py") == {"MWAA001"}
    assert _codes(findings, "py2.py") == {"MWAA002"}
    latin = [f for f in findings if f.location.path.endswith("latin.py")]
    assert [(f.code, f.location.line) for f in latin] == [("MWAA003", 2)]
    assert "MWAA003" not in _codes(findings, "cookie.py")  # PEP 263 cookie honoured
    assert _codes(findings, "bin.py") == {"MWAA004"}
    assert _codes(findings, "empty.py") == {"MWAA008"}
    assert _codes(findings, "big.py") == {"MWAA007"}
    assert "MWAA006" in _codes(findings, "dags/loop")
    assert "MWAA005" in _codes(findings, "dangling.py")
    assert "MWAA101" in _codes(findings, "good.py") or _codes(findings, "good.py") == set(), (
        "the good file is still analysed"  # MWAA101 arrives with the imports rules
    )


def _analyse_as_unprivileged(root: Path) -> list[tuple[str, str]]:
    """Run the engine in a forked child that dropped root (root reads anything), return (code, path)."""
    # Warm every lazy import in the parent: the child may not read the interpreter's own files.
    registry.all_rules()
    analyse([root], resolve("3.0.6"), cache=None, jobs=1, cwd=root)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_end)
        try:
            if os.geteuid() == 0:
                nobody = pwd.getpwnam("nobody")
                os.setgid(nobody.pw_gid)
                os.setuid(nobody.pw_uid)
            findings = analyse([root], resolve("3.0.6"), cache=None, jobs=1, cwd=root).findings
            payload = json.dumps([(f.code, f.location.path) for f in findings])
        except BaseException as exc:  # report it to the parent instead of dying silently
            payload = json.dumps([("error", repr(exc))])
        try:
            os.write(write_end, payload.encode())
        finally:
            os._exit(0)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.waitpid(pid, 0)
    return [tuple(x) for x in json.loads(b"".join(chunks) or b"[]")]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX permissions")
def test_unreadable_folder_and_file_are_findings() -> None:
    # not pytest's tmp_path: its parents are private to root, and the unprivileged child must get in
    tmp_path = Path(tempfile.mkdtemp(prefix="mwaa-migrator-perm-"))
    root = tmp_path / "deploy"
    (root / "dags" / "secret").mkdir(parents=True)
    (root / "dags" / "secret" / "hidden.py").write_text(GOOD_DAG)
    (root / "dags" / "locked.py").write_text(GOOD_DAG)
    (root / "dags" / "fine.py").write_text("from airflow import DAG\nprint(1)\n")
    for path in (tmp_path, root, root / "dags"):
        os.chmod(path, 0o755)
    os.chmod(root / "dags" / "secret", 0)
    os.chmod(root / "dags" / "locked.py", 0)
    try:
        found = _analyse_as_unprivileged(root)
    finally:
        os.chmod(root / "dags" / "secret", 0o755)
        os.chmod(root / "dags" / "locked.py", 0o644)
        shutil.rmtree(tmp_path)
    assert not [x for x in found if x[0] == "error"]
    unreadable = {path for code, path in found if code == "MWAA005"}
    assert unreadable == {"dags/secret", "dags/locked.py"}
    assert not any("hidden.py" in path for _, path in found)


def test_airflowignore_files_are_analysed_but_not_dag_files(tmp_path: Path) -> None:
    dags = tmp_path / "dags"
    (dags / "common").mkdir(parents=True)
    (dags / "legacy").mkdir()
    (dags / ".airflowignore").write_text("common/\n# a comment\nlegacy/old_.*\n*.bak.py\n")
    dag = "from airflow import DAG\nfrom airflow.contrib.operators.ssh_operator import SSHOperator\n"
    for name in ("main.py", "common/helpers.py", "legacy/old_job.py", "legacy/kept.py", "x.bak.py"):
        (dags / name).write_text(dag)
    deployment = analyse([tmp_path], resolve("3.0.6"), cache=None, jobs=1, cwd=tmp_path)
    dag_files = sorted(f.display for f in deployment.files if f.is_dag_file)
    assert dag_files == ["dags/legacy/kept.py", "dags/main.py"]
    analysed = {f.location.path for f in deployment.findings}
    assert "dags/common/helpers.py" in analysed or not analysed  # still analysed for findings
