"""The assess engine's entry point: findings and line counts per crontab-like file."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from migrator.cron.assess import assess_crontab
from migrator.engine import analyse
from migrator.knowledge.versions import resolve
from tests.cron.conftest import DATA, FIXTURES


def codes(findings: list) -> set[str]:  # type: ignore[type-arg]
    return {f.code for f in findings}


def test_counts_and_whole_file_finding() -> None:
    text = (FIXTURES / "legacy-airflow-1.10/crontabs/etl.crontab").read_text()
    findings, counts = assess_crontab("fixtures/legacy-airflow-1.10/crontabs/etl.crontab", text, "crontab")
    assert counts == {"job": 13, "env": 4, "comment": 29, "blank": 14, "invalid": 2}
    found = next(f for f in findings if f.code == "MWAA901")
    assert found.location.line == 0 and "13 job(s)" in found.message
    assert all(f.family.value == "cron" for f in findings)
    assert findings == sorted(findings, key=lambda f: f.sort_key())


def test_flavor_changes_the_verdict() -> None:
    text = "0 10 * * sat-sun /opt/weekend.sh\nCRON_TZ=Europe/Paris\n0 9 * * * /opt/paris.sh\n"
    debian, _ = assess_crontab("crontabs/x.crontab", text, "crontab")
    cronie, _ = assess_crontab("crontabs/x.crontab", text, "crontab", flavor="cronie")
    assert "MWAA907" in codes(debian) and "MWAA907" not in codes(cronie)
    debian_tz = next(f for f in debian if f.code == "MWAA916")
    cronie_tz = next(f for f in cronie if f.code == "MWAA916")
    assert "ignores CRON_TZ" in debian_tz.message and "Europe/Paris" in cronie_tz.message


def test_other_kinds() -> None:
    _, counts = assess_crontab(
        "etc/anacrontab", (FIXTURES / "airflow-2.x/etc/anacrontab").read_text(), "anacrontab"
    )
    assert counts["job"] == 3 and counts["env"] == 3
    findings, counts = assess_crontab("etc/cron.weekly/backup", "#!/bin/sh\n", "run-parts-script")
    assert counts == {"job": 1, "env": 0, "comment": 0, "blank": 0, "invalid": 0}
    assert any("47 6 * * 7" in f.message for f in findings if f.code == "MWAA924")
    findings, _ = assess_crontab("etc/cron.weekly/backup", "#!/bin/sh\n", "run-parts-script", flavor="cronie")
    assert any("26 3 * * 0" in f.message for f in findings if f.code == "MWAA924")


def test_engine_runs_it_for_every_crontab(tmp_path: Path) -> None:
    (tmp_path / "crontabs").mkdir()
    (tmp_path / "crontabs" / "cronie.crontab").write_text((DATA / "cronie-host.crontab").read_text())
    deployment = analyse([tmp_path], resolve("3.0.6"), cache=None, jobs=1, cwd=tmp_path)
    result = next(r for r in deployment.files if r.display.endswith("cronie.crontab"))
    assert result.counts["job"] == 11 and "MWAA901" in codes(result.findings)


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789*/-,~#@%\\\"' \t\nabcdefhlmnorstuwyACDFJMNORSTW=$?LH\r")),
        max_size=300,
    )
)
def test_garbage_is_findings_never_a_traceback(text: str) -> None:
    for kind in ("crontab", "anacrontab"):
        for flavor in ("debian", "cronie", "vixie"):
            findings, counts = assess_crontab("etc/cron.d/fuzz", text, kind, flavor=flavor)
            assert sum(counts.values()) >= 0
            assert not any("could not be analysed" in f.message for f in findings), text


def test_random_lines_from_real_fields() -> None:
    rng = random.Random(7)
    pieces = ["*", "*/5", "1-5", "mon-fri", "jan", "7", "0", "23-1", "5#3", "?", "L", "1,15", "6~15", "$"]
    for _ in range(300):
        line = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 7))) + " /bin/true\n"
        for flavor in ("debian", "cronie", "vixie"):
            findings, _ = assess_crontab("crontabs/r.crontab", line, "crontab", flavor=flavor)
            assert not any("could not be analysed" in f.message for f in findings), (line, flavor)
