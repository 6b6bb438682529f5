"""All four formats together: same input gives the same bytes, and no planted secret leaks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from migrator.report.render import FORMATS, render_format, write_reports
from tests.report.conftest import BROKER_PASSWORD, FERNET_KEY, SQL_PASSWORD, analyse_report

SECRETS = (SQL_PASSWORD, FERNET_KEY, BROKER_PASSWORD)


def test_same_input_same_bytes(deployment_root: Path) -> None:
    deploy = deployment_root / "deploy"
    first = write_reports(analyse_report(deployment_root, [deploy]), deployment_root / "out", FORMATS)
    first_bytes = {p.name: p.read_bytes() for p in first}
    second = write_reports(analyse_report(deployment_root, [deploy]), deployment_root / "out", FORMATS)
    assert {p.name: p.read_bytes() for p in second} == first_bytes
    assert sorted(first_bytes) == ["report.html", "report.json", "report.md", "report.sarif"]
    for name, data in first_bytes.items():
        assert data.endswith(b"\n") and b"\r" not in data, name


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_planted_secret_in_any_format(written: dict[str, str], fmt: str) -> None:
    text = written[fmt]
    for secret in SECRETS:
        assert secret not in text


def test_secrets_in_messages_are_masked_by_the_renderers() -> None:
    """Last line of defence: a rule that quoted a credential URL verbatim still leaks nothing."""
    from tests.report.conftest import finding, report_from_findings

    leaky = f"cannot reach postgresql://airflow:{SQL_PASSWORD}@db:5432/airflow"
    report = report_from_findings([finding("MWAA001", "dags/a.py", 3, leaky, remedy=leaky)])
    for fmt in FORMATS:
        text = render_format(report, fmt)
        assert SQL_PASSWORD not in text, fmt
        assert SQL_PASSWORD[:6] not in text, fmt  # not even cut short
        masked = "airflow:\\*\\*\\*@db" if fmt == "md" else "postgresql://airflow:***@db:5432/airflow"
        assert masked in text, fmt


def test_markdown_masks_before_cutting_a_long_message() -> None:
    from tests.report.conftest import finding, report_from_findings

    leaky = "x" * 120 + f" postgresql://airflow:{SQL_PASSWORD}@db:5432/airflow"
    text = render_format(report_from_findings([finding("MWAA001", "dags/a.py", 3, leaky)]), "md")
    assert SQL_PASSWORD[:4] not in text


def test_unknown_format_is_refused(real_report: object) -> None:
    with pytest.raises(ValueError, match="unknown report format"):
        render_format(real_report, "pdf")  # type: ignore[arg-type]


def test_assess_command_writes_all_four_with_working_links(deployment_root: Path) -> None:
    """The real CLI in a subprocess, run from the deployment's parent folder as a user would."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run(
        [sys.executable, "-m", "migrator", "assess", "deploy", "--out", "reports/latest", "--target-airflow", "3.0.6",
         "--no-cache"],
        cwd=deployment_root, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1, done.stderr  # blockers reach the default --fail-on
    out = deployment_root / "reports" / "latest"
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.json", "report.md", "report.sarif"]
    html = (out / "report.html").read_text()
    assert 'href="../../deploy/dags/broken_dag.py#L3"' in html
    assert ">deploy/dags/broken_dag.py:3</a>" in html
    for path in out.iterdir():
        text = path.read_text()
        for secret in SECRETS:
            assert secret not in text, path.name
    assert json.loads((out / "report.json").read_text())["target"]["airflow"] == "3.0.6"
