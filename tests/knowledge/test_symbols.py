"""The symbol tables and their accessor: sizes, shape, chaining across steps, target dependence."""

from __future__ import annotations

import re
import time
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from migrator.knowledge import load, symbols
from migrator.knowledge.symbols import Status, Step, lookup, lookup_module
from migrator.knowledge.versions import TargetVersion, resolve, supported_versions

KNOWLEDGE = Path(symbols.__file__).parent
TABLES = (
    "symbols_1_10_to_2",
    "symbols_2_to_3",
    "symbols_provider_renames",
    "symbols_availability",
    "providers",
)
DOTTED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$")


def v(text: str) -> TargetVersion:
    return resolve(text)


# --------------------------------------------------------------------------- the data files


@pytest.mark.parametrize("name", TABLES)
def test_every_table_names_its_sources(name: str) -> None:
    header = "\n".join(
        line for line in (KNOWLEDGE / f"{name}.toml").read_text().splitlines()[:20] if line.startswith("#")
    )
    assert "source" in header
    assert re.search(r"\.whl|commit [0-9a-f]{40}", header), "a source pinned to a version or commit"


@pytest.mark.parametrize("name", TABLES)
def test_tables_have_no_duplicate_keys(name: str) -> None:
    # tomllib rejects duplicate keys inside one table; also guard against the same key in two sections
    text = (KNOWLEDGE / f"{name}.toml").read_text()
    tomllib.loads(text)
    section = ""
    seen: Counter[tuple[str, str]] = Counter()
    for line in text.splitlines():
        if line.startswith("["):
            section = line
        elif line.startswith('"'):
            seen[(section, line.split('" =', 1)[0])] += 1
    assert [key for key, count in seen.items() if count > 1] == []


def test_table_sizes_are_plausible() -> None:
    sizes = symbols.table_sizes()
    # upgrade-check has ~414 pairs and the 2.x shims ~713 names; ruff's five groups ~350 names
    assert sizes["symbols_1_10_to_2"] >= 800
    assert sizes["symbols_2_to_3"] >= 340
    assert sizes["symbols_provider_renames"] >= 100
    assert sizes["providers"] >= 100
    assert sizes["symbols_availability"] >= 1400


def test_every_ruff_group_is_transcribed() -> None:
    rows = load("symbols_2_to_3")["symbols"]
    per_code = Counter(row["ruff"] for row in rows.values())
    assert per_code["AIR301"] >= 60
    assert per_code["AIR302"] >= 170
    assert per_code["AIR311"] >= 30
    assert per_code["AIR312"] >= 25
    assert per_code["AIR321"] >= 20
    assert {row["kind"] for row in rows.values()} <= {
        "removed",
        "moved",
        "moved_to_provider",
        "suggested",
        "deprecated",
    }
    assert {row["since"] for row in rows.values()} == {"3.0", "3.1"}


def test_every_name_is_a_dotted_path() -> None:
    one = load("symbols_1_10_to_2")
    three = load("symbols_2_to_3")
    renames = load("symbols_provider_renames")
    names = [
        *one["symbols"],
        *(row["new"] for row in one["symbols"].values()),
        *one["modules"],
        *one["modules"].values(),
        *three["symbols"],
        *(row["new"] for row in three["symbols"].values() if "new" in row),
        *renames["renames"],
        *(row["new"] for row in renames["renames"].values()),
    ]
    bad = [name for name in names if not DOTTED.match(name)]
    assert bad == []


def test_provider_rows_name_real_distributions() -> None:
    providers = set(load("providers")["providers"].values())
    for old, row in load("symbols_2_to_3")["symbols"].items():
        if "distribution" in row:
            assert row["distribution"] in providers, old
            assert re.fullmatch(r"\d+(\.\d+)*", row["min_version"]), old
        new = row.get("new", "")
        if new.startswith("airflow.providers.") and "distribution" in row:
            assert symbols.distribution_for(new) == row["distribution"], old


