from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.airflow_cfg import AirflowConfig
from migrator.knowledge import airflow_config
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

    Options that MWAA forces or that describe the old host are dropped anyway and not reported here.
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
        Example("[webserver]\nsecret_key = abc\nweb_server_port = 8081\n", filename="airflow.cfg", target="3.3.1",
                note="renamed, but forced / host-specific on MWAA: not carried over"),
        Example("[scheduler]\nmax_threads = 4\n", expect_lines=(2,), filename="airflow.cfg", target="3.2.1",
                note="1.10 name -> scheduler.parsing_processes (2.x) -> dag_processor.parsing_processes (3.x)"),
        Example("[webserver]\npage_size = 50\n", expect_lines=(2,), filename="airflow.cfg", target="3.3.1"),
    )

    def check_config(self, config: AirflowConfig) -> Iterator[Finding]:
        target = target_of(config)
        if target.major < 3:
            return
        for item in carry_over_config(config):
            entry = item.entry
            if item.fate == Fate.REMOVED_IN_AIRFLOW3:
                message = f"{entry.dotted} was removed in Airflow 3"
                if item.detail:
                    message += f": {item.detail.rstrip('.')}"
                yield self.finding(config.location(entry), message, fixable=True,
                                   data=(("option", item.option), ("change", "removed")))  # fmt: skip
            elif item.fate == Fate.MOVE and item.renames_in_airflow3:
                yield self.finding(
                    config.location(entry),
                    f"{entry.dotted} is {item.option} in Airflow 3",
                    remedy="bundle writes the Airflow 3 name into airflow_configuration_options.json.",
                    severity=Severity.INFO,
                    data=(("option", item.option), ("change", "renamed")),
                )
            if item.fate in {Fate.MOVE, Fate.DEFAULT}:
                invalid = airflow_config.airflow3_invalid_value(item.option, item.value, target)
                if invalid is not None:
                    yield self.finding(
                        config.location(entry),
                        f"{entry.dotted} = {entry.shown_value} is no longer valid in Airflow 3",
                        remedy=invalid.suggestion or self.remedy,
                        fixable=False,
                        data=(("option", item.option), ("change", "invalid-value")),
                    )
