from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.airflow_cfg import AirflowConfig
from migrator.knowledge import airflow_config
from migrator.knowledge.airflow_config import ChangeKind
from migrator.rules.base import ConfigRule, Example
from migrator.rules.config.carry_over import Fate, carry_over_config, target_of


class Airflow3ConfigChange(ConfigRule):
    """For an Airflow 3 target: the option was renamed or removed in Airflow 3, or holds a value
    Airflow 3 no longer accepts. This is what `airflow config lint` reports, from the same table
    (Airflow's `CONFIGS_CHANGES`), applied to the options you would carry over.

    * renamed (e.g. `scheduler.dag_dir_list_interval` -> `dag_processor.refresh_interval`,
      `webserver.web_server_port` -> `api.port`): `bundle` writes the new key (fixable, info);
    * removed (e.g. `core.check_slas`, `smtp.smtp_password`): the setting has no effect on Airflow 3;
      Airflow's suggestion is quoted (warning);
    * invalid value (e.g. `core.parallelism = 0`, meaning "unlimited" in Airflow 2): warning.

    Like `airflow config lint`, every option is checked, also those MWAA forces or that describe the
    old host (they are dropped anyway; the finding then only says the name is gone).
    """

    code = "MWAA608"
    name = "airflow3-config-change"
    title = "Option renamed or removed in Airflow 3"
    family = Family.CONFIG
    severity = Severity.WARNING
    fixable = True
    why = "Airflow 3 renamed or removed many options; an old name set on MWAA is ignored."
    remedy = "Use the Airflow 3 name (bundle does it for renames); drop removed options and use the replacement Airflow suggests."
    sources = (
        "apache/airflow airflow-core/src/airflow/cli/commands/config_command.py CONFIGS_CHANGES "
        "(apache-airflow-core 3.0.6, 3.2.1, 3.3.1)",
    )
    examples = (
        Example("[scheduler]\ndag_dir_list_interval = 60\n", expect_lines=(2,), filename="airflow.cfg", target="3.0.6"),
        Example("[scheduler]\ndag_dir_list_interval = 60\n", filename="airflow.cfg", target="2.11.2"),
        Example("[core]\ncheck_slas = False\n", expect_lines=(2,), filename="airflow.cfg", target="3.3.1"),
        Example("[core]\nparallelism = 0\n", expect_lines=(2,), filename="airflow.cfg", target="3.3.1"),
        Example("[webserver]\nsecret_key = abc\nweb_server_port = 8081\n", expect_lines=(2, 3), filename="airflow.cfg",
                target="3.3.1", note="renamed; forced / host-specific on MWAA, so not carried over either"),
        Example("[core]\ndag_concurrency = 32\nsql_alchemy_conn = sqlite:////tmp/airflow.db\n", expect_lines=(2, 3),
                filename="airflow.cfg", target="3.0.6", note="Airflow 2 names Airflow 3 no longer maps"),
        Example("[core]\nmax_active_tasks_per_dag = 32\n", filename="airflow.cfg", target="3.3.1"),
        Example("[scheduler]\nmax_threads = 4\n", expect_lines=(2,), filename="airflow.cfg", target="3.2.1",
                note="1.10 name -> scheduler.parsing_processes (2.x) -> dag_processor.parsing_processes (3.x)"),
        Example("[webserver]\npage_size = 100\n", expect_lines=(2,), filename="airflow.cfg", target="3.3.1"),
    )

    def check_config(self, config: AirflowConfig) -> Iterator[Finding]:
        target = target_of(config)
        if target.major < 3:
            return
        for item in carry_over_config(config):
            entry = item.entry
            changes = item.renames_in_airflow3
            if changes and changes[-1].kind != ChangeKind.RENAMED:
                message = f"{entry.dotted} was removed in Airflow 3"
                if changes[-1].suggestion:
                    message += f": {changes[-1].suggestion.rstrip('.')}"
                yield self.finding(config.location(entry), message, data=(("option", item.option), ("change", "removed")))
            elif changes:
                carried = item.fate == Fate.MOVE
                yield self.finding(
                    config.location(entry),
                    f"{entry.dotted} is {item.option} in Airflow 3"
                    + ("" if carried else " (MWAA does not take it over anyway)"),
                    remedy="bundle writes the Airflow 3 name into airflow_configuration_options.json."
                    if carried else "Nothing to carry over; use the new name wherever you still set it.",
                    severity=Severity.INFO,
                    data=(("option", item.option), ("change", "renamed")),
                )
            if item.fate in {Fate.MOVE, Fate.DEFAULT}:
                invalid = airflow_config.airflow3_invalid_value(item.option, item.value, target)
                if invalid is not None:
                    yield self.finding(
                        config.location(entry),
                        f"{entry.dotted} = {item.shown_value} is no longer valid in Airflow 3",
                        remedy=invalid.suggestion or self.remedy,
                        fixable=False,
                        data=(("option", item.option), ("change", "invalid-value")),
                    )