def test_provider_prefixes_follow_the_distribution_name() -> None:
    for prefix, dist in load("providers")["providers"].items():
        assert dist == "apache-airflow-providers-" + prefix.removeprefix("airflow.providers.").replace(
            ".", "-"
        )
    assert symbols.distribution_for("airflow.providers.apache.spark.operators.spark_submit.X") == (
        "apache-airflow-providers-apache-spark"
    )
    assert (
        symbols.distribution_for("airflow.providers.amazon.aws.hooks.s3") == "apache-airflow-providers-amazon"
    )
    assert (
        symbols.distribution_for("airflow.providers.cncf.kubernetes")
        == "apache-airflow-providers-cncf-kubernetes"
    )
    assert symbols.distribution_for("airflow.operators.bash") is None
    assert symbols.provider_for_module("airflow.providers.common.sql.hooks.sql") == (
        "apache-airflow-providers-common-sql"
    )
    assert symbols.is_retired_provider("apache-airflow-providers-qubole")


def test_availability_covers_every_mwaa_version() -> None:
    checked = load("symbols_availability")["checked"]
    assert checked == [t.airflow for t in supported_versions()]


# --------------------------------------------------------------------------- 1.10 -> 2


def test_1_10_module_path_on_2x_is_a_working_shim() -> None:
    change = lookup("airflow.operators.bash_operator.BashOperator", v("2.10.3"))
    assert change is not None
    assert change.new == "airflow.operators.bash.BashOperator"
    assert change.status is Status.DEPRECATED and change.old_still_imports
    assert change.step is Step.AIRFLOW_2 and change.era == "1.10"
    assert change.distribution is None and change.fixable


def test_1_10_path_chains_to_the_airflow_3_name_on_3x() -> None:
    change = lookup("airflow.operators.bash_operator.BashOperator", v("3.0.6"))
    assert change is not None
    assert change.new == "airflow.providers.standard.operators.bash.BashOperator"
    assert change.distribution == "apache-airflow-providers-standard"
    assert change.status is Status.REMOVED


def test_contrib_maps_to_a_provider_and_follows_later_provider_renames() -> None:
    aws = lookup("airflow.contrib.hooks.aws_hook.AwsHook", v("2.7.2"))
    assert aws is not None and aws.new == "airflow.providers.amazon.aws.hooks.base_aws.AwsBaseHook"
    assert aws.distribution == "apache-airflow-providers-amazon"
    # upgrade-check's target (ECSOperator) was removed by amazon 5.x; the provider said EcsRunTaskOperator
    ecs = lookup("airflow.contrib.operators.ecs_operator.ECSOperator", v("2.10.3"))
    assert ecs is not None and ecs.new == "airflow.providers.amazon.aws.operators.ecs.EcsRunTaskOperator"
    assert ecs.drop_in and ecs.status is Status.REMOVED  # no 2.x shim for that spelling
    # not a drop-in: BigQueryInsertJobOperator takes a job configuration
    bq = lookup("airflow.contrib.operators.bigquery_operator.BigQueryOperator", v("2.10.3"))
    assert bq is not None and not bq.drop_in and not bq.fixable
    assert "BigQueryExecuteQueryOperator" in bq.message


def test_unknown_contrib_names_are_removed_without_replacement() -> None:
    change = lookup("airflow.contrib.operators.no_such_operator.Thing", v("2.10.3"))
    assert change is not None and change.new is None and change.status is Status.REMOVED
    assert not change.fixable


def test_1_10_package_level_aliases_and_conf() -> None:
    alias = lookup("airflow.operators.PythonOperator", v("2.10.3"))
    assert alias is not None and alias.new == "airflow.operators.python.PythonOperator"
    assert alias.status is Status.REMOVED
    conf = lookup("airflow.conf", v("2.7.2"))
    assert conf is not None and conf.new == "airflow.configuration.conf" and conf.status is Status.REMOVED


