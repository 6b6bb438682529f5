"""convert over the sample deployments, for a 3.x and a 2.x target: idempotent, byte-identical where
nothing changes, deterministic, and `assess` on the output no longer reports what convert fixes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from migrator.engine import analyse
from migrator.knowledge.versions import resolve
from tests.convert.conftest import FIXTURE_NAMES, FIXTURES, run_cli, tree_bytes

TARGETS = ("3.0.6", "2.10.3")


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    out: dict[tuple[str, str], Path] = {}
    for name in FIXTURE_NAMES:
        for target in TARGETS:
            folder = tmp_path_factory.mktemp(f"{name}-{target}") / "out"
            code, output = run_cli(
                "convert", str(FIXTURES / name), "--target-airflow", target, "--out", str(folder),
                "--reference-date", "2026-11-22",
            )  # fmt: skip
            assert code == 0, output
            out[(name, target)] = folder
    return out


CASES = [pytest.param(name, target, id=f"{name}-{target}") for name in FIXTURE_NAMES for target in TARGETS]


@pytest.mark.parametrize(("name", "target"), CASES)
def test_output_mirrors_the_source_tree(
    converted: dict[tuple[str, str], Path], name: str, target: str
) -> None:
    source = tree_bytes(FIXTURES / name)
    output = tree_bytes(converted[(name, target)])
    assert set(output) == set(source) | {"convert-report.json"}
    report = json.loads(output["convert-report.json"])
    changed = {f["path"] for f in report["files"] if f["status"] == "changed"}
    assert changed, "the fixtures need rewriting on every target"
    for path, data in source.items():
        if path in changed:
            assert output[path] != data, path
        else:
            assert output[path] == data, f"{path} must come out byte-identical"
    assert report["summary"]["changed"] == len(changed)


@pytest.mark.parametrize(("name", "target"), CASES)
def test_converting_the_output_again_changes_nothing(
    converted: dict[tuple[str, str], Path], name: str, target: str
) -> None:
    code, output = run_cli(
        "convert", str(converted[(name, target)]), "--target-airflow", target, "--check",
        "--reference-date", "2026-11-22",
    )  # fmt: skip
    assert code == 0, output
    assert "0 files changed" in output


@pytest.mark.parametrize(("name", "target"), CASES)
def test_assess_after_convert_shows_the_fixed_findings_gone(
    converted: dict[tuple[str, str], Path], name: str, target: str
) -> None:
    from migrator.codemods import all_codemods

    convert_codes = {code for codemod in all_codemods() for code in codemod.fixes}
    before = analyse([FIXTURES / name], resolve(target), jobs=1, cwd=FIXTURES / name)
    after = analyse([converted[(name, target)]], resolve(target), jobs=1, cwd=converted[(name, target)])
    fixable_before = [f for f in before.findings if f.fixable and f.code in convert_codes]
    fixable_after = [f for f in after.findings if f.fixable and f.code in convert_codes]
    assert fixable_before, "the fixture has findings convert fixes"
    assert fixable_after == [], "\n".join(f"{f.location} {f.code} {f.message}" for f in fixable_after)
    # what stays is manual work, and convert adds no problem of its own: the only new findings are
    # "provider not in requirements" for exactly the distributions the convert report lists
    report = json.loads((converted[(name, target)] / "convert-report.json").read_text())
    reported = {r["distribution"] for r in report["requirements"]}
    codes_before = {(f.location.path, f.code) for f in before.findings}
    new = [f for f in after.findings if (f.location.path, f.code) not in codes_before]
    unexpected = [f for f in new if not (f.code == "MWAA709" and f.detail("distribution") in reported)]
    assert unexpected == [], "\n".join(f"{f.location} {f.code} {f.message}" for f in unexpected)


def test_the_run_is_deterministic(tmp_path: Path) -> None:
    outputs = []
    for run in ("a", "b"):
        folder = tmp_path / run
        code, _ = run_cli(
            "convert", str(FIXTURES / "legacy-airflow-1.10"), "--target-airflow", "3.0.6", "--out", str(folder),
            "--reference-date", "2026-11-22", "--jobs", "1" if run == "a" else "2",
        )  # fmt: skip
        assert code == 0
        outputs.append(tree_bytes(folder))
    assert outputs[0] == outputs[1]


def test_report_lists_requirements_and_fixed_findings(converted: dict[tuple[str, str], Path]) -> None:
    report = json.loads((converted[("legacy-airflow-1.10", "3.0.6")] / "convert-report.json").read_text())
    requirements = {r["distribution"]: r["preinstalled_on_mwaa"] for r in report["requirements"]}
    assert "apache-airflow-providers-ssh" in requirements
    assert "apache-airflow-providers-standard" in requirements
    assert report["fixed_by_code"]["MWAA101"] > 0 and report["fixed_by_code"]["MWAA206"] > 0
    failed = [f for f in report["files"] if f["status"] == "failed"]
    assert [f["path"] for f in failed] == ["dags/legacy/backfill_orders_py2.py"]
    assert report["target_airflow"] == "3.0.6" and report["reference_date"] == "2026-11-22"


def test_template_files_named_by_dags_are_converted_on_3x(converted: dict[tuple[str, str], Path]) -> None:
    sql = (converted[("airflow-2.x", "3.0.6")] / "dags/sql/daily_revenue.sql").read_text()
    assert "{{ logical_date }}" in sql and "execution_date" not in sql
    assert "{{ macros.ds_add(ds, 1) }}" in sql and "tomorrow_ds" not in sql
    untouched = (converted[("airflow-2.x", "2.10.3")] / "dags/sql/daily_revenue.sql").read_bytes()
    assert untouched == (FIXTURES / "airflow-2.x/dags/sql/daily_revenue.sql").read_bytes()
