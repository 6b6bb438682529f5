"""`mwaa-migrator cron` end to end on the fixture crontabs, without Airflow: outputs, determinism,
manifest, disable-on-host copies, formatting, secrets."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from migrator.cli import app
from migrator.cron.convert import MOVED_MARKER
from migrator.cron.dag_ids import command_head, dag_id_for
from migrator.cron.render import render_plugin
from tests.cron.conftest import DATA, FIXTURES, REPO, convert_paths

LEGACY = FIXTURES / "legacy-airflow-1.10"
MODERN = FIXTURES / "airflow-2.x"
CANARY = "FAKE-not-a-real-secret"


def run_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def legacy_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("legacy")
    convert_paths([LEGACY], out)
    return out


def test_manifest_accounts_for_every_line(legacy_out: Path) -> None:
    manifest = json.loads((legacy_out / "cron-manifest.json").read_text())
    files = {f["file"]: f for f in manifest["files"]}
    etl = files["fixtures/legacy-airflow-1.10/crontabs/etl.crontab"]
    source_lines = (LEGACY / "crontabs/etl.crontab").read_text().split("\n")
    assert [line["line"] for line in etl["lines"]] == list(range(1, len(source_lines) + 1))
    kinds = {line["kind"] for line in etl["lines"]}
    assert kinds == {"comment", "env", "job", "blank", "invalid"}
    for line in etl["lines"]:
        if line["kind"] == "job":
            assert ("dag_id" in line) != ("reason" in line)
    reasons = {line["reason"] for line in etl["lines"] if line.get("converted") is False}
    assert any("@reboot" in r for r in reasons) and any("reversed range" in r for r in reasons)
    by_id = {dag["dag_id"]: dag for dag in manifest["dags"]}
    assert len(by_id) == manifest["summary"]["dags"] == len(list((legacy_out / "dags").glob("*.py")))
    for dag in manifest["dags"]:
        assert (legacy_out / dag["module"]).is_file()
        assert dag["oracle"]["cron_fields"]


def test_run_parts_folder_and_dispatcher_lines(legacy_out: Path) -> None:
    manifest = json.loads((legacy_out / "cron-manifest.json").read_text())
    lines = {(f["file"], line["line"]): line for f in manifest["files"] for line in f["lines"]}
    daily_dispatch = lines[("fixtures/legacy-airflow-1.10/etc/crontab", 10)]
    assert daily_dispatch.get("converted") is False and "/etc/cron.daily" in daily_dispatch["reason"]
    hourly_dispatch = lines[("fixtures/legacy-airflow-1.10/etc/crontab", 8)]
    assert "dag_id" in hourly_dispatch  # no cron.hourly scripts were given: the line itself is converted
    script = lines[("fixtures/legacy-airflow-1.10/etc/cron.daily/etl-logs", 0)]
    assert script["schedule"]["expressions"] == ["25 6 * * *"]
    skipped = lines[("fixtures/legacy-airflow-1.10/etc/cron.daily/etl-cleanup.sh", 0)]
    assert "run-parts skips" in skipped["reason"]
    script_text = (legacy_out / "disable-on-host/disable-run-parts-scripts.sh").read_text()
    assert "chmod -x /etc/cron.daily/etl-logs" in script_text and "etl-cleanup" not in script_text


def test_disable_on_host_comments_out_exactly_the_converted_lines(legacy_out: Path) -> None:
    manifest = json.loads((legacy_out / "cron-manifest.json").read_text())
    etl = next(f for f in manifest["files"] if f["file"].endswith("etl.crontab"))
    copy = (legacy_out / "disable-on-host/fixtures/legacy-airflow-1.10/crontabs/etl.crontab").read_text()
    original = (LEGACY / "crontabs/etl.crontab").read_text()
    header = copy.split("\n")[:2]
    assert all(line.startswith("# ") for line in header)
    body = copy.split("\n")[2:]
    assert len(body) == len(original.split("\n")) and not copy.endswith(
        "\n"
    )  # the unterminated line stays so
    for record, new, old in zip(etl["lines"], body, original.split("\n"), strict=True):
        if "dag_id" in record:
            assert new == MOVED_MARKER.format(dag_id=record["dag_id"]) + old
        else:
            assert new == old  # @reboot still runs on the host, so PGPASSWORD stays for it


def test_credentials_no_job_needs_are_masked_on_the_host_copy(tmp_path: Path) -> None:
    out = tmp_path / "out"
    convert_paths([MODERN / "etc/cron.d/reports"], out, zone="Europe/London")
    copy = (out / "disable-on-host/fixtures/airflow-2.x/etc/cron.d/reports").read_text()
    assert "REPORTS_API_TOKEN=***" in copy and CANARY not in copy
    assert "https://bot:***@hooks.example.com" in copy


def test_no_secret_in_dags_manifest_or_reports(tmp_path: Path) -> None:
    out = tmp_path / "out"
    conversion = convert_paths([LEGACY, MODERN], out)
    for relative, content in conversion.files.items():
        if not relative.startswith("disable-on-host/"):
            assert CANARY not in content, relative
    reports = (out / "dags").glob("cron_reports_*.py")
    texts = "".join(p.read_text() for p in reports)
    assert "{{ var.value.cron_reports_reports_api_token }}" in texts
    assert "{% endraw %}" not in texts or "{{ var.value.cron_reports_url_password_" in texts


def test_output_is_deterministic_and_idempotent(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    convert_paths([LEGACY], first)
    convert_paths([LEGACY], second)
    assert tree(first) == tree(second)
    (second / "dags" / "cron_stale_from_an_old_run.py").write_text("# Generated by mwaa-migrator 0.0\n")
    (second / "dags" / "hand_written.py").write_text("# mine\n")
    convert_paths([LEGACY], second)
    assert not (second / "dags" / "cron_stale_from_an_old_run.py").exists()
    assert (second / "dags" / "hand_written.py").exists()


def test_dag_ids_follow_line_content_not_position(tmp_path: Path) -> None:
    text = (DATA / "debian-edge-cases.crontab").read_text()
    original = tmp_path / "original" / "crontabs" / "edge.crontab"
    moved = tmp_path / "moved" / "crontabs" / "edge.crontab"
    original.parent.mkdir(parents=True)
    moved.parent.mkdir(parents=True)
    original.write_text(text)
    lines = text.split("\n")
    moved.write_text("\n".join(["# a new first line", *reversed(lines[:-1])]) + "\n")
    ids = {p.dag_id for p in convert_paths([original], zone="UTC").plans}
    assert ids == {p.dag_id for p in convert_paths([moved], zone="UTC").plans}
    assert all(i.startswith("cron_edge_") and len(i) < 100 for i in ids)
    taken: set[str] = set()
    assert dag_id_for("a/x", "0 1 * * * a", "a", taken) != dag_id_for("a/x", "0 1 * * * a", "a", taken)
    assert command_head("cd / && run-parts --report /etc/cron.daily") == "cron_daily"
    assert command_head("flock -n /tmp/x.lock /opt/etl/bin/sync.sh --all") == "sync"
    assert command_head("PYTHONPATH=/x /usr/bin/python3 /opt/etl/report.py") == "report"


def test_generated_python_is_formatted_and_compiles(tmp_path: Path) -> None:
    out = tmp_path / "out"
    convert_paths([LEGACY, MODERN, DATA / "cronie-host.crontab"], out, exact_dst=True, flavor="debian")
    convert_paths([MODERN], tmp_path / "grouped", group_by="file", zone="Europe/London")
    convert_paths([MODERN], tmp_path / "ssh", mode="ssh", zone="Europe/London")
    convert_paths([MODERN], tmp_path / "ecs", mode="ecs", zone="Europe/London")
    modules = [*sorted(tmp_path.rglob("dags/*.py")), out / "plugins/cron_exact_timetable.py"]
    for path in modules:
        compile(path.read_text(), str(path), "exec")
    ruff = [sys.executable, "-m", "ruff", "format", "--isolated", "--check"]
    for width in ("88", "110"):
        done = subprocess.run(
            [*ruff, "--line-length", width, *map(str, modules)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
    engine = out / "plugins/cron_exact_schedule.py"
    done = subprocess.run([*ruff, "--line-length", "110", str(engine)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
    header = [path.read_text().split("\n", 1)[0] for path in modules]
    assert all(line.startswith("# Generated by mwaa-migrator") for line in header)


def test_plugin_engine_is_the_model_itself() -> None:
    from migrator.cron import host_model

    files = render_plugin()
    engine = files["cron_exact_schedule.py"]
    assert engine.split("\n", 3)[3] == Path(host_model.__file__).read_text()
    assert "from cron_exact_schedule import" in files["cron_exact_timetable.py"]


def test_cli_convert_and_usage_errors(tmp_path: Path) -> None:
    crontab = str(LEGACY / "crontabs/etl.crontab")
    code, output = run_cli("cron", crontab, "--out", str(tmp_path / "o"), "--timezone", "America/New_York")
    assert code == 0 and "Converted 11 of 13 job(s)" in output
    code, output = run_cli("cron", "convert", crontab, "--out", str(tmp_path / "o"), "--timezone", "UTC")
    assert code == 0
    for args, message in [
        ((crontab, "--out", str(tmp_path / "x")), "--timezone"),
        ((crontab, "--out", str(tmp_path / "x"), "--timezone", "Mars/Olympus"), "not an IANA time zone"),
        ((crontab, "--timezone", "UTC"), "--out"),
        ((crontab, "--out", str(tmp_path / "x"), "--timezone", "UTC", "--mode", "docker"), "--mode"),
        (
            (crontab, "--out", str(tmp_path / "x"), "--timezone", "UTC", "--start-date", "soon"),
            "--start-date",
        ),
        ((str(LEGACY), "--out", str(LEGACY / "out"), "--timezone", "UTC"), "inside the input folder"),
        (("/no/such/crontab", "--out", str(tmp_path / "x")), "does not exist"),
        ((), "give at least one crontab"),
    ]:
        code, output = run_cli("cron", *args)
        assert code == 2 and message in output, (args, output)
        assert "Traceback" not in output
    code, output = run_cli("cron", "verify", str(tmp_path))
    assert code == 2 and "cron-manifest.json" in output
    code, output = run_cli("cron", "verify", str(tmp_path / "o"), "--years", "0")
    assert code == 2 and "--years must be between 1 and 10" in output
    code, output = run_cli(
        "cron", crontab, "--out", str(tmp_path / "x"), "--timezone", "UTC", "--dst-years", "99"
    )
    assert code == 2 and "--dst-years" in output


def test_cli_module_entry_point(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "migrator", "cron", str(DATA / "cronie-host.crontab"), "--out", str(tmp_path / "o"),
         "--flavor", "cronie", "--timezone", "Australia/Sydney", "--start-date", "2026-01-01"],
        capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Converted 11 of 11 job(s)" in done.stdout


def test_every_file_kind_and_bad_input_never_crash(tmp_path: Path) -> None:
    binary = tmp_path / "crontabs" / "binary.crontab"
    binary.parent.mkdir()
    binary.write_bytes(b"\x00\x01garbage")
    latin = tmp_path / "crontabs" / "latin1.crontab"
    latin.write_bytes("0 1 * * * echo caf\xe9\n".encode("latin-1"))
    weird = tmp_path / "crontabs" / "weird.crontab"
    weird.write_text("".join(chr(c) for c in range(1, 127)) + "\n\t\t\n=\n@\n* * * * *\n" + "9" * 5000 + "\n")
    conversion = convert_paths([tmp_path / "crontabs"], tmp_path / "out", zone="UTC")
    codes = {f.code for f in conversion.findings}
    assert {"MWAA003", "MWAA902"} <= codes or {"MWAA902"} <= codes
    shutil.rmtree(tmp_path / "out")
