"""Lines and files read by the daemon's load_env()/load_entry() rules (cron-facts §1.1-1.3, §1.6-1.7)."""

from __future__ import annotations

import pytest

from migrator.cron.command import split_percent
from migrator.cron.crontab import is_system_path, owner_from_path, parse_crontab
from migrator.cron.lines import parse_env
from tests.cron.conftest import DATA


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        ("MAILTO=ops@example.com", "MAILTO", "ops@example.com"),
        ("MAILTO = ops@example.com   ", "MAILTO", "ops@example.com"),  # spaces around = and trailing blanks
        ('MAILTO=""', "MAILTO", ""),
        ("A='  padded  '", "A", "  padded  "),
        ('"QUOTED NAME"=1', "QUOTED NAME", "1"),
        ("MAILTO=a@b # team", "MAILTO", "a@b # team"),  # no trailing comments
        ("PATH=$HOME/bin:$PATH", "PATH", "$HOME/bin:$PATH"),  # no substitution
    ],
)
def test_environment_lines(text: str, name: str, value: str) -> None:
    env = parse_env(text)
    assert env is not None and (env.name, env.value) == (name, value)


@pytest.mark.parametrize(
    "text", ["MAILTO=", "0 2 * * * cmd=1", "A='x' y", "@daily FOO=1 cmd", '"A=B"=1', "A B=1"]
)
def test_not_environment_lines(text: str) -> None:
    assert parse_env(text) is None


def test_user_and_system_format_by_location() -> None:
    assert is_system_path("etc/crontab") and is_system_path("/etc/cron.d/backup")
    assert is_system_path("fixtures/x/etc/cron.d/warehouse")
    assert not is_system_path("crontabs/etl.crontab") and not is_system_path("crontab")
    assert owner_from_path("var/spool/cron/crontabs/etl") == "etl"
    assert owner_from_path("crontabs/etl.crontab") == "etl"


def test_user_field_only_in_system_format() -> None:
    line = "0 2 * * * python /opt/etl.py\n"
    user = parse_crontab("crontabs/etl.crontab", line).entries[0]
    system = parse_crontab("etc/cron.d/etl", line).entries[0]
    assert (user.user, user.job.command) == ("etl", "python /opt/etl.py")  # not user=python (Orbiter's bug)
    assert (system.user, system.job.command) == ("python", "/opt/etl.py")


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("0 2 * * *\n", "bad command"),
        ("0 2 * *\n", "bad day-of-week"),
        ("0 0 * * * * /x\n", "sixth time field"),
        ("@Daily /x\n", "bad time specifier"),
        ("@every_5m /x\n", "bad time specifier"),
        ("@daily\n", "bad command"),
    ],
)
def test_rejected_lines(line: str, error: str) -> None:
    crontab = parse_crontab("crontabs/etl.crontab", line)
    assert crontab.lines[0].kind == "invalid" and error in crontab.lines[0].error
    assert not crontab.entries


def test_keywords_set_the_daemon_flags() -> None:
    crontab = parse_crontab(
        "crontabs/x.crontab",
        "@hourly a\n@weekly b\n@monthly c\n@daily d\n@reboot e\n@midnight f\n@annually g\n",
    )
    hourly, weekly, monthly, daily, reboot, midnight, annually = crontab.entries
    assert hourly.spec is not None and hourly.spec.wildcard and hourly.spec.minutes == (0,)
    assert weekly.spec is not None and weekly.spec.day_and and weekly.spec.days_of_week == (0,)
    assert monthly.spec is not None and monthly.spec.day_and and monthly.spec.days_of_month == (1,)
    assert daily.spec is not None and not daily.spec.wildcard
    assert reboot.job.is_reboot and reboot.spec is None
    assert midnight.spec == daily.spec
    assert annually.spec is not None and annually.spec.months == (1,)