def test_module_lookups() -> None:
    shim = lookup_module("airflow.contrib.hooks.aws_hook", v("2.10.3"))
    assert shim is not None and shim.new == "airflow.providers.amazon.aws.hooks.base_aws"
    assert shim.status is Status.DEPRECATED
    gone = lookup_module("airflow.operators.bash_operator", v("3.0.6"))
    assert gone is not None and gone.new == "airflow.providers.standard.operators.bash"
    assert gone.status is Status.REMOVED
    assert lookup_module("airflow.operators.bash", v("2.10.3")) is None
    assert lookup_module("airflow", v("3.0.6")) is None
    assert lookup_module("airflow.models", v("3.0.6")) is None


# --------------------------------------------------------------------------- 2 -> 3


def test_2_to_3_changes_only_apply_to_3x_targets() -> None:
    for version in ("2.7.2", "2.10.3", "2.11.2"):
        assert lookup("airflow.utils.dates.days_ago", v(version)) is None
        assert lookup("airflow.operators.python.PythonOperator", v(version)) is None
        assert lookup("airflow.DAG", v(version)) is None


def test_removed_moved_deprecated_and_suggested_on_3x() -> None:
    removed = lookup("airflow.utils.dates.days_ago", v("3.0.6"))
    assert removed is not None and removed.new is None and removed.status is Status.REMOVED
    assert "pendulum" in removed.message
    moved = lookup("airflow.executors.celery_executor.CeleryExecutor", v("3.0.6"))
    assert moved is not None and moved.status is Status.REMOVED
    assert moved.distribution == "apache-airflow-providers-celery" and moved.min_version == "3.3.0"
    deprecated = lookup("airflow.operators.python.PythonOperator", v("3.0.6"))
    assert deprecated is not None and deprecated.status is Status.DEPRECATED and not deprecated.suggestion
    assert deprecated.new == "airflow.providers.standard.operators.python.PythonOperator"
    suggested = lookup("airflow.DAG", v("3.0.6"))
    assert suggested is not None and suggested.new == "airflow.sdk.DAG" and suggested.suggestion


def test_since_3_1_moves_skip_3_0_targets() -> None:
    assert lookup("airflow.hooks.base.BaseHook", v("3.0.6")) is None
    change = lookup("airflow.hooks.base.BaseHook", v("3.2.1"))
    assert change is not None and change.new == "airflow.sdk.BaseHook" and change.since == "3.1"


def test_chains_through_several_airflow_3_steps() -> None:
    # base_hook -> hooks.base (3.0) -> airflow.sdk (3.1)
    on_30 = lookup("airflow.hooks.base_hook.BaseHook", v("3.0.6"))
    on_33 = lookup("airflow.hooks.base_hook.BaseHook", v("3.3.1"))
    assert on_30 is not None and on_30.new == "airflow.hooks.base.BaseHook"
    assert on_33 is not None and on_33.new == "airflow.sdk.BaseHook"


def test_availability_read_from_the_wheels_beats_the_static_kind() -> None:
    # ruff calls airflow.datasets.Dataset a suggested update; Airflow 3.2 removed the module
    on_30 = lookup("airflow.datasets.Dataset", v("3.0.6"))
    on_32 = lookup("airflow.datasets.Dataset", v("3.2.1"))
    assert on_30 is not None and on_30.status is Status.DEPRECATED
    assert on_32 is not None and on_32.status is Status.REMOVED
    assert on_32.new == "airflow.sdk.Asset" and on_32.renamed
    # ruff's AIR302 says moved; Airflow 3.0 keeps a shim to the smtp provider
    email = lookup("airflow.operators.email.EmailOperator", v("3.0.6"))
    assert email is not None and email.status is Status.DEPRECATED


def test_ruff_typo_is_corrected() -> None:
    change = lookup("airflow.sensors.bash.BashSensor", v("3.0.6"))
    assert change is not None and change.new == "airflow.providers.standard.sensors.bash.BashSensor"


