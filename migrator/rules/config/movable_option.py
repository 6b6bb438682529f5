from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.airflow_cfg import AirflowConfig
from migrator.knowledge import mwaa_config
from migrator.rules.base import ConfigRule, Example
from migrator.rules.config.carry_over import Fate, carry_over_config, target_of


class MovableOption(ConfigRule):
    """An option you changed from Airflow's default, which MWAA lets you keep: it goes into the
    environment's `AirflowConfigurationOptions` as `"section.key": "value"`, and MWAA turns it into
    `AIRFLOW__SECTION__KEY` in every container.

    Only options that carry a meaning are reported: values equal to Airflow's default (or to MWAA's
    own image default, where it sets one) are left alone, as are options MWAA forces or reserves,
    options that describe the old host, and options the MWAA API would reject. For Airflow 3 targets
    the key is the option's Airflow 3 name (MWAA608 reports the rename). `%%` in airflow.cfg becomes
    `%`, as Airflow reads it. Values of sensitive options are never shown; keep them out of files you
    commit (a connection in Secrets Manager is the better home for credentials).
    """

    code = "MWAA604"
    name = "movable-option"
    title = "Option to carry over as an MWAA configuration option"
    family = Family.CONFIG
    severity = Severity.INFO
    fixable = True
    why = "MWAA has no airflow.cfg: options only reach Airflow through the environment's configuration options."
    remedy = "bundle writes it to airflow_configuration_options.json; set that map on the environment (console, API or IaC)."
    sources = (
        "MWAA User Guide: configuring-env-variables",
        "botocore mwaa service-2.json: AirflowConfigurationOptions, ConfigKey, ConfigValue",
    )
    examples = (
        Example("[core]\nparallelism = 64\ndefault_task_retries = 0\n", expect_lines=(2,), filename="airflow.cfg",
                note="0 is Airflow's default retries"),
        Example("AIRFLOW__CORE__DEFAULT_TASK_RETRIES=2\n", expect_lines=(1,), filename="airflow.env"),
        Example("[scheduler]\nmin_file_process_interval = 60\ncatchup_by_default = False\n", expect_lines=(2, 3),
                filename="airflow.cfg", target="2.11.2"),
        Example("[scheduler]\nmin_file_process_interval = 60\ncatchup_by_default = False\n", expect_lines=(2,),
                filename="airflow.cfg", target="3.3.1", note="False is Airflow 3's default"),
        Example("[scheduler]\nschedule_after_task_execution = False\n", filename="airflow.cfg", target="2.11.2",
                note="MWAA's image sets False already"),
        Example("[my_team]\nalert_channel = #data-alerts\n", expect_lines=(2,), filename="airflow.cfg",
                note="custom sections are allowed as configuration options"),
        Example("[core]\ndags_folder = /opt/airflow/dags\nexecutor = CeleryExecutor\n", filename="airflow.cfg"),
    )

    def check_config(self, config: AirflowConfig) -> Iterator[Finding]:
        target = target_of(config)
        documented = mwaa_config.documented_options(target)
        opinionated = mwaa_config.opinionated_defaults(target)
        for item in carry_over_config(config):
            if item.fate != Fate.MOVE:
                continue
            entry = item.entry
            shown = item.shown_value
            message = f'{entry.dotted} can move to MWAA as "{item.mwaa_key}": "{shown}"'
            notes = []
            if item.option in documented and documented[item.option].note:
                notes.append(documented[item.option].note)
            if item.option in opinionated:
                notes.append(f"replaces MWAA's default {opinionated[item.option].value}")
                if opinionated[item.option].note:
                    notes.append(opinionated[item.option].note)
            if item.sensitive:
                notes.append("the value is sensitive: prefer a connection in Secrets Manager to a file")
            if notes:
                message += f" ({'; '.join(notes)})"
            yield self.finding(
                config.location(entry),
                message,
                data=(("mwaa_key", item.mwaa_key), ("sensitive", str(item.sensitive).lower())),
            )
