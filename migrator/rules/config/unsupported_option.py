from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.airflow_cfg import AirflowConfig
from migrator.rules.base import ConfigRule, Example
from migrator.rules.config.carry_over import Fate, carry_over_config


class UnsupportedOption(ConfigRule):
    """The option is one MWAA documents as unsupported, and it is switched on.

    * `core.multi_team = True` (Airflow 3.2+): multi-team deployments conflict with MWAA's IAM
      authentication, its CeleryExecutor and environment-level secrets;
    * `triggerer.queues_enabled = True` (Airflow 3.2+): MWAA runs its triggerers without `--queues`,
      so deferred tasks assigned to a trigger queue would hang forever.

    Neither can be set through the console or the API, and the image forces both to False. A
    deployment that relies on them has to be restructured (one environment per team; no trigger
    queues) before it can move.
    """

    code = "MWAA606"
    name = "unsupported-option"
    title = "Option MWAA documents as unsupported"
    family = Family.CONFIG
    severity = Severity.BLOCKER
    why = "MWAA rejects the option and forces it off; what relied on it will not work."
    remedy = "Restructure without it: one MWAA environment per team instead of multi-team; no triggerer queues."
    sources = ("MWAA User Guide: configuring-env-variables, section Unsupported configurations (19 May 2026)",)
    examples = (
        Example("[core]\nmulti_team = True\n", expect_lines=(2,), filename="airflow.cfg", target="3.3.1"),
        Example("AIRFLOW__TRIGGERER__QUEUES_ENABLED=true\n", expect_lines=(1,), filename="airflow.env", target="3.2.1"),
        Example("[core]\nmulti_team = False\n[triggerer]\nqueues_enabled = False\n", filename="airflow.cfg", target="3.3.1"),
        Example("[core]\nmulti_team = True\n", filename="airflow.cfg", target="2.11.2",
                note="the option does not exist before Airflow 3.2"),
    )

    def check_config(self, config: AirflowConfig) -> Iterator[Finding]:
        for item in carry_over_config(config):
            if item.fate != Fate.UNSUPPORTED or item.unsupported is None:
                continue
            yield self.finding(
                config.location(item.entry),
                f"{item.entry.dotted} = {item.shown_value} is unsupported on MWAA: {item.unsupported.why}",
                data=(("option", item.unsupported.option),),
            )