def test_missing_final_newline_drops_the_last_line() -> None:
    crontab = parse_crontab("crontabs/x.crontab", "0 1 * * * a\n0 2 * * * b")
    assert [line.kind for line in crontab.lines] == ["job", "invalid"]
    assert crontab.lines[1].no_newline and len(crontab.entries) == 1
    assert parse_crontab("crontabs/x.crontab", "0 1 * * * a\n# done").lines[1].kind == "comment"
    assert parse_crontab("crontabs/x.crontab", "0 1 * * * a\nA=1").lines[1].kind == "invalid"  # settings too


def test_settings_apply_to_the_lines_below() -> None:
    crontab = parse_crontab(
        "crontabs/x.crontab", '0 1 * * * a\nMAILTO=x@y\n0 2 * * * b\nMAILTO=""\n0 3 * * * c\n'
    )
    first, second, third = crontab.entries
    assert "MAILTO" not in first.env() and second.env()["MAILTO"] == "x@y" and third.env()["MAILTO"] == ""


def test_cron_tz_only_on_cronie() -> None:
    text = "CRON_TZ=Europe/Paris\n0 9 * * * a\nCRON_TZ=Mars/Olympus\n0 9 * * * b\n"
    debian = parse_crontab("crontabs/x.crontab", text, "debian")
    cronie = parse_crontab("crontabs/x.crontab", text, "cronie", host_zone="Australia/Sydney")
    assert debian.entries[0].cron_tz == "" and debian.entries[0].ignored_setting_names == ("CRON_TZ",)
    assert cronie.entries[0].cron_tz == "Europe/Paris"
    spec = cronie.entries[0].spec
    assert spec is not None and spec.zone_local and spec.daemon_zone == "Australia/Sydney"
    assert "not an IANA" in cronie.entries[1].cron_tz_error


def test_cronie_options() -> None:
    crontab = parse_crontab("crontabs/x.crontab", "0 6 * * 1-5 -n /opt/quiet.sh\n0 6 * * * -x /y\n", "cronie")
    assert crontab.entries[0].job.options == ("n",) and crontab.entries[0].job.command == "/opt/quiet.sh"
    assert crontab.lines[1].kind == "invalid"
    # Debian has no options: "-n" is part of the command.
    assert parse_crontab("crontabs/x.crontab", "0 6 * * * -n /q\n").entries[0].job.command == "-n /q"


@pytest.mark.parametrize(
    ("raw", "command", "stdin", "debian_command"),
    [
        # cron-facts §1.7, observed with cronie crond
        ("cat > f %Joe,%%Where are your kids?%", "cat > f ", "Joe,\n\nWhere are your kids?\n", None),
        ('echo "a\\%b c\\d"', 'echo "a%b c\\d"', None, None),
        ("od -c %a\\%b%c\\\\d", "od -c ", "a%b\nc\\\\d\n", None),
        ("date +%s", "date +", "s\n", None),
        ("echo end%", "echo end", None, None),  # nothing after the %: no stdin
        ("echo a\\\\b", "echo a\\\\b", None, "echo a\\b"),  # Debian also collapses \\ in the command
        ("printf x\\\\%y", "printf x\\\\", "y\n", "printf x\\"),
    ],
)
def test_percent_rule(raw: str, command: str, stdin: str | None, debian_command: str | None) -> None:
    cronie = split_percent(raw, collapse_backslashes=False)
    debian = split_percent(raw, collapse_backslashes=True)
    assert (cronie.command, cronie.stdin) == (command, stdin)
    assert debian.command == (debian_command or command) and debian.stdin == stdin


def test_edge_case_file_reads_as_documented() -> None:
    crontab = parse_crontab("crontabs/edge.crontab", (DATA / "debian-edge-cases.crontab").read_text())
    counts = crontab.counts()
    assert counts["invalid"] == 0 and counts["job"] == 15
    env = crontab.entries[0].env()
    assert env == {"MAILTO": "ops@example.com", "NAME_WITH_SPACES": "  padded  ", "EMPTY": ""}
    by_command = {e.split.command: e for e in crontab.entries}
    assert by_command["echo every-day"].spec is not None
    kids = by_command["cat > /tmp/kids "]
    assert kids.split.stdin == "Joe,\n\nWhere are your kids?\n"