def test_renames() -> None:
    dummy = lookup("airflow.operators.dummy.DummyOperator", v("2.10.3"))
    assert dummy is not None and dummy.new == "airflow.operators.empty.EmptyOperator" and dummy.renamed
    http = lookup("airflow.providers.http.operators.http.SimpleHttpOperator", v("3.0.6"))
    assert http is not None and http.new == "airflow.providers.http.operators.http.HttpOperator"
    assert http.status is Status.PROVIDER_REMOVED and http.step is Step.PROVIDER and http.drop_in
    legacy_http = lookup("airflow.operators.http_operator.SimpleHttpOperator", v("3.0.6"))
    assert legacy_http is not None and legacy_http.new == "airflow.providers.http.operators.http.HttpOperator"


def test_unchanged_names_need_nothing() -> None:
    for name in (
        "airflow.providers.standard.operators.bash.BashOperator",
        "airflow.sdk.DAG",
        "airflow.models.baseoperator.BaseOperator",
        "airflow.utils.task_group.TaskGroup",
        "os.path.join",
    ):
        assert lookup(name, v("3.0.6")) is None, name
    assert lookup("airflow.operators.bash.BashOperator", v("2.10.3")) is None


def test_data_is_machine_readable() -> None:
    change = lookup("airflow.operators.bash_operator.BashOperator", v("3.0.6"))
    assert change is not None
    data = dict(change.data())
    assert data["old"] == "airflow.operators.bash_operator.BashOperator"
    assert data["new"] == "airflow.providers.standard.operators.bash.BashOperator"
    assert data["distribution"] == "apache-airflow-providers-standard"
    assert data["status"] == "removed" and data["kind"] == "moved_to_provider"


def test_newer_targets_than_the_checked_wheels_are_judged_like_the_newest() -> None:
    from dataclasses import replace

    future = replace(v("3.3.1"), airflow="3.9.0")
    assert lookup("airflow.datasets.Dataset", future) == replace(
        lookup("airflow.datasets.Dataset", v("3.3.1"))
    )


def test_core_replacements_import_on_every_2x_target() -> None:
    """Every 1.10 name mapped to an Airflow-core name: that name imports on every MWAA 2.x version
    (read from each version's wheel)."""
    for target in supported_versions():
        if target.major != 2:
            continue
        for old in load("symbols_1_10_to_2")["symbols"]:
            change = lookup(old, target)
            if change and change.new and change.new.startswith("airflow.") and not change.distribution:
                assert change.new_verified, (target.airflow, old, change.new)


def test_few_core_replacements_are_unverified_on_3x() -> None:
    """On 3.x the chain ends in a core name that no longer imports only for incidental names (a
    module's `Popen` import, `WeekDay`), which no table moves; those are flagged, not claimed."""
    for target in supported_versions():
        if target.major < 3:
            continue
        unverified = []
        for old in load("symbols_1_10_to_2")["symbols"]:
            change = lookup(old, target)
            core = change and change.new and change.new.startswith("airflow.") and not change.distribution
            if core and change and not change.new_verified:
                unverified.append(old)
                assert not change.fixable
        assert len(unverified) <= 10, unverified
    subdag = lookup("airflow.operators.subdag_operator.SubDagOperator", v("3.0.6"))
    assert subdag is not None and subdag.new is None and "subdag" in subdag.message


def test_lookups_are_fast() -> None:
    names = list(load("symbols_1_10_to_2")["symbols"]) + list(load("symbols_2_to_3")["symbols"])
    targets = supported_versions()
    start = time.perf_counter()
    for target in targets:
        for name in names:
            lookup(name, target)
    first = time.perf_counter() - start
    start = time.perf_counter()
    for target in targets:
        for name in names:
            lookup(name, target)
    again = time.perf_counter() - start
    # ~12k distinct lookups: well under a second cold, a few ms warm
    assert first < 2.0 and again < 0.1, (first, again)
